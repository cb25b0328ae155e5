package dev.sumdb4j.cli.audit;

import dev.sumdb4j.tlog.audit.Mirror;
import dev.sumdb4j.tlog.http.HttpFetcher;
import java.io.PrintWriter;
import java.net.URI;
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
        + " layout (latest, tile/8/...) any HTTP server can serve."})
final class MirrorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "https://sum.golang.org",
      description = "the log server (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
      description = "parallel downloads (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AuditCommand.run(err, () -> {
      HttpFetcher fetcher = HttpFetcher.builder().baseUri(url.toString()).build();
      Mirror.Result r = Mirror.builder().remote(fetcher).verifiers(mirrorOptions.verifiers())
          .dir(mirrorOptions.mirror()).concurrency(concurrency)
          .progress(ProgressBar.forTerminal(err, "mirror")).build().run();
      out.println("mirrored tree of " + r.tree().size() + " records, hash " + r.tree().hash() + " (was "
          + r.previousSize() + "): " + r.tilesWritten() + " tiles written, " + r.tilesKept()
          + " kept (authenticated again)" + (r.tilesRepaired() == 0 ? ""
          : ", " + r.tilesRepaired() + " damaged data tiles in the mirror replaced"));
      out.flush();
      return AuditCommand.OK;
    });
  }
}
