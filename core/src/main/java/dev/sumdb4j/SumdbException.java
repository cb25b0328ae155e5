package dev.sumdb4j;

/**
 * The checked root of every sumdb4j failure that is not a transport failure.
 *
 * <p>The taxonomy (see the {@linkplain dev.sumdb4j package documentation}): {@link
 * MalformedInputException} (input the caller gave does not follow its format), {@link
 * VerificationException} (data failed authentication, including {@link MalformedResponseException}
 * and, in the tlog module, {@code LogMisbehaviorException}), {@link LocalStateException} (a cache or
 * state file fails its checks). Transport failures stay {@link java.io.IOException}. A {@code
 * SumdbException} of no subclass is a failed check and counts as {@link
 * FailureKind#MISBEHAVING_SERVER}.
 */
public class SumdbException extends Exception {
  /**
   * A failed check.
   *
   * @param message what failed
   */
  public SumdbException(String message) {
    super(message);
  }

  /**
   * A failed check, caused by another failure.
   *
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public SumdbException(String message, Throwable cause) {
    super(message, cause);
  }
}
