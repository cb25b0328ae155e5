package dev.sumdb4j.note;

import dev.sumdb4j.SumdbException;

/**
 * No known verifier has this name and key ID. Inside {@link Note#open} this is not fatal: the
 * signature is kept as unverified.
 */
public class UnknownVerifierException extends SumdbException {
  /** The key name that was looked up. */
  private final String name;
  /** The key ID that was looked up. */
  private final KeyId keyId;

  /**
   * Reports that the key {@code name+keyId} is unknown.
   *
   * @param name the key name
   * @param keyId the key ID
   */
  public UnknownVerifierException(String name, KeyId keyId) {
    super("unknown key " + name + "+" + keyId);
    this.name = name;
    this.keyId = keyId;
  }

  /** {@return the key name that was looked up} */
  public String name() {
    return name;
  }

  /** {@return the key ID that was looked up} */
  public KeyId keyId() {
    return keyId;
  }
}
