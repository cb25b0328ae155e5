package dev.sumdb4j.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

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
   */
  public static KeyId compute(String name, byte[] typeAndKey) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(typeAndKey);
    byte[] h = sha256.digest();
    return new KeyId(((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff));
  }

  /** Returns the ID as 8 lowercase hex digits, e.g. {@code 033de0ae}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%08x", value);
  }
}
