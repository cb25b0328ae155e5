package dev.sumdb4j.note;

import dev.sumdb4j.SumdbException;

/** More than one known verifier has this name and key ID, so none can be chosen. */
public class AmbiguousVerifierException extends SumdbException {
  private final String name;
  private final KeyId keyId;

  /** Reports that the key {@code name+keyId} is known more than once. */
  public AmbiguousVerifierException(String name, KeyId keyId) {
    super("ambiguous key " + name + "+" + keyId);
    this.name = name;
    this.keyId = keyId;
  }

  /** The key name that was looked up. */
  public String name() {
    return name;
  }

  /** The key ID that was looked up. */
  public KeyId keyId() {
    return keyId;
  }
}
