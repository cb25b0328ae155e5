package dev.sumdb4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The four kinds of failure, decided once from an exception's type (see the {@linkplain
 * dev.sumdb4j package documentation} for the taxonomy). A command-line tool maps each to one exit
 * code; a service maps each to one response.
 */
public enum FailureKind {
  /**
   * The input the caller gave does not follow its format ({@link MalformedInputException}): a
   * go.sum, a key, a GOSUMDB value, a module path. Fix the input.
   */
  MALFORMED_INPUT,
  /**
   * Data failed authentication ({@link VerificationException}): a signature, proof or tile does
   * not check, a server served malformed data ({@link MalformedResponseException}), or the log
   * signed two inconsistent histories ({@code LogMisbehaviorException}, with evidence). Never
   * transient: do not trust the server. An unclassified {@link SumdbException} counts as this too,
   * so that no failed check is reported as anything milder.
   */
  MISBEHAVING_SERVER,
  /**
   * Local state fails its checks ({@link LocalStateException}): a cache or state file was damaged
   * or tampered with. Delete the named files (or go online).
   */
  DAMAGED_LOCAL_STATE,
  /**
   * The data could not be had ({@link IOException}): a network or file-system failure, a server
   * error, data missing offline. Trying again later may succeed. Anything else (an unchecked
   * exception, an error) is a bug in sumdb4j and counts as this: nothing was verified, and it is
   * not the caller's fault.
   */
  UNAVAILABLE;

  /**
   * The kind of {@code failure}: that of the outermost exception in its causal chain whose type has
   * a kind ({@link MalformedInputException}, {@link VerificationException}, {@link
   * LocalStateException}, any other {@link SumdbException}, {@link IOException} or {@link
   * UncheckedIOException}); wrappers without a kind (such as {@code ExecutionException}) are looked
   * through. {@link #UNAVAILABLE} when no exception in the chain has a kind.
   *
   * @param failure the exception to classify (null counts as no kind)
   * @return the kind of the failure
   */
  public static FailureKind of(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = failure; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
      if (c instanceof MalformedInputException) {
        return MALFORMED_INPUT;
      }
      if (c instanceof LocalStateException) {
        return DAMAGED_LOCAL_STATE;
      }
      if (c instanceof SumdbException) {
        return MISBEHAVING_SERVER; // VerificationException, or an unclassified failed check
      }
      if (c instanceof IOException || c instanceof UncheckedIOException) {
        return UNAVAILABLE;
      }
    }
    return UNAVAILABLE;
  }
}
