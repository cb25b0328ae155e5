package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.CommandEnvironment;
import dev.sumdb4j.cli.commands.DatabaseOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.tlog.audit.Mirror;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumdb4j audit mirror}: download every tile of the newest tree, verified, resumable. */
@Command(name = "mirror", mixinStandardHelpOptions = true,
    description = {"Download every hash tile and data tile of the log's newest signed tree into DIR,"
        + " verifying each before writing it. Resumes after an interruption; DIR is a static tile"
        + " layout (latest, tile/8/...) any HTTP server can serve. The log is GOSUMDB's (default"
        + " sum.golang.org), read as the go command reads it: from GOSUMDB's URL, or through GOPROXY."})
final class MirrorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
      description = "parallel downloads (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "timeout of each HTTP request in seconds, retries and Retry-After waits included"
          + " (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AuditRun.run("audit mirror", mirrorOptions.json, out, err, run -> {
      if (timeoutSeconds < 1) {
        throw new UserInputException("--timeout must be at least 1 second, got " + timeoutSeconds);
      }
      if (concurrency < 1 || concurrency > 256) {
        throw new UserInputException("--concurrency must be between 1 and 256, got " + concurrency);
      }
      MirrorOptions.Database db = mirrorOptions.database(spec, err);
      ObjectNode doc = run.json();
      doc.put("database", db.database().name());
      doc.put("dir", mirrorOptions.mirror().root().toString());
      // The fetcher's settings; SumdbEndpoint picks the base (GOSUMDB's URL, a GOPROXY entry or https://NAME).
      Object root = spec.root().userObject();
      Mirror.Result r;
      try (HttpFetcher fetcher = HttpFetcher.builder()
          .network(DatabaseOptions.network(CommandEnvironment.of(root)))
          .baseUri(db.database().url().orElse(db.database().directUrl()))
          .requestTimeout(Duration.ofSeconds(timeoutSeconds))
          .connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10)))
          .build()) {
        r = Mirror.builder().remote(SumdbEndpoint.of(db.config(), fetcher).remote())
            .verifiers(db.verifiers()).dir(mirrorOptions.mirror()).concurrency(concurrency)
            .progress(ProgressBar.forTerminal(err, "mirror")).build().run();
      }
      doc.put("treeSize", r.tree().size());
      doc.put("treeHash", r.tree().hash().toString());
      doc.put("previousSize", r.previousSize());
      doc.put("tilesWritten", r.tilesWritten());
      doc.put("tilesKept", r.tilesKept());
      doc.put("tilesRepaired", r.tilesRepaired());
      run.summary("mirrored tree of " + r.tree().size() + " records, hash " + r.tree().hash() + " (was "
          + r.previousSize() + "): " + r.tilesWritten() + " tiles written, " + r.tilesKept()
          + " kept (authenticated again)" + (r.tilesRepaired() == 0 ? ""
          : ", " + r.tilesRepaired() + " damaged data tiles in the mirror replaced"));
      return ExitCodes.OK;
    });
  }
}
