package dev.sumdb4j.note;

import dev.sumdb4j.note.internal.KeyText;

/**
 * The 32-bit hash that identifies a key in a signed note: the first four bytes, read big-endian,
 * of {@code SHA-256(name || "\n" || type byte || public key)}. Shown everywhere as 8 lowercase hex
 * digits, as in {@code sum.golang.org+033de0ae}.
 *
 * @param value the hash as an int (the unsigned 32-bit value, stored in two's complement)
 */
public record KeyId(int value) {

  /**
   * Computes the key ID of the key named {@code name} whose encoded public key (type byte followed
   * by the key material) is {@code typeAndKey}.
   *
   * @param name the key name
   * @param typeAndKey the type byte followed by the public key
   * @return the key ID
   */
  public static KeyId compute(String name, byte[] typeAndKey) {
    return new KeyId(KeyText.keyHash(name, typeAndKey));
  }

  /** Returns the ID as 8 lowercase hex digits, e.g. {@code 033de0ae}. */
  @Override
  public String toString() {
    return KeyText.hex8(value);
  }
}
