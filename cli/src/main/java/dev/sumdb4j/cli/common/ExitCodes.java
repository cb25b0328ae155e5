package dev.sumdb4j.cli.common;

import dev.sumdb4j.FailureKind;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.verify.LineError;
import dev.sumdb4j.tlog.verify.LineResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The documented exit codes of {@code sumdb4j}, and the mapping from exceptions to them.
 *
 * <ul>
 *   <li>0 {@link #OK}: every go.sum line verified (or was skipped by GONOSUMDB/GOPRIVATE);
 *   <li>1 {@link #FAILED}: a go.sum line mismatched the database or is not in it;
 *   <li>2 {@link #USAGE}: usage error or malformed input (a go.sum, a key, a configuration);
 *   <li>3 {@link #SECURITY}: data failed authentication or the log's history is inconsistent;
 *   <li>4 {@link #UNAVAILABLE}: network or I/O failure, data missing offline, or a damaged local
 *       cache or state file;
 *   <li>5 {@link #LAGGING} ({@code audit watch} only): the server has stayed behind the recorded
 *       history for longer than {@code --max-lag}; nothing proves a fork, but a person should look.
 * </ul>
 *
 * <p>{@link #forException} is the only mapping from failures to exit codes; it follows the
 * library's {@link FailureKind}.
 */
public final class ExitCodes {
  /** Everything verified. */
  public static final int OK = 0;
  /** A go.sum line mismatched the database or is not in it. */
  public static final int FAILED = 1;
  /** Usage error or malformed input. */
  public static final int USAGE = 2;
  /** Data failed authentication, or the log's history is inconsistent. */
  public static final int SECURITY = 3;
  /** Network or I/O failure, or data missing offline. */
  public static final int UNAVAILABLE = 4;
  /** {@code audit watch}: the server has stayed behind the recorded history beyond the allowed lag. */
  public static final int LAGGING = 5;

  private ExitCodes() {}

  /**
   * The more severe of two exit codes, for a run that combines several results: {@link #SECURITY},
   * then {@link #FAILED}, then {@link #LAGGING}, then {@link #USAGE}, then {@link #UNAVAILABLE}, then
   * {@link #OK}.
   */
  public static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case SECURITY -> 5;
      case FAILED -> 4;
      case LAGGING -> 3;
      case USAGE -> 2;
      case UNAVAILABLE -> 1;
      default -> 0;
    };
  }

  /**
   * Returns the exit code of a failure: the one place that maps failures to exit codes. A usage
   * error ({@link CommandLine.ParameterException}, {@link UserInputException}) gives {@link #USAGE};
   * otherwise the failure's {@link FailureKind} decides: malformed input the user gave gives {@link
   * #USAGE}, a misbehaving server (data that failed authentication, malformed data it served, a
   * fork) {@link #SECURITY}, damaged local state and unavailable data {@link #UNAVAILABLE}. A bug in
   * sumdb4j (an unchecked exception or an error) is not the user's fault and nothing was verified:
   * {@link #UNAVAILABLE}.
   */
  public static int forException(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof CommandLine.ParameterException || c instanceof UserInputException) {
        return USAGE;
      }
      if (c instanceof SumdbException || c instanceof IOException || c instanceof UncheckedIOException) {
        break;
      }
    }
    return switch (FailureKind.of(t)) {
      case MALFORMED_INPUT -> USAGE;
      case MISBEHAVING_SERVER -> SECURITY;
      case DAMAGED_LOCAL_STATE, UNAVAILABLE -> UNAVAILABLE;
    };
  }

  /**
   * The exit code of one failed lookup of a module version: {@link #FAILED} when the database does
   * not know it ({@link NotFoundException}: a verdict about the go.sum line, not a failure),
   * otherwise {@link #forException}.
   */
  public static int forLookupFailure(Exception e) {
    return e instanceof NotFoundException ? FAILED : forException(e);
  }

  /**
   * The exit code of a go.sum line whose verdict is ERROR, from its typed error category: the line's
   * own module version or hash algorithm is unusable (2); an authenticated record lacks the line
   * (3); the lookup failed (4).
   *
   * @throws IllegalArgumentException if {@code r} is not an ERROR verdict
   */
  public static int forLineError(LineResult r) {
    LineError e = r.error().orElseThrow(() -> new IllegalArgumentException("not an ERROR verdict: " + r));
    return switch (e) {
      case MALFORMED -> USAGE;
      case SECURITY -> SECURITY;
      case UNAVAILABLE -> UNAVAILABLE;
    };
  }
}
