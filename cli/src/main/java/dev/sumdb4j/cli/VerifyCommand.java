package dev.sumdb4j.cli;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.cli.commands.GithubAnnotations;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.client.CorruptCacheException;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sumdb4j verify}: checks every line of go.sum files against the checksum database. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every line of each GO_SUM file against the checksum database and prints one verdict"
          + " per line: FILE:LINE: ok|mismatch|not-found|skipped|error PATH VERSION ...",
      "Records are authenticated (signed tree, inclusion proof, consistency with every tree seen"
          + " before, kept in $GOPATH/pkg/sumdb/<name>/latest) before any verdict is given.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every go.sum line verified (or was skipped by GONOSUMDB/GOPRIVATE)",
      "1:a go.sum line mismatched the database or is not in it",
      "2:usage error or malformed input",
      "3:SECURITY: data failed authentication or the log's history is inconsistent",
      "4:unavailable: network or I/O failure, or data missing offline",
    })
final class VerifyCommand implements Callable<Integer> {
  /** The default request timeout, in seconds. */
  static final int DEFAULT_TIMEOUT_SECONDS = 30;

  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Parameters(paramLabel = "GO_SUM", description = "go.sum files (default: ./go.sum)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--offline", description = "use only the local cache (GOMODCACHE and GOPATH), no network")
  boolean offline;

  @Option(names = "--json", description = "print one JSON document (format version 1) instead of text")
  boolean json;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or github: also print GitHub Actions ::error annotations for failing lines")
  String format;

  @Option(names = "--gosumdb", paramLabel = "VALUE",
      description = "the database, as GOSUMDB: a name, a verifier key, either followed by a URL"
          + " (overrides the GOSUMDB environment variable)")
  String gosumdb;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
      description = "timeout of each HTTP request in seconds (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--evidence-out", paramLabel = "FILE", defaultValue = "sumdb4j-evidence.json",
      description = "where to write the JSON evidence if the database is caught signing"
          + " inconsistent trees (default: ${DEFAULT-VALUE})")
  Path evidenceOut;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("github")) {
      throw new UserInputException("--format must be text or github, got " + format);
    }
    if (timeoutSeconds < 1) {
      throw new UserInputException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    SumdbConfig config = config();
    if (config.off()) {
      throw new UserInputException("checksum database disabled by GOSUMDB=off: nothing to verify against");
    }
    List<GoSumFile> goSums = readGoSums();
    SumdbConfig.Database database = config.requireDatabase();
    VerifierKey key = database.verifier();
    SumdbClient.Builder builder = SumdbClient.builder().verifierKey(key).store(DiskStore.of(config));
    if (!offline) {
      HttpFetcher fetcher = HttpFetcher.builder()
          .baseUri(database.url().orElse(database.directUrl()))
          .requestTimeout(Duration.ofSeconds(timeoutSeconds))
          .connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10)))
          .build();
      builder.remote(SumdbEndpoint.of(config, fetcher).remote());
    }
    SumdbClient client = builder.build();

    Run run = new Run(config, client);
    List<LineReport> reports = run.verify(goSums);
    SignedTree tree = client.latest();
    List<String> names = goSums.stream().map(GoSumFile::source).toList();
    RunReport report = tree.isEmpty()
        ? new RunReport(database.name(), offline, -1, null, null, names, reports)
        : new RunReport(database.name(), offline, tree.size(), tree.hash().toString(), tree.noteText(), names,
            reports);
    print(report, run);
    return report.exitCode();
  }

  private SumdbConfig config() throws UserInputException {
    Map<String, String> env = new HashMap<>(main.environment());
    if (gosumdb != null) {
      env.put("GOSUMDB", gosumdb);
    }
    try {
      return SumdbConfig.fromEnvironment(env);
    } catch (MalformedInputException e) {
      throw new UserInputException("invalid configuration", e);
    }
  }

  private List<GoSumFile> readGoSums() throws IOException, MalformedInputException, UserInputException {
    List<Path> paths = files.isEmpty() ? List.of(Path.of("go.sum")) : files;
    List<GoSumFile> out = new ArrayList<>();
    for (Path p : paths) {
      try {
        out.add(GoSumFile.parse(p.toString(), Files.readAllBytes(p)));
      } catch (NoSuchFileException e) {
        throw new UserInputException("no such go.sum file: " + p);
      }
    }
    return out;
  }

  private void print(RunReport report, Run run) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (json) {
      out.println(JsonReport.format(report, new Main.Version().getVersion()[0]));
    } else {
      for (LineReport l : report.lines()) {
        out.println(l.text());
        if (format.equals("github") && l.exitCode() != ExitCodes.OK) {
          out.println(GithubAnnotations.error(l.file(), l.line(), l.text().substring(l.text().indexOf(": ") + 2)));
        }
      }
    }
    out.flush();
    if (run.securityFailure != null) {
      err.println();
      if (run.evidence != null) {
        err.println(run.evidence.securityReport());
        err.println();
        writeEvidence(run.evidence, err);
      } else {
        err.println("SECURITY ERROR");
        err.println(Failures.message(run.securityFailure));
      }
      err.println();
      err.println("The checksum database (or something between it and you) served data that does not"
          + " authenticate; no line it concerns was verified.");
    }
    err.println("sumdb4j: " + report.summary());
    err.flush();
  }

  private void writeEvidence(Evidence evidence, PrintWriter err) {
    try {
      Path parent = evidenceOut.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(evidenceOut, evidence.toJson(), StandardCharsets.UTF_8);
      err.println("evidence written to " + evidenceOut + " (check it with the database's verifier key)");
    } catch (IOException e) {
      err.println("sumdb4j: could not write the evidence to " + evidenceOut + ": " + Failures.message(e));
    }
  }

  /** One verification run: the lookups and the per-line verdicts. */
  private static final class Run {
    private final SumdbConfig config;
    private final SumdbClient client;
    private Exception securityFailure;
    private Evidence evidence;

    Run(SumdbConfig config, SumdbClient client) {
      this.config = config;
      this.client = client;
    }

    List<LineReport> verify(List<GoSumFile> goSums) {
      // Decide which lines need the database, and validate their module versions.
      List<GoSumLine> all = new ArrayList<>();
      Map<GoSumLine, LineReport> early = new HashMap<>();
      Map<GoSumLine, ModuleVersion> modules = new HashMap<>();
      Set<ModuleVersion> wanted = new LinkedHashSet<>();
      for (GoSumFile f : goSums) {
        for (GoSumLine l : f.lines()) {
          all.add(l);
          if (l.isIgnoredByGoCommand()) {
            early.put(l, report(l, Verdict.SKIPPED, null, "the go command ignores this empty go.mod hash",
                ExitCodes.OK));
          } else if (config.skip(l.path())) {
            early.put(l, report(l, Verdict.SKIPPED, null, "matches GONOSUMDB/GOPRIVATE", ExitCodes.OK));
          } else if (!l.algorithm().equals("h1")) {
            early.put(l, report(l, Verdict.ERROR, null, "unknown hash algorithm " + l.algorithm()
                + ": the checksum database records only h1 hashes", ExitCodes.USAGE));
          } else {
            try {
              ModuleVersion mv = ModuleVersion.of(l.path(), l.moduleVersion());
              modules.put(l, mv);
              wanted.add(mv);
            } catch (MalformedInputException e) {
              early.put(l, report(l, Verdict.ERROR, null, Failures.message(e), ExitCodes.USAGE));
            }
          }
        }
      }

      Map<ModuleVersion, Outcome> outcomes = Map.of();
      Exception whole = null;
      if (!wanted.isEmpty()) {
        try {
          outcomes = client.lookupAll(wanted);
        } catch (LogMisbehaviorException e) {
          whole = e;
          securityFailure = e;
          evidence = e.evidence();
        } catch (SumdbException | IOException e) {
          whole = e;
          if (exitCode(e) == ExitCodes.SECURITY) {
            securityFailure = e;
          }
        }
      }

      List<LineReport> out = new ArrayList<>(all.size());
      for (GoSumLine l : all) {
        LineReport r = early.get(l);
        if (r == null) {
          r = whole != null
              ? report(l, Verdict.ERROR, null, "not verified: " + Failures.message(whole), exitCode(whole))
              : verdict(l, outcomes.get(modules.get(l)));
        }
        out.add(r);
      }
      return out;
    }

    private LineReport verdict(GoSumLine l, Outcome o) {
      if (o == null) {
        throw new AssertionError("bad math: no outcome for " + l.path() + "@" + l.moduleVersion());
      }
      if (o.result().isPresent()) {
        LookupResult result = o.result().get();
        List<String> hashes = result.hashes(l.version());
        if (hashes.contains(l.hash())) {
          return report(l, Verdict.OK, l.hash(), null, ExitCodes.OK);
        }
        if (!hashes.isEmpty()) {
          return report(l, Verdict.MISMATCH, hashes.get(0), "checksum mismatch", ExitCodes.FAILED);
        }
        // An authenticated record for this module version without this line: never "ok".
        return report(l, Verdict.ERROR, null, "checksum missing from sumdb response (record "
            + result.recordId() + " has no " + l.version() + " line)", ExitCodes.SECURITY);
      }
      Exception failure = o.failure().orElseThrow();
      if (o.isNotFound()) {
        return report(l, Verdict.NOT_FOUND, null, "not in the checksum database: " + Failures.message(failure),
            ExitCodes.FAILED);
      }
      int code = exitCode(failure);
      if (code == ExitCodes.SECURITY && securityFailure == null) {
        securityFailure = failure;
      }
      return report(l, Verdict.ERROR, null, Failures.message(failure), code);
    }

    /**
     * The exit code of a lookup failure. Our own input was validated before any lookup, so a
     * malformed answer is data from the database that failed authentication.
     */
    private static int exitCode(Exception e) {
      if (e instanceof CorruptCacheException) {
        return ExitCodes.SECURITY; // cached data failed authentication
      }
      if (e instanceof MissingDataException || e instanceof IOException) {
        return ExitCodes.UNAVAILABLE;
      }
      if (e instanceof MalformedInputException || e instanceof VerificationException
          || e instanceof LogMisbehaviorException) {
        return ExitCodes.SECURITY;
      }
      return ExitCodes.forException(e);
    }

    private static LineReport report(GoSumLine l, Verdict v, String dbHash, String message, int code) {
      return new LineReport(l.source(), l.line(), l.path(), l.version(), l.hash(), v, dbHash,
          v == Verdict.MISMATCH ? null : message, code);
    }
  }
}
