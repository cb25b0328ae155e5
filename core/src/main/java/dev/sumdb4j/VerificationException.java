package dev.sumdb4j;

/**
 * Data that failed authentication: a signature, a proof or a hash does not check, a server served
 * malformed data ({@link MalformedResponseException}), or the log signed inconsistent histories
 * ({@code LogMisbehaviorException}). The server (or something between it and the client)
 * misbehaved ({@link FailureKind#MISBEHAVING_SERVER}). Data that failed verification must never be
 * used, cached or reported as verified.
 */
public class VerificationException extends SumdbException {
  /**
   * Data that failed authentication.
   *
   * @param message what failed to verify
   */
  public VerificationException(String message) {
    super(message);
  }

  /**
   * Data that failed authentication, as another failure shows.
   *
   * @param message what failed to verify
   * @param cause the underlying failure, or null
   */
  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
