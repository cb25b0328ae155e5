package dev.sumdb4j.tlog.client;

import dev.sumdb4j.VerificationException;

/**
 * The checksum database signed two inconsistent trees: it showed different histories (a fork, or
 * split view). Carries {@link Evidence} anyone can verify offline with the database's key. This is
 * never transient: stop, report the evidence, and do not trust the server.
 */
public class LogMisbehaviorException extends VerificationException {
  private final Evidence evidence;

  /**
   * Creates the exception for {@code evidence}, with the context in {@code message}.
   *
   * @param message the context
   * @param evidence the evidence
   */
  public LogMisbehaviorException(String message, Evidence evidence) {
    super("security error: misbehaving server: " + message + ": " + evidence);
    this.evidence = evidence;
  }

  /** {@return the self-contained, verifiable evidence} */
  public Evidence evidence() {
    return evidence;
  }
}
