package dev.sumdb4j.tlog.config;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a verifier key's text as Go's {@code note.NewVerifier} does (name, 8-hex-digit key hash
 * that matches, Ed25519 key of 32 bytes), returning its name. An interim check until {@code
 * dev.sumdb4j.note.VerifierKey} (branch {@code note}) is on main; then delegate to it.
 */
final class KeyShape {
  private KeyShape() {}

  static String check(String source, String text) throws MalformedInputException {
    int plus = text.indexOf('+');
    String name = plus < 0 ? text : text.substring(0, plus);
    String rest = plus < 0 ? "" : text.substring(plus + 1);
    int plus2 = rest.indexOf('+');
    String hash16 = plus2 < 0 ? rest : rest.substring(0, plus2);
    String key64 = plus2 < 0 ? "" : rest.substring(plus2 + 1);
    boolean hexOk = hash16.length() == 8 && hash16.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    byte[] key = Codecs.decodeBase64OrNull(key64);
    if (!hexOk || key == null || !isValidName(name) || key.length == 0) {
      throw new MalformedInputException(source, -1, "malformed verifier id");
    }
    int hash = Integer.parseUnsignedInt(hash16, 16);
    if (hash != keyHash(name, key)) {
      throw new MalformedInputException(source, -1, "invalid verifier hash");
    }
    if (key[0] != 1) {
      throw new MalformedInputException(source, -1, "unknown verifier algorithm");
    }
    if (key.length != 33) {
      throw new MalformedInputException(source, -1, "malformed verifier id");
    }
    return name;
  }

  private static int keyHash(String name, byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(key);
      byte[] h = d.digest();
      return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 missing", e);
    }
  }

  /** Go's {@code isValidName}: non-empty, no Go-space, no {@code +}. */
  static boolean isValidName(String name) {
    if (name.isEmpty() || name.indexOf('+') >= 0) {
      return false;
    }
    return name.codePoints().noneMatch(KeyShape::isGoSpace)
        && name.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isGoSpace(int c) {
    switch (c) {
      case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ': case 0x85: case 0xA0:
      case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }
}
