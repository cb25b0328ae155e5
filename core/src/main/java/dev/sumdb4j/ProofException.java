package dev.sumdb4j;

/**
 * A Merkle proof or hash that does not check: {@link #got()} was computed, {@link #want()} was
 * expected (both base64, as Go prints hashes; either may be null when the proof failed its shape
 * checks before any hash was computed).
 */
public class ProofException extends VerificationException {
  /** The computed value, or null. */
  private final String got;
  /** The expected value, or null. */
  private final String want;

  /**
   * A proof that failed its shape checks before any hash was computed.
   *
   * @param message what was wrong
   */
  public ProofException(String message) {
    this(message, null, null);
  }

  /**
   * A computed hash that differs from the expected one.
   *
   * @param message what was being checked
   * @param got the computed value (base64), or null
   * @param want the expected value (base64), or null
   */
  public ProofException(String message, String got, String want) {
    super(got == null && want == null ? message : message + ": got " + got + ", want " + want);
    this.got = got;
    this.want = want;
  }

  /** {@return the computed value, or null} */
  public String got() {
    return got;
  }

  /** {@return the expected value, or null} */
  public String want() {
    return want;
  }
}
