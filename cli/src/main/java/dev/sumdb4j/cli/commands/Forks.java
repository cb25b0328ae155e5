package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.internal.NewFiles;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reports a database caught signing inconsistent trees: the go command's report and the evidence file. */
public final class Forks {
  private Forks() {}

  /** Prints the security report of {@code e} on {@code err}, writes its evidence to {@code out}; returns 3. */
  static int report(PrintWriter err, LogMisbehaviorException e, Path out) {
    Evidence evidence = e.evidence();
    err.println(evidence.securityReport());
    err.println();
    writeEvidence(err, evidence, out);
    err.println("sumdb4j: " + Failures.message(e));
    err.flush();
    return ExitCodes.SECURITY;
  }

  /**
   * Writes {@code evidence} to the new file {@code out} or, when anything is there (earlier
   * evidence, a symbolic link), to a fresh name beside it ({@link NewFiles#writeFresh}), and says
   * on {@code err} where it went. Never follows a link at {@code out}, never replaces a file.
   * Returns the file written, or null if it could not be written (said on {@code err}).
   */
  public static Path writeEvidence(PrintWriter err, Evidence evidence, Path out) {
    try {
      Path written = NewFiles.writeFresh(out, evidence.toJson().getBytes(StandardCharsets.UTF_8));
      if (!written.equals(out)) {
        err.println("sumdb4j: " + out + " exists: not replacing it");
      }
      err.println("evidence written to " + written + " (check it with: sumdb4j evidence verify " + written + ")");
      return written;
    } catch (IOException io) {
      err.println("sumdb4j: could not write the evidence to " + out + ": " + Failures.message(io));
      return null;
    }
  }
}
