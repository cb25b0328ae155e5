package dev.sumdb4j.tlog.verify;

import dev.sumdb4j.gosum.GoSumLine;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one go.sum line.
 *
 * @param line the go.sum line (file and line number in {@link GoSumLine#source()} and
 *     {@link GoSumLine#line()})
 * @param verdict the verdict
 * @param databaseHash the hash the database lists for this line's version and algorithm (for OK
 *     and MISMATCH)
 * @param message why, in words (empty for OK)
 */
public record LineResult(GoSumLine line, LineVerdict verdict, Optional<String> databaseHash, String message) {
  /** Validates the fields. */
  public LineResult {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(databaseHash, "databaseHash");
    Objects.requireNonNull(message, "message");
  }

  /** Returns {@code file:line: path version hash: VERDICT[: message]}. */
  @Override
  public String toString() {
    return line.source() + ":" + line.line() + ": " + line.text() + ": " + verdict
        + (message.isEmpty() ? "" : ": " + message);
  }
}
