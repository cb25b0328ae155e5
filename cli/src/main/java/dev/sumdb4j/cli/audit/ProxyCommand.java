package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.Closer;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sumdb4j.cli.common.CommandEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.cli.commands.DatabaseOptions;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.proxyaudit.AuditState;
import dev.sumdb4j.tlog.proxyaudit.ModuleProxy;
import dev.sumdb4j.tlog.proxyaudit.ModuleResult;
import dev.sumdb4j.tlog.proxyaudit.ProxyAuditor;
import dev.sumdb4j.tlog.proxyaudit.ProxyReport;
import dev.sumdb4j.tlog.proxyaudit.Scope;
import dev.sumdb4j.tlog.proxyaudit.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j audit proxy}: audit a module proxy against the checksum database. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = {
      "Fetches every module version in scope from a module proxy, checks and hashes its go.mod and zip"
          + " exactly as the go command does after a download, and compares both hashes with the"
          + " authenticated checksum-database record. Scope: the module versions of GO_SUM files; or"
          + " --modules FILE (path@version lines); or, with --list, every version the proxy lists"
          + " (@v/list and @latest) for the MODULE_PATHs given.",
      "Verdicts: ok, mismatch-zip, mismatch-mod, invalid-zip (the go command would refuse the zip),"
          + " not-in-database (a public version the log never saw), skipped (GONOSUMDB/GOPRIVATE),"
          + " gone (404/410 from the proxy), error. Findings keep evidence under STATE/evidence/: the"
          + " served files, URLs, headers, SHA-256 and sizes, and a proof bundle of the signed record"
          + " that `sumdb4j proof verify` re-checks.",
      "With --state, versions verified once are not downloaded again (unless --full): their records"
          + " are re-proved in the newest tree. A killed run resumes where it stopped.",
      "The database is reached as verify reaches it, one batch of lookups (up to 256 versions) at a time:"
          + " --timeout bounds each request, --deadline each batch, not the whole run; once the database's"
          + " host fails, the rest of that batch is not sent (error verdicts) and the next batch tries again."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every version ok or skipped",
      "1:a mismatch, an invalid zip or an unlogged public version",
      "2:usage error or malformed input",
      "3:SECURITY: the database failed authentication or its history is inconsistent",
      "4:the proxy or the database is unavailable (error or gone verdicts)",
    })
final class ProxyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The JSON document format version. */
  private static final int JSON_VERSION = 1;

  @Spec CommandSpec spec;

  @Mixin DatabaseOptions db;

  @Option(names = "--proxy", paramLabel = "URL",
      description = "the module proxy (default: the first entry of GOPROXY; direct and off are errors)")
  String proxyUrl;

  @Option(names = "--state", paramLabel = "DIR",
      description = "the state directory: what was verified against which tree, and evidence (default: a"
          + " temporary directory, kept only if it holds evidence)")
  Path stateDir;

  @Option(names = "--modules", paramLabel = "FILE", description = "a file of path@version lines")
  Path modulesFile;

  @Option(names = "--list", description = "the arguments are module paths: audit every version the proxy lists")
  boolean list;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "16",
      description = "module versions downloaded at once (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--proxy-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "how long the proxy may send nothing (connecting, or in the middle of a body) before the"
          + " version is an error (default: ${DEFAULT-VALUE})")
  int proxyTimeout;

  @Option(names = "--proxy-deadline", paramLabel = "SECONDS", defaultValue = "1800",
      description = "how long one request to the proxy (a go.mod, a zip, a list), its retries included, may take in"
          + " all, however slowly its bytes arrive, before the version is an error (default: ${DEFAULT-VALUE}: the"
          + " largest zip the go command accepts, 500 MiB, at 2.3 Mbit/s)")
  int proxyDeadline;

  @Option(names = "--full", description = "download and hash again the versions the state already verified")
  boolean full;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "audit only shard K of N of the scope (a split by module version that every machine computes alike)")
  String shard;

  @Option(names = "--json", description = "print one JSON document instead of text")
  boolean json;

  @Option(names = "--json-lines", description = "print one JSON object per module version as it finishes, then a summary object")
  boolean jsonLines;

  @Parameters(paramLabel = "GO_SUM|MODULE_PATH", description = "go.sum files, or module paths with --list")
  List<String> args = new ArrayList<>();

  /**
   * What the run learnt before it ended: the fields of the JSON document (a failure's document
   * has those known when it happened).
   */
  private final ObjectNode doc = JSON.createObjectNode();

  /** What the run opened (the database's session, the proxy client), closed when it ends. */
  private final Closer open = new Closer();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    doc.put("version", JSON_VERSION);
    doc.put("tool", AuditRun.tool());
    doc.put("command", "audit proxy");
    int code;
    String failure = null;
    String summary = null;
    try {
      ProxyReport report = run(out, err);
      code = exitCode(report);
      summary = summary(report);
    } catch (UserInputException e) {
      code = ExitCodes.USAGE;
      failure = Failures.message(e);
    } catch (LogMisbehaviorException e) {
      err.println();
      err.println(e.evidence().securityReport());
      Path evidence = writeForkEvidence(e, err);
      doc.put("evidence", evidence == null ? null : evidence.toString());
      code = ExitCodes.SECURITY;
      failure = "SECURITY: " + Failures.message(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = ExitCodes.UNAVAILABLE;
      failure = "interrupted (run again to resume)";
    } catch (Exception e) {
      code = ExitCodes.forException(e);
      failure = (code == ExitCodes.SECURITY ? "SECURITY: " : "") + AuditRun.describe(e);
    } finally {
      open.close();
    }
    if (failure != null) {
      err.println("sumdb4j audit proxy: " + failure);
    } else {
      err.println("sumdb4j: " + summary);
    }
    err.flush();
    if (json || jsonLines) {
      ObjectNode end = json ? doc : summaryLine(doc);
      end.put("exitCode", code);
      end.put("message", failure != null ? failure : code == ExitCodes.OK ? null : summary);
      try {
        out.println(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(end) : end.toString());
      } catch (JsonProcessingException e) {
        throw new AssertionError("bad json of a tree of nodes", e);
      }
    }
    out.flush();
    return code;
  }

  /** The last line of {@code --json-lines}: the document without its results. */
  private static ObjectNode summaryLine(ObjectNode doc) {
    ObjectNode n = JSON.createObjectNode();
    n.put("summary", true);
    doc.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("results")) {
        n.set(f.getKey(), f.getValue());
      }
    });
    return n;
  }

  private ProxyReport run(PrintWriter out, PrintWriter err) throws UserInputException, IOException, SumdbException,
      InterruptedException {
    if (jobs < 1 || jobs > 1024) {
      throw new UserInputException("--jobs must be between 1 and 1024, got " + jobs);
    }
    if (proxyTimeout < 1) {
      throw new UserInputException("--proxy-timeout must be at least 1 second, got " + proxyTimeout);
    }
    if (proxyDeadline < 1) {
      throw new UserInputException("--proxy-deadline must be at least 1 second, got " + proxyDeadline);
    }
    if (json && jsonLines) {
      throw new UserInputException("--json and --json-lines exclude each other");
    }
    int[] shardKN = parseShard(shard);
    Map<String, String> env = environment();
    SumdbConfig config = DatabaseOptions.config(env, null);
    String proxy = proxyUrl != null ? proxyUrl : defaultProxy(config);
    doc.put("proxy", proxy);
    DatabaseOptions.Session session = open.add(db.open(env));
    doc.put("database", session.database().name());
    ModuleProxy moduleProxy = open.add(ModuleProxies.proxy(proxy, env, Duration.ofSeconds(proxyTimeout),
        Duration.ofSeconds(proxyDeadline)));
    doc.put("proxy", moduleProxy.base());
    List<ModuleVersion> scope = scope(moduleProxy, err);
    if (shardKN != null) {
      scope = Scope.shard(scope, shardKN[0], shardKN[1]);
    }
    boolean temporary = stateDir == null;
    Path dir = temporary ? Files.createTempDirectory("sumdb4j-proxy-audit-") : stateDir;
    doc.put("state", temporary ? null : dir.toString());
    ProxyReport report;
    ProxyProgress progress = new ProxyProgress(err, jsonLines ? out : null);
    try {
      try (AuditState state = AuditState.open(dir)) {
        if (state.droppedTail() > 0) {
          err.println("sumdb4j audit proxy: dropped an incomplete last line (" + state.droppedTail()
              + " bytes) of " + state.dir().resolve(AuditState.VERIFIED_FILE) + ", cut short by an interrupted run");
        }
        // Each batch of lookups is a one-shot step as verify is: --deadline and fail-fast apply to it,
        // not to the whole run (hours for tens of thousands of versions); the next batch tries again.
        ProxyAuditor.Listener listener = new ProxyAuditor.Listener() {
          @Override
          public void started(int total, int kept) {
            progress.started(total, kept);
          }

          @Override
          public void lookingUp(int n) {
            session.newRun().run();
          }

          @Override
          public void finished(ModuleResult r) {
            progress.finished(r);
          }

          @Override
          public void bytes(long n) {
            progress.bytes(n);
          }
        };
        ProxyAuditor auditor = ProxyAuditor.of(session.client(), Optional.ofNullable(session.remote()),
            moduleProxy, config::skip, state, jobs, full, listener);
        report = auditor.run(scope);
      } finally {
        progress.done();
      }
    } finally {
      if (temporary && !hasEvidence(dir)) {
        deleteTree(dir);
      }
    }
    boolean kept = !temporary || hasEvidence(dir);
    doc.put("state", kept ? dir.toString() : null);
    print(report, kept ? dir : null, out);
    return report;
  }

  /** Writes the fork evidence under the state directory (when given), returning its file (null: none). */
  private Path writeForkEvidence(LogMisbehaviorException e, PrintWriter err) {
    if (stateDir == null) {
      return null;
    }
    try {
      Path dir = stateDir.resolve(AuditState.EVIDENCE_DIR);
      Files.createDirectories(dir);
      Path f = dir.resolve("fork-" + java.time.Instant.now().toString().replace(':', '-') + ".json");
      Files.writeString(f, e.evidence().toJson(), java.nio.file.StandardOpenOption.CREATE_NEW);
      err.println("evidence written to " + f + " (check it with the database's verifier key)");
      return f;
    } catch (IOException x) {
      err.println("sumdb4j audit proxy: could not write the evidence: " + Failures.message(x));
      return null;
    }
  }

  private Map<String, String> environment() {
    Object root = spec.root().userObject();
    return CommandEnvironment.of(root);
  }

  static String defaultProxy(SumdbConfig config) throws UserInputException {
    SumdbConfig.ProxyEntry first = config.proxies().get(0);
    if (first.isDirect()) {
      throw new UserInputException("GOPROXY=" + config.goproxy() + " starts with " + first.url()
          + ": there is no proxy to audit; give --proxy URL");
    }
    return first.url();
  }

  static int[] parseShard(String s) throws UserInputException {
    if (s == null) {
      return null;
    }
    String[] p = s.split("/", -1);
    try {
      if (p.length == 2) {
        int k = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        if (n >= 1 && k >= 1 && k <= n) {
          return new int[] {k, n};
        }
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UserInputException("--shard must be K/N with 1 <= K <= N, got " + s);
  }

  private List<ModuleVersion> scope(ModuleProxy proxy, PrintWriter err)
      throws IOException, UserInputException, MalformedInputException {
    int kinds = (list ? 1 : 0) + (modulesFile != null ? 1 : 0);
    if (kinds > 1) {
      throw new UserInputException("give go.sum files, --modules FILE or --list MODULE_PATH..., not several");
    }
    if (modulesFile != null) {
      if (!args.isEmpty()) {
        throw new UserInputException("--modules takes no other arguments, got " + args);
      }
      return Scope.parseList(modulesFile.toString(), read(modulesFile, "module list"));
    }
    if (list) {
      if (args.isEmpty()) {
        throw new UserInputException("--list needs module paths");
      }
      LinkedHashSet<ModuleVersion> out = new LinkedHashSet<>();
      for (String path : args) {
        try {
          ModulePaths.checkPath(path);
        } catch (MalformedInputException e) {
          throw new UserInputException("invalid module path " + path + ": " + e.reason());
        }
        for (String v : proxy.list(path)) {
          try {
            out.add(ModuleVersion.of(path, v));
          } catch (MalformedInputException e) {
            err.println("sumdb4j audit proxy: " + path + ": the proxy lists an invalid version " + v + ": " + e.reason());
          }
        }
      }
      return List.copyOf(out);
    }
    List<String> files = args.isEmpty() ? List.of("go.sum") : args;
    List<GoSumFile> goSums = new ArrayList<>();
    for (String f : files) {
      goSums.add(GoSumFile.parse(f, read(Path.of(f), "go.sum file")));
    }
    return Scope.fromGoSums(goSums);
  }

  /** A go.sum or module list: a regular file (or a link to one) of at most a go.sum's size. */
  private static byte[] read(Path p, String what) throws IOException, UserInputException {
    try {
      return RegularFiles.read(p, (int) GoSumFile.MAX_GO_SUM_BYTES, true);
    } catch (NoSuchFileException e) {
      throw new UserInputException("no such " + what + ": " + p);
    } catch (RegularFiles.IrregularFileException e) {
      throw new UserInputException(what + " " + p + " " + e.getReason());
    }
  }

  /** Whether a state directory holds evidence (findings of the run, or a fork). */
  private static boolean hasEvidence(Path dir) {
    try (var files = Files.list(dir.resolve(AuditState.EVIDENCE_DIR))) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  static int exitCode(ProxyReport r) {
    int code = ExitCodes.OK;
    for (ModuleResult x : r.results()) {
      if (x.verdict().isFinding()) {
        code = ExitCodes.worse(code, ExitCodes.FAILED);
      } else if (x.verdict() == Verdict.ERROR || x.verdict() == Verdict.GONE) {
        code = ExitCodes.worse(code, ExitCodes.UNAVAILABLE);
      }
    }
    return code;
  }

  /** The results: text lines, or the document's fields (printed by {@link #call}). */
  private void print(ProxyReport r, Path state, PrintWriter out) {
    if (!r.tree().isEmpty()) {
      doc.put("treeSize", r.tree().size());
      doc.put("treeHash", r.tree().hash().toString());
    }
    doc.put("downloaded", r.downloaded());
    doc.put("bytes", r.bytes());
    ObjectNode counts = doc.putObject("counts");
    r.counts().forEach((v, n) -> counts.put(v.text(), n));
    if (json) {
      ArrayNode results = doc.putArray("results");
      r.results().forEach(x -> results.add(ProxyProgress.json(x)));
    } else if (!jsonLines) {
      for (ModuleResult x : r.results()) {
        out.println(ProxyProgress.text(x));
      }
    }
    out.flush();
    summaryState = state;
  }

  /** The state directory named in the summary (null: a temporary one, deleted). */
  private Path summaryState;

  /** The one-line summary of a run. */
  private String summary(ProxyReport r) {
    StringBuilder s = new StringBuilder("audited ").append(r.results().size()).append(" module versions of ")
        .append(doc.path("proxy").asText());
    r.counts().forEach((v, n) -> {
      if (n > 0) {
        s.append(", ").append(n).append(' ').append(v.text());
      }
    });
    s.append("; downloaded ").append(r.downloaded()).append(" (").append(r.bytes()).append(" bytes)");
    if (!r.tree().isEmpty()) {
      s.append("; records proved in tree ").append(r.tree().size());
    }
    if (summaryState != null) {
      s.append("; state ").append(summaryState);
    }
    return s.toString();
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}
