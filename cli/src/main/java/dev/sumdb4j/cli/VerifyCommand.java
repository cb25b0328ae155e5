package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.Closer;
import dev.sumdb4j.cli.common.CommandEnvironment;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.GoSumInput;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.cli.commands.DatabaseOptions;
import dev.sumdb4j.cli.commands.Forks;
import dev.sumdb4j.cli.commands.GithubAnnotations;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.tlog.client.CorruptCacheException;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.LineResult;
import dev.sumdb4j.tlog.verify.LineVerdict;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

  // The environment comes from the root (CommandEnvironment), as in every other command: no
  // @ParentCommand, one annotation type fewer for picocli to make a proxy class of at start-up.
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "GO_SUM", description = "go.sum files (default: ./go.sum; - reads standard input)")
  List<Path> files = new ArrayList<>();

  @Mixin DatabaseOptions db;

  @Option(names = "--json", description = "print one JSON document (format version 1) instead of text")
  boolean json;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or github: also print GitHub Actions ::error annotations for failing lines")
  String format;

  @Option(names = "--evidence-out", paramLabel = "FILE", defaultValue = "sumdb4j-evidence.json",
      description = "where to write the JSON evidence if the database is caught signing"
          + " inconsistent trees (default: ${DEFAULT-VALUE})")
  Path evidenceOut;

  @Override
  public Integer call() throws Exception {
    try (Closer open = new Closer()) {
      return call(open);
    }
  }

  private Integer call(Closer open) throws Exception {
    if (!format.equals("text") && !format.equals("github")) {
      throw new UserInputException("--format must be text or github, got " + format);
    }
    DatabaseOptions.Session session = open.add(db.open(CommandEnvironment.of(spec.root().userObject())));
    SumdbConfig config = session.config();
    SumdbConfig.Database database = session.database();
    boolean offline = session.offline();
    List<GoSumFile> goSums = readGoSums();
    SumdbClient client = session.client();

    Run run = new Run(config, client);
    List<LineReport> reports = run.verify(goSums);
    SignedTree tree = client.latest();
    List<String> names = goSums.stream().map(GoSumFile::source).toList();
    RunReport report = tree.isEmpty()
        ? new RunReport(database.name(), offline, -1, null, null, names, reports)
        : new RunReport(database.name(), offline, tree.size(), tree.hash().toString(), tree.noteText(), names,
            reports);
    print(report, run, offline ? session.store().cacheDir() : null, config);
    return report.exitCode();
  }

  private List<GoSumFile> readGoSums() throws IOException, MalformedInputException, UserInputException {
    List<Path> paths = files.isEmpty() ? List.of(Path.of("go.sum")) : files;
    if (paths.stream().filter(GoSumInput::isStdin).count() > 1) {
      throw new UserInputException("standard input (-) can be read only once");
    }
    List<GoSumFile> out = new ArrayList<>();
    for (Path p : paths) {
      if (GoSumInput.isStdin(p)) {
        out.add(GoSumInput.read(System.in));
        continue;
      }
      try {
        out.add(GoSumFile.read(p));
      } catch (NoSuchFileException e) {
        throw new UserInputException("no such go.sum file: " + p);
      } catch (RegularFiles.IrregularFileException e) {
        throw new UserInputException("go.sum file " + p + " " + e.getReason());
      }
    }
    return out;
  }

  private void print(RunReport report, Run run, Path offlineCache, SumdbConfig config) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The evidence is written first, so that the JSON document can name the file.
    java.io.StringWriter written = new java.io.StringWriter();
    Path evidenceFile = run.evidence == null ? null
        : Forks.writeEvidence(new PrintWriter(written, true), run.evidence, evidenceOut);
    if (json) {
      out.println(JsonReport.format(report, new Main.Version().getVersion()[0], evidenceFile));
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
        err.print(written);
        err.println();
        err.println("The checksum database signed trees that are not consistent with each other (both"
            + " signatures verify): it shows different logs to different clients; no line was verified.");
      } else {
        err.println("SECURITY ERROR");
        err.println(Failures.message(run.securityFailure));
        err.println();
        err.println("The checksum database (or something between it and you) served data that does not"
            + " authenticate; no line it concerns was verified.");
      }
    } else if (run.wholeRunFailure != null) {
      err.println("sumdb4j: " + GoSumVerifier.unreachable(run.wholeRunFailure).map(Throwable::getMessage)
          .orElse(Failures.message(run.wholeRunFailure)));
    }
    for (HostUnavailableException h : run.unreachable) {
      long lines = report.lines().stream().filter(l -> h.summary().equals(l.message())).count();
      err.println("sumdb4j: " + h.getMessage() + " (no further requests were sent to " + h.host() + "; " + lines
          + (lines == 1 ? " line" : " lines") + " not verified)");
    }
    long missing = report.lines().stream()
        .filter(l -> l.message() != null && l.message().startsWith("offline and not in the cache")).count();
    if (offlineCache != null && missing > 0) {
      err.println("sumdb4j: offline: " + missing + (missing == 1 ? " line needs" : " lines need")
          + " data that is not in the cache " + offlineCache
          + (Files.isDirectory(offlineCache) ? "" : " (which does not exist: check GOPATH, GOMODCACHE or --gopath)")
          + "; run once online (or any go command that needs these modules) to fill it");
    }
    if (!report.lines().isEmpty() && report.lines().stream().allMatch(l -> l.verdict() == LineVerdict.SKIPPED)) {
      // exit 0 as documented, but a run that checked nothing must not read as a verification
      err.println("sumdb4j: note: no line was checked against the checksum database: every line was skipped"
          + (config.noSumDb().isEmpty() ? "" : " (GONOSUMDB/GOPRIVATE patterns: " + config.noSumDb() + ")"));
    }
    err.println("sumdb4j: " + report.summary());
    err.flush();
  }

  /** One verification run through {@link GoSumVerifier}: the per-line verdicts and any security failure. */
  private static final class Run {
    private final SumdbConfig config;
    private final SumdbClient client;
    private Exception securityFailure;
    private Exception wholeRunFailure;
    private Evidence evidence;
    private List<HostUnavailableException> unreachable = List.of();

    Run(SumdbConfig config, SumdbClient client) {
      this.config = config;
      this.client = client;
    }

    List<LineReport> verify(List<GoSumFile> goSums) {
      GoSumReport report;
      try {
        report = new GoSumVerifier(client, config::skip).verify(goSums);
      } catch (LogMisbehaviorException e) {
        securityFailure = e;
        evidence = e.evidence();
        return unverified(goSums, e);
      } catch (SumdbException | IOException e) {
        if (ExitCodes.forException(e) == ExitCodes.SECURITY) {
          securityFailure = e;
        }
        return unverified(goSums, e);
      }
      unreachable = report.unreachable();
      List<LineReport> out = new ArrayList<>(report.lines().size());
      for (LineResult r : report.lines()) {
        out.add(report(r));
      }
      return out;
    }

    /**
     * Every line, unverified because the whole run failed with {@code e} (lines the database
     * would not be asked about stay skipped). The full reason is printed once, after the lines.
     */
    private List<LineReport> unverified(List<GoSumFile> goSums, Exception e) {
      wholeRunFailure = e;
      String why = "not verified: " + shortReason(e);
      List<LineReport> out = new ArrayList<>();
      for (GoSumFile f : goSums) {
        for (GoSumLine l : f.lines()) {
          boolean skip = config.skip(l.path()) || l.isIgnoredByGoCommand();
          out.add(new LineReport(l.source(), l.line(), l.path(), l.version(), l.hash(),
              skip ? LineVerdict.SKIPPED : LineVerdict.ERROR, null, skip ? "not checked" : why,
              skip ? ExitCodes.OK : ExitCodes.forException(e)));
        }
      }
      return out;
    }

    private static String shortReason(Exception e) {
      if (e instanceof LogMisbehaviorException) {
        return "the checksum database signed inconsistent trees (SECURITY ERROR below)";
      }
      if (e instanceof MissingDataException) {
        return "offline and not in the cache (see below)";
      }
      if (e instanceof CorruptCacheException) {
        return "the local cache is damaged (see below)";
      }
      Optional<HostUnavailableException> h = GoSumVerifier.unreachable(e);
      if (h.isPresent()) {
        return h.get().summary();
      }
      String m = Failures.message(e);
      return m.length() <= 300 ? m : m.substring(0, 300) + "...";
    }

    private LineReport report(LineResult r) {
      GoSumLine l = r.line();
      LineVerdict v = r.verdict();
      int code = v == LineVerdict.ERROR ? ExitCodes.forLineError(r) : LineReport.exitCodeOf(v);
      if (code == ExitCodes.SECURITY && securityFailure == null) {
        securityFailure = new VerificationException(l.source() + ":" + l.line() + ": " + r.message());
      }
      String message = r.message().isEmpty() || v == LineVerdict.MISMATCH ? null : r.message();
      return new LineReport(l.source(), l.line(), l.path(), l.version(), l.hash(), v,
          r.databaseHash().orElse(null), message, code);
    }
  }
}
