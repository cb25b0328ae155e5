package dev.sumdb4j.cli.audit;

import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.tlog.audit.MirrorCompare;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j audit compare}: compare logged hashes with go.sum files and a module cache. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare the hashes logged in a verified mirror with go.sum files and with the"
        + " module zips and go.mod files of a module cache (h1: dirhash), listing every difference."})
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

  @Option(names = "--modcache", paramLabel = "GOMODCACHE",
      description = "a module cache whose cache/download zips and .mod files to hash and compare")
  Path modCache;

  @Option(names = "--threads", paramLabel = "N", description = "threads (default: all processors)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Parameters(paramLabel = "GO.SUM", arity = "0..*", description = "go.sum files")
  List<Path> goSums = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AuditCommand.run(err, () -> {
      List<GoSumFile> files = new ArrayList<>();
      for (Path p : goSums) {
        files.add(GoSumFile.read(p));
      }
      List<MirrorCompare.Difference> d = MirrorCompare.compare(mirrorOptions.mirror(),
          mirrorOptions.verifiers(), files, modCache, threads);
      for (MirrorCompare.Difference x : d) {
        out.println("difference: " + x);
      }
      out.println(d.isEmpty() ? "ok: no differences" : "FAILED: " + d.size() + " differences");
      out.flush();
      return d.isEmpty() ? AuditCommand.OK : AuditCommand.FOUND;
    });
  }
}
