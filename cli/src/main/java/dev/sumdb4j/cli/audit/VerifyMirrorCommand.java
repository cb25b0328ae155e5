package dev.sumdb4j.cli.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.tlog.audit.AuditProblem;
import dev.sumdb4j.tlog.audit.Duplicate;
import dev.sumdb4j.tlog.audit.MirrorDir;
import dev.sumdb4j.tlog.audit.MirrorVerifier;
import dev.sumdb4j.tlog.audit.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumdb4j audit verify}: check a mirror offline. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check a mirror offline: every data tile parses strictly, every record hashes to"
        + " its level-0 tile, every tile level recomputes to the signed tree hash, and no module"
        + " version is logged twice. Resumes after an interruption. The mirror is only read (it may"
        + " be read-only); the progress and the duplicate index live in the state directory."})
final class VerifyMirrorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

  @Option(names = "--state", paramLabel = "DIR",
      description = "the state directory: progress, problems, the duplicate index (about 12 bytes a"
          + " record); default: DIR.audit beside the mirror")
  Path stateDir;

  @Option(names = "--threads", paramLabel = "N",
      description = "threads (default: one more than the processors, so that a thread waiting for "
          + "the disk leaves no processor idle)")
  int threads = Runtime.getRuntime().availableProcessors() + 1;

  @Option(names = "--max-problems", paramLabel = "N", defaultValue = "1000",
      description = "problems listed at most (default: ${DEFAULT-VALUE})")
  int maxProblems;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AuditRun.run("audit verify", mirrorOptions.json, out, err, run -> {
      if (threads < 1 || threads > 256) {
        throw new UserInputException("--threads must be between 1 and 256, got " + threads);
      }
      if (maxProblems < 0) {
        throw new UserInputException("--max-problems must be at least 0, got " + maxProblems);
      }
      MirrorOptions.Database db = mirrorOptions.database(spec, err);
      MirrorDir mirror = mirrorOptions.mirror();
      Path state = stateDir(mirror, stateDir);
      ObjectNode doc = run.json();
      doc.put("database", db.database().name());
      doc.put("dir", mirror.root().toString());
      doc.put("state", state.toString());
      VerifyReport r = MirrorVerifier.of(mirror, state, db.verifiers(), threads, maxProblems,
          ProgressBar.forTerminal(err, "verify")).run();
      doc.put("ok", r.ok());
      doc.put("treeSize", r.tree().size());
      doc.put("treeHash", r.tree().hash().toString());
      doc.put("records", r.records());
      doc.put("resumed", r.resumed());
      doc.put("problemCount", r.problemCount());
      ArrayNode problems = doc.putArray("problems");
      for (AuditProblem p : r.problems()) {
        run.line("problem: " + p);
        ObjectNode o = problems.addObject();
        o.put("path", p.path());
        o.put("record", p.record());
        o.put("offset", p.offset());
        o.put("message", p.message());
      }
      if (r.problemCount() > r.problems().size()) {
        run.line("... and " + (r.problemCount() - r.problems().size()) + " more problems");
      }
      ArrayNode duplicates = doc.putArray("duplicates");
      for (Duplicate d : r.duplicates()) {
        run.line("duplicate: " + d);
        ObjectNode o = duplicates.addObject();
        o.put("moduleVersion", d.moduleVersion());
        d.recordIds().forEach(o.putArray("records")::add);
      }
      run.summary((r.ok() ? "ok: " : "FAILED: ") + r.records() + " records, tree hash " + r.tree().hash()
          + ", " + r.problemCount() + " problems, " + r.duplicates().size() + " duplicates"
          + (r.resumed() ? " (resumed)" : ""));
      return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    });
  }

  /** The state directory: {@code given}, or the mirror's default beside it. */
  static Path stateDir(MirrorDir mirror, Path given) {
    return given != null ? given.toAbsolutePath().normalize() : mirror.defaultStateDir();
  }
}
