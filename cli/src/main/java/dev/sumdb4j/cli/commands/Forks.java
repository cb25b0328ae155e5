package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.ExitCodes;
import dev.sumdb4j.cli.Failures;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reports a database caught signing inconsistent trees: the go command's report and the evidence file. */
final class Forks {
  private Forks() {}

  /** Prints the security report of {@code e} on {@code err}, writes its evidence to {@code out}; returns 3. */
  static int report(PrintWriter err, LogMisbehaviorException e, Path out) {
    Evidence evidence = e.evidence();
    err.println(evidence.securityReport());
    err.println();
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, evidence.toJson(), StandardCharsets.UTF_8);
      err.println("evidence written to " + out + " (check it with: sumdb4j evidence verify " + out + ")");
    } catch (IOException io) {
      err.println("sumdb4j: could not write the evidence to " + out + ": " + Failures.message(io));
    }
    err.println("sumdb4j: " + Failures.message(e));
    err.flush();
    return ExitCodes.SECURITY;
  }
}
