package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.tlog.verify.LineVerdict;
import java.util.Objects;

/**
 * The command's verdict on one go.sum line.
 *
 * @param file the go.sum file as named on the command line
 * @param line the 1-based line number
 * @param path the module path
 * @param version the version as in go.sum (may end in {@code /go.mod})
 * @param hash the go.sum hash ({@code h1:...})
 * @param verdict the verdict
 * @param databaseHash the hash the database holds for this line (MISMATCH, OK), else null
 * @param message why (for SKIPPED, NOT_FOUND, ERROR), else null
 * @param exitCode the exit code this line alone calls for (see {@link ExitCodes})
 */
record LineReport(String file, int line, String path, String version, String hash, LineVerdict verdict,
    String databaseHash, String message, int exitCode) {
  LineReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** The exit code a verdict calls for when there is no failure to classify. */
  static int exitCodeOf(LineVerdict v) {
    return switch (v) {
      case OK, SKIPPED -> ExitCodes.OK;
      case MISMATCH, NOT_FOUND -> ExitCodes.FAILED;
      case ERROR -> ExitCodes.UNAVAILABLE;
    };
  }

  /** The text output line: {@code file:line: verdict path version ...}, always one line. */
  String text() {
    StringBuilder b = new StringBuilder()
        .append(file).append(':').append(line).append(": ").append(verdict.word())
        .append(' ').append(path).append(' ').append(version);
    switch (verdict) {
      case OK -> b.append(' ').append(hash);
      case MISMATCH -> b.append(": go.sum ").append(hash).append(", database ").append(databaseHash);
      default -> {
        if (message != null) {
          b.append(": ").append(message.replaceAll("\\s*\\R\\s*", " "));
        }
      }
    }
    return b.toString();
  }
}
