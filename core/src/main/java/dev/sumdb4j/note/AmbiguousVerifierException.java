package dev.sumdb4j.note;

import dev.sumdb4j.SumdbException;

/** More than one known verifier has this name and key ID, so none can be chosen. */
public class AmbiguousVerifierException extends SumdbException {
  /** The key name that was looked up. */
  private final String name;
  /** The key ID that was looked up. */
  private final KeyId keyId;

  /**
   * Reports that the key {@code name+keyId} is known more than once.
   *
   * @param name the key name
   * @param keyId the key ID
   */
  public AmbiguousVerifierException(String name, KeyId keyId) {
    super("ambiguous key " + name + "+" + keyId);
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
