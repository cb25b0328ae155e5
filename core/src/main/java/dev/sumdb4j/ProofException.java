package dev.sumdb4j;

/**
 * A Merkle proof or hash that does not check: {@link #got()} was computed, {@link #want()} was
 * expected (both base64, as Go prints hashes; either may be null when the proof failed its shape
 * checks before any hash was computed).
 */
public class ProofException extends VerificationException {
  private final String got;
  private final String want;

  public ProofException(String message) {
    this(message, null, null);
  }

  public ProofException(String message, String got, String want) {
    super(got == null && want == null ? message : message + ": got " + got + ", want " + want);
    this.got = got;
    this.want = want;
  }

  /** The computed value, or null. */
  public String got() {
    return got;
  }

  /** The expected value, or null. */
  public String want() {
    return want;
  }
}
