package dev.sumdb4j.cli;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
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
 *   <li>4 {@link #UNAVAILABLE}: network or I/O failure, or data missing offline.
 * </ul>
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

  private ExitCodes() {}

  /**
   * The more severe of two exit codes, for a run that combines several results: {@link #SECURITY},
   * then {@link #FAILED}, then {@link #USAGE}, then {@link #UNAVAILABLE}, then {@link #OK}.
   */
  public static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case SECURITY -> 4;
      case FAILED -> 3;
      case USAGE -> 2;
      case UNAVAILABLE -> 1;
      default -> 0;
    };
  }

  /**
   * Returns the exit code for a failure that ended a command. Input the user supplied that is
   * malformed gives {@link #USAGE}; data that failed a check gives {@link #SECURITY}; transport
   * and file failures give {@link #UNAVAILABLE}.
   */
  public static int forException(Throwable t) {
    if (t instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
      return forException(t.getCause());
    }
    if (t instanceof UserInputException || t instanceof MalformedInputException) {
      return USAGE;
    }
    if (t instanceof VerificationException || Failures.isSecurity(t)) {
      return SECURITY; // checked before IOException: a corrupt cache is an IOException
    }
    if (t instanceof IOException || t instanceof UncheckedIOException || Failures.isUnavailable(t)) {
      return UNAVAILABLE;
    }
    if (t instanceof SumdbException) {
      // An unclassified check failed: never report it as anything milder than a security failure.
      return SECURITY;
    }
    // A bug in sumdb4j (an unchecked exception or an error): not the user's fault, not verified.
    return UNAVAILABLE;
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
