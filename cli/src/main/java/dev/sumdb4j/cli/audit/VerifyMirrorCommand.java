package dev.sumdb4j.cli.audit;

import dev.sumdb4j.tlog.audit.AuditProblem;
import dev.sumdb4j.tlog.audit.Duplicate;
import dev.sumdb4j.tlog.audit.MirrorVerifier;
import dev.sumdb4j.tlog.audit.VerifyReport;
import java.io.PrintWriter;
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
        + " version is logged twice. Resumes after an interruption."})
final class VerifyMirrorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MirrorOptions mirrorOptions;

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
    return AuditCommand.run(err, () -> {
      VerifyReport r = MirrorVerifier.of(mirrorOptions.mirror(), mirrorOptions.verifiers(), threads,
          maxProblems, ProgressBar.forTerminal(err, "verify")).run();
      for (AuditProblem p : r.problems()) {
        out.println("problem: " + p);
      }
      if (r.problemCount() > r.problems().size()) {
        out.println("... and " + (r.problemCount() - r.problems().size()) + " more problems");
      }
      for (Duplicate d : r.duplicates()) {
        out.println("duplicate: " + d);
      }
      out.println((r.ok() ? "ok: " : "FAILED: ") + r.records() + " records, tree hash " + r.tree().hash()
          + ", " + r.problemCount() + " problems, " + r.duplicates().size() + " duplicates"
          + (r.resumed() ? " (resumed)" : ""));
      out.flush();
      return r.ok() ? AuditCommand.OK : AuditCommand.FOUND;
    });
  }
}
