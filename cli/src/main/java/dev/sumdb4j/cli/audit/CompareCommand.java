package dev.sumdb4j.cli.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.tlog.audit.MirrorCompare;
import dev.sumdb4j.tlog.audit.MirrorDir;
import java.io.PrintWriter;
import java.nio.file.Files;
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
        + " module zips and go.mod files of a module cache (h1: dirhash), listing every difference."
        + " Verifies the mirror first unless the state directory holds a finished check of its tree"
        + " (audit verify --state); the mirror is only read."})
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

  @Option(names = "--state", paramLabel = "DIR",
      description = "the state directory of audit verify, whose duplicate index finds the records"
          + " (default: DIR.audit beside the mirror)")
  Path stateDir;

  @Option(names = "--gomodcache", paramLabel = "DIR",
      description = "a module cache whose cache/download zips and .mod files to hash and compare")
  Path modCache;

  @Option(names = "--modcache", paramLabel = "DIR", hidden = true,
      description = "deprecated: --gomodcache, as modcache verify spells it")
  Path oldModCache;

  @Option(names = "--threads", paramLabel = "N", description = "threads (default: all processors)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Parameters(paramLabel = "GO.SUM", arity = "0..*", description = "go.sum files")
  List<Path> goSums = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AuditRun.run("audit compare", mirrorOptions.json, out, err, run -> {
      if (threads < 1 || threads > 256) {
        throw new UserInputException("--threads must be between 1 and 256, got " + threads);
      }
      if (oldModCache != null && modCache != null) {
        throw new UserInputException("--modcache is a deprecated spelling of --gomodcache: give one");
      }
      Path cache = modCache != null ? modCache : oldModCache;
      if (oldModCache != null) {
        err.println("sumdb4j audit: --modcache is deprecated and will be removed: use --gomodcache");
        err.flush();
      }
      if (cache != null && !Files.isDirectory(cache)) { // a typo must not pass as "no differences"
        throw new UserInputException("module cache " + cache + (Files.exists(cache)
            ? " is not a directory" : " does not exist") + " (--gomodcache)");
      }
      MirrorOptions.Database db = mirrorOptions.database(spec, err);
      MirrorDir mirror = mirrorOptions.mirror();
      Path state = VerifyMirrorCommand.stateDir(mirror, stateDir);
      ObjectNode doc = run.json();
      doc.put("database", db.database().name());
      doc.put("dir", mirror.root().toString());
      doc.put("state", state.toString());
      ArrayNode files = doc.putArray("files");
      List<GoSumFile> parsed = new ArrayList<>();
      for (Path p : goSums) {
        parsed.add(GoSumFile.read(p));
        files.add(p.toString());
      }
      doc.put("gomodcache", cache == null ? null : cache.toString());
      List<MirrorCompare.Difference> d = MirrorCompare.compare(mirror, state, db.verifiers(), parsed, cache,
          threads);
      ArrayNode diffs = doc.putArray("differences");
      for (MirrorCompare.Difference x : d) {
        run.line("difference: " + x);
        ObjectNode o = diffs.addObject();
        o.put("source", x.source());
        o.put("moduleVersion", x.moduleVersion());
        o.put("local", x.local());
        x.logged().forEach(o.putArray("logged")::add);
      }
      run.summary(d.isEmpty() ? "ok: no differences" : "FAILED: " + d.size() + " differences");
      return d.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    });
  }
}
