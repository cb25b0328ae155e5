package dev.sumdb4j.cli.watch;

import dev.sumdb4j.cli.common.Closer;
import dev.sumdb4j.cli.common.CommandEnvironment;
import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.cli.commands.DatabaseOptions;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.cosignature.CosignatureVerifier;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.LineResult;
import dev.sumdb4j.tlog.verify.GoSumReport;
import dev.sumdb4j.tlog.watch.CheckpointHistory;
import dev.sumdb4j.tlog.watch.ForkDetectedException;
import dev.sumdb4j.tlog.watch.HistoryEntry;
import dev.sumdb4j.tlog.watch.LogWatcher;
import dev.sumdb4j.tlog.watch.WatchResult;
import dev.sumdb4j.tlog.watch.WitnessCheck;
import dev.sumdb4j.tlog.watch.WitnessException;
import dev.sumdb4j.tlog.watch.WitnessPolicy;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j audit watch}: one cron-friendly step of watching the log stay append-only. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches the newest signed tree (/latest), checks its signature and the required witness"
          + " cosignatures, proves it consistent with the last tree recorded in the state directory,"
          + " appends it there (one JSON line), then verifies each GO_SUM file against it.",
      "On a fork the evidence is written into the state directory and the exit code is 3.",
      "A server behind the history must prove its tree consistent with the newest recorded tree;"
          + " if it cannot show those tiles, its tree is proved against earlier recorded trees (a"
          + " conflict is a fork), and once it has been behind for longer than --max-lag the run"
          + " reports it as lagging (exit 5) instead of unavailable (exit 4).",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the log is consistent (and every go.sum line verified)",
      "1:a go.sum line mismatched the database or is not in it",
      "2:usage error or malformed input (a go.sum, a key)",
      "3:SECURITY: authentication failed, too few witness cosignatures, or the log is inconsistent",
      "4:unavailable: network or I/O failure, a damaged state file, or the state directory is locked by"
          + " another run",
      "5:lagging: the server has served a tree older than the recorded history for longer than --max-lag",
    })
public final class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--state", paramLabel = "DIR", required = true,
      description = "the state directory: the append-only history " + CheckpointHistory.HISTORY_FILE
          + ", its lock and any fork evidence (created if missing)")
  Path state;

  @Parameters(paramLabel = "GO_SUM", description = "go.sum files to verify against the new tree (default: none)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--witness", paramLabel = "VKEY",
      description = "a witness's cosigner verifier key (name+id+base64(0x04||key)); repeatable")
  List<String> witnessKeys = new ArrayList<>();

  @Option(names = "--require-witnesses", paramLabel = "K", defaultValue = "0",
      description = "how many of the --witness keys must have cosigned the tree (default: ${DEFAULT-VALUE})")
  int requireWitnesses;

  @Option(names = "--max-skew", paramLabel = "SECONDS", defaultValue = "600",
      description = "how far in the future a cosignature timestamp may be (default: ${DEFAULT-VALUE})")
  long maxSkewSeconds;

  @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "24h",
      description = "how long the server may serve a tree older than the newest recorded one before the run"
          + " reports it as lagging (exit 5): a number with s, m, h or d, e.g. 90m (default: ${DEFAULT-VALUE})")
  String maxLag;

  @Option(names = "--json", description = "print one JSON document (format version 1) instead of text")
  boolean json;

  @Option(names = "--gosumdb", paramLabel = "VALUE",
      description = "the database, as GOSUMDB (overrides the GOSUMDB environment variable)")
  String gosumdb;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "timeout of each HTTP request in seconds (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "120",
      description = "give up on the network after this many seconds in all (default: ${DEFAULT-VALUE})")
  int deadlineSeconds;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "how long to wait for another run on the same state directory (default: ${DEFAULT-VALUE})")
  int lockTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    try (Closer open = new Closer()) {
      return call(open);
    }
  }

  private Integer call(Closer open) throws Exception {
    if (timeoutSeconds < 1 || lockTimeoutSeconds < 0 || maxSkewSeconds < 0) {
      throw usage("--timeout must be >= 1, --lock-timeout and --max-skew >= 0");
    }
    if (deadlineSeconds < 1) {
      throw usage("--deadline must be at least 1 second, got " + deadlineSeconds);
    }
    SumdbConfig config = config();
    if (config.off()) {
      throw usage("checksum database disabled by GOSUMDB=off: nothing to watch");
    }
    SumdbConfig.Database database = config.requireDatabase();
    VerifierKey key = database.verifier();
    WitnessPolicy policy = witnessPolicy();
    List<GoSumFile> goSums = readGoSums();
    // As the other network commands: no request after --deadline, none to a host that failed once.
    HttpFetcher fetcher = open.add(DatabaseOptions.oneShotFetcher(database, timeoutSeconds, deadlineSeconds,
        network()));
    Duration lag = duration("--max-lag", maxLag);
    DiskStore store;
    try {
      store = DiskStore.of(config);
    } catch (SumdbException e) { // no GOPATH, GOMODCACHE or HOME: a configuration error
      throw usage(e.getMessage() + " (and no $HOME): set GOPATH");
    }
    LogWatcher watcher = LogWatcher.builder().verifierKey(key).remote(SumdbEndpoint.of(config, fetcher).remote())
        .store(store).witnesses(policy).skip(config::skip).maxLag(lag).build();

    WatchOutcome outcome = run(database.name(), key, watcher, goSums);
    WatchPrinter.print(outcome, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    return outcome.exitCode();
  }

  private WatchOutcome run(String name, VerifierKey key, LogWatcher watcher, List<GoSumFile> goSums) {
    CheckpointHistory history;
    try {
      history = CheckpointHistory.open(state, Verifiers.of(key), Duration.ofSeconds(lockTimeoutSeconds));
    } catch (LocalStateException e) {
      return failed(name, "corrupt-state", e, ExitCodes.forException(e), Optional.empty(), Optional.empty(),
          Optional.empty());
    } catch (IOException e) {
      return failed(name, "unavailable", e, ExitCodes.forException(e), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    Optional<HistoryEntry> previous = history.last();
    try (history) {
      WatchResult r = watcher.watch(history, goSums);
      List<WatchOutcome.GoSumVerdict> lines = r.goSum().map(WatchCommand::verdicts).orElse(List.of());
      int exit = ExitCodes.OK;
      for (WatchOutcome.GoSumVerdict l : lines) {
        exit = ExitCodes.worse(exit, l.exitCode());
      }
      String message = null;
      if (r.status() == WatchResult.Status.LAGGING) {
        exit = ExitCodes.worse(exit, ExitCodes.LAGGING);
        message = WatchPrinter.lagging(r);
      }
      List<String> unreachable = new ArrayList<>();
      r.goSum().ifPresent(report -> report.unreachable().forEach(h -> {
        long n = report.lines().stream().filter(l -> h.summary().equals(l.message())).count();
        unreachable.add(h.getMessage() + " (no further requests were sent to " + h.host() + "; " + n
            + (n == 1 ? " line" : " lines") + " not verified)");
      }));
      return new WatchOutcome(name, state, r.status().name().toLowerCase(Locale.ROOT), previous, Optional.of(r),
          Optional.of(r.witnesses()), Optional.empty(), lines, unreachable, message, null, exit);
    } catch (ForkDetectedException e) {
      return failed(name, "fork", e, ExitCodes.forException(e), previous, Optional.empty(),
          Optional.of(e.evidenceFile()));
    } catch (WitnessException e) {
      return failed(name, "witnesses", e, ExitCodes.forException(e), previous, Optional.of(e.check()),
          Optional.empty());
    } catch (LocalStateException e) { // a damaged cache file
      return failed(name, "corrupt-state", e, ExitCodes.forException(e), previous, Optional.empty(),
          Optional.empty());
    } catch (SumdbException e) {
      // Anything from the log that failed a check is a security failure, a malformed answer included
      // (parsers report it as MalformedInputException, which ExitCodes.forException counts as user input).
      return failed(name, "security", e, ExitCodes.SECURITY, previous, Optional.empty(), Optional.empty());
    } catch (IOException | RuntimeException e) {
      int code = ExitCodes.forException(e);
      return failed(name, code == ExitCodes.SECURITY ? "security" : "unavailable", e, code, previous,
          Optional.empty(), Optional.empty());
    }
  }

  private WatchOutcome failed(String name, String status, Exception e, int code, Optional<HistoryEntry> previous,
      Optional<WitnessCheck> witnesses, Optional<Path> evidence) {
    // An unreachable host is said once, in words ("127.0.0.1: connection refused (dial 127.0.0.1:1)").
    String message = GoSumVerifier.unreachable(e).map(Throwable::getMessage).orElseGet(() ->
        Failures.message(e instanceof ForkDetectedException && e.getCause() != null ? e.getCause() : e));
    String report = e instanceof LogMisbehaviorException m ? m.evidence().securityReport() : null;
    return new WatchOutcome(name, state, status, previous, Optional.empty(), witnesses, evidence, List.of(),
        List.of(), message, report, code);
  }

  /** The verdicts of a go.sum verification, each with the exit code it contributes. */
  static List<WatchOutcome.GoSumVerdict> verdicts(GoSumReport report) {
    List<WatchOutcome.GoSumVerdict> out = new ArrayList<>();
    for (LineResult l : report.lines()) {
      String verdict = l.verdict().word();
      int code = switch (l.verdict()) {
        case OK, SKIPPED -> ExitCodes.OK;
        case MISMATCH, NOT_FOUND -> ExitCodes.FAILED;
        case ERROR -> ExitCodes.forLineError(l);
      };
      out.add(new WatchOutcome.GoSumVerdict(l.line().source(), l.line().line(), l.line().path(), l.line().version(),
          l.line().hash(), verdict, l.databaseHash().orElse(null), l.message(), code));
    }
    return out;
  }



  /** Parses {@code 90s}, {@code 90m}, {@code 24h} or {@code 2d}. */
  private Duration duration(String option, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])").matcher(text);
    if (!m.matches()) {
      throw usage(option + ": invalid duration " + dev.sumdb4j.internal.Codecs.quote(text)
          + ", want a number with s, m, h or d (e.g. 24h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private WitnessPolicy witnessPolicy() {
    List<CosignatureVerifier> ws = new ArrayList<>();
    for (String k : witnessKeys) {
      try {
        ws.add(CosignatureVerifier.parse(k));
      } catch (MalformedInputException e) {
        throw usage("--witness: " + e.getMessage());
      }
    }
    if (requireWitnesses < 0 || requireWitnesses > ws.size()) {
      throw usage("--require-witnesses " + requireWitnesses + " needs at least that many --witness keys (got "
          + ws.size() + ")");
    }
    try {
      return WitnessPolicy.of(ws, requireWitnesses, Duration.ofSeconds(maxSkewSeconds), Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw usage("--witness: " + e.getMessage());
    }
  }

  private dev.sumdb4j.tlog.http.NetworkEnvironment network() {
    Object root = spec.root().userObject();
    try {
      return DatabaseOptions.network(CommandEnvironment.of(root));
    } catch (UserInputException e) {
      throw usage(Failures.message(e));
    }
  }

  private SumdbConfig config() {
    Object root = spec.root().userObject();
    try {
      return DatabaseOptions.config(CommandEnvironment.of(root), gosumdb);
    } catch (UserInputException e) {
      throw usage(Failures.message(e));
    }
  }

  private List<GoSumFile> readGoSums() throws IOException {
    List<GoSumFile> out = new ArrayList<>();
    for (Path p : files) {
      try {
        out.add(GoSumFile.read(p));
      } catch (NoSuchFileException e) {
        throw usage("no such go.sum file: " + p);
      } catch (RegularFiles.IrregularFileException e) {
        throw usage("go.sum file " + p + " " + e.getReason());
      } catch (MalformedInputException e) {
        throw usage(e.getMessage());
      }
    }
    return out;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
