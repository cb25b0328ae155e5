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
 * @param error why the line could not be checked: present exactly when the verdict is {@link
 *     LineVerdict#ERROR}
 */
public record LineResult(GoSumLine line, LineVerdict verdict, Optional<String> databaseHash, String message,
    Optional<LineError> error) {
  /**
   * Validates the fields.
   *
   * @param line the go.sum line
   * @param verdict the verdict
   * @param databaseHash the hash the database lists for this line's version and algorithm
   * @param message why, in words (empty for OK)
   * @param error why the line could not be checked: present exactly when the verdict is {@link
   *     LineVerdict#ERROR}
   * @throws IllegalArgumentException if {@code error} is present for another verdict, or absent for
   *     {@link LineVerdict#ERROR}
   */
  public LineResult {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(databaseHash, "databaseHash");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(error, "error");
    if (error.isPresent() != (verdict == LineVerdict.ERROR)) {
      throw new IllegalArgumentException("an error category goes with the ERROR verdict only, got "
          + verdict + " with " + error);
    }
  }

  /**
   * Creates a verdict other than {@link LineVerdict#ERROR}.
   *
   * @param line the go.sum line
   * @param verdict the verdict, not {@link LineVerdict#ERROR}
   * @param databaseHash the hash the database lists for this line's version and algorithm
   * @param message why, in words (empty for OK)
   */
  public LineResult(GoSumLine line, LineVerdict verdict, Optional<String> databaseHash, String message) {
    this(line, verdict, databaseHash, message, Optional.empty());
  }

  /**
   * {@return an {@link LineVerdict#ERROR} verdict of category {@code error}}
   *
   * @param line the go.sum line
   * @param error the category
   * @param message why, in words
   */
  public static LineResult error(GoSumLine line, LineError error, String message) {
    return new LineResult(line, LineVerdict.ERROR, Optional.empty(), message,
        Optional.of(Objects.requireNonNull(error, "error")));
  }

  /** Returns {@code file:line: path version hash: VERDICT[: message]}. */
  @Override
  public String toString() {
    return line.source() + ":" + line.line() + ": " + line.text() + ": " + verdict
        + (message.isEmpty() ? "" : ": " + message);
  }
}
