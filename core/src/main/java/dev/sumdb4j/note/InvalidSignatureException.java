package dev.sumdb4j.note;

import dev.sumdb4j.VerificationException;

/**
 * A note carries a signature line for a known key, and that signature does not verify: the note
 * was altered or forged, and the whole note is rejected.
 */
public class InvalidSignatureException extends VerificationException {
  /** The name of the key whose signature failed. */
  private final String name;
  /** The ID of the key whose signature failed. */
  private final KeyId keyId;

  /**
   * Reports that the signature by {@code name+keyId} does not verify.
   *
   * @param name the key name
   * @param keyId the key ID
   */
  public InvalidSignatureException(String name, KeyId keyId) {
    this(null, name, keyId);
  }

  /**
   * Reports that the signature by {@code name+keyId} does not verify, naming where the signature
   * was found.
   *
   * @param where where the signature was found (e.g. a file and line), or null
   * @param name the key name
   * @param keyId the key ID
   */
  public InvalidSignatureException(String where, String name, KeyId keyId) {
    super((where == null ? "" : where + ": ") + "invalid signature for key " + name + "+" + keyId);
    this.name = name;
    this.keyId = keyId;
  }

  /** {@return the name of the key whose signature failed} */
  public String name() {
    return name;
  }

  /** {@return the ID of the key whose signature failed} */
  public KeyId keyId() {
    return keyId;
  }
}
