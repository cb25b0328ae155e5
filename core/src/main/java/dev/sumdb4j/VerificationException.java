package dev.sumdb4j;

/**
 * Well-formed data that failed a cryptographic check: a signature, a proof, a hash. Data that
 * failed verification must never be used, cached or reported as verified.
 */
public class VerificationException extends SumdbException {
  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
