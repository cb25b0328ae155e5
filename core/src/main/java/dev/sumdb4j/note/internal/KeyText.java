package dev.sumdb4j.note.internal;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The text forms of note keys and their key hash (the value of {@code dev.sumdb4j.note.KeyId},
 * which this package does not use, so that {@code note} depends on {@code note.internal} and not
 * back): {@code <name>+<hash>+<base64(type || key)>} for verifier keys and
 * {@code PRIVATE+KEY+<name>+<hash>+<base64(type || seed)>} for signer keys, with the name rules
 * of signed notes. Parsing follows golang.org/x/mod/sumdb/note ({@code NewVerifier},
 * {@code NewSigner}) step by step, so that errors come in the same order, but base64 is strict
 * (padded, canonical, no embedded newlines) and every error says what and where.
 */
public final class KeyText {
  /** Go's reason for a key that does not have the key-text shape. */
  public static final String MALFORMED = "malformed verifier id";
  /** Go's reason for a key whose type byte is not the one wanted. */
  public static final String UNKNOWN_ALGORITHM = "unknown verifier algorithm";
  /** Go's reason for a key whose hash does not match its name and key. */
  public static final String BAD_HASH = "invalid verifier hash";

  private KeyText() {}

  /**
   * The fields of a key text: the name, the declared key hash, the decoded key (type byte first)
   * and the byte offset of the base64 field in the text.
   */
  public record Parts(String name, int keyHash, byte[] typeAndKey, int keyOffset) {
    /** The type byte (the first byte of the decoded key). */
    public int type() {
      return typeAndKey[0] & 0xff;
    }

    /** The key material after the type byte. */
    public byte[] key() {
      byte[] k = new byte[typeAndKey.length - 1];
      System.arraycopy(typeAndKey, 1, k, 0, k.length);
      return k;
    }
  }

  /**
   * Parses {@code <name>+<hash>+<base64>} and checks the declared hash against the name and the
   * whole decoded key (Go checks the hash before the type byte; so do we).
   *
   * @param source names the key in errors, e.g. {@code "verifier key \"...\""}
   */
  public static Parts parseVerifier(String text, String source) throws MalformedInputException {
    Parts p = split(text, 0, source, false);
    int want = keyHash(p.name(), p.typeAndKey());
    if (want != p.keyHash()) {
      throw new MalformedInputException(source, utf8Length(p.name()) + 1,
          BAD_HASH + ": key hash is " + hex8(p.keyHash()) + ", but the name and key hash to " + hex8(want));
    }
    return p;
  }

  /**
   * Parses {@code PRIVATE+KEY+<name>+<hash>+<base64>} without checking the hash (the caller
   * derives the public key first, as Go does). Error messages never include the key text.
   */
  public static Parts parseSigner(String text, String source) throws MalformedInputException {
    String prefix = "PRIVATE+KEY+";
    if (!text.startsWith(prefix)) {
      throw new MalformedInputException(source, 0, MALFORMED + ": a signer key starts with PRIVATE+KEY+");
    }
    return split(text, prefix.length(), source, true);
  }

  private static Parts split(String text, int start, String source, boolean secret) throws MalformedInputException {
    String rest = text.substring(start);
    int plus1 = rest.indexOf('+');
    String name = plus1 < 0 ? rest : rest.substring(0, plus1);
    String afterName = plus1 < 0 ? "" : rest.substring(plus1 + 1);
    int plus2 = afterName.indexOf('+');
    String hash16 = plus2 < 0 ? afterName : afterName.substring(0, plus2);
    String key64 = plus2 < 0 ? "" : afterName.substring(plus2 + 1);
    int nameOffset = utf8Length(text.substring(0, start));
    int hashOffset = nameOffset + utf8Length(name) + 1;
    int keyOffset = hashOffset + utf8Length(hash16) + 1;
    String bad = nameProblem(name);
    if (bad != null) {
      throw new MalformedInputException(source, nameOffset, MALFORMED + ": name "
          + (secret ? "is not a valid key name (empty, or has '+' or a space)" : bad));
    }
    if (plus1 < 0 || plus2 < 0) {
      throw new MalformedInputException(source, hashOffset,
          MALFORMED + ": want <name>+<8 hex digit hash>+<base64 key>");
    }
    long hash = parseHex8(hash16);
    if (hash < 0) {
      throw new MalformedInputException(source, hashOffset,
          MALFORMED + ": key hash " + (secret ? "" : Codecs.quote(hash16) + " ") + "is not 8 hex digits");
    }
    byte[] key = Codecs.decodeBase64OrNull(key64);
    if (key == null) {
      throw new MalformedInputException(source, keyOffset,
          MALFORMED + ": key is not canonical padded base64");
    }
    if (key.length == 0) {
      throw new MalformedInputException(source, keyOffset, MALFORMED + ": key is empty");
    }
    return new Parts(name, (int) hash, key, keyOffset);
  }

  /** Returns the value of exactly 8 ASCII hex digits (either case; no sign), or -1. */
  private static long parseHex8(String s) {
    if (s.length() != 8) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      char c = s.charAt(i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** Reports whether {@code name} is a valid key name (see {@link #nameProblem}). */
  public static boolean isValidName(String name) {
    return nameProblem(name) == null;
  }

  /**
   * Returns why {@code name} is not a valid key name, or null when it is valid: it must be
   * non-empty, well-formed UTF-16 (so valid UTF-8), and contain no {@code +} and no rune that
   * Go's {@code unicode.IsSpace} calls a space.
   */
  public static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isSurrogate((char) cp)) {
        return "is not valid UTF-8";
      }
      if (cp == '+') {
        return Codecs.quote(name) + " contains '+'";
      }
      if (isGoSpace(cp)) {
        return Codecs.quote(name) + " contains a space character (U+" + String.format(Locale.ROOT, "%04X", cp) + ")";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /** Go's {@code unicode.IsSpace}. */
  public static boolean isGoSpace(int cp) {
    switch (cp) {
      case '\t': case '\n': case 0x0b: case 0x0c: case '\r': case ' ':
      case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
  }

  /**
   * The key hash of the key named {@code name} whose encoded public key (type byte followed by
   * the key material) is {@code typeAndKey}: the first four bytes, read big-endian, of {@code
   * SHA-256(name || "\n" || typeAndKey)}.
   */
  public static int keyHash(String name, byte[] typeAndKey) {
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
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  /** A key hash as 8 lowercase hex digits, e.g. {@code 033de0ae}. */
  public static String hex8(int keyHash) {
    return String.format(Locale.ROOT, "%08x", keyHash);
  }

  /** Formats a verifier key text: {@code <name>+<keyHash>+<base64(typeAndKey)>}. */
  public static String formatVerifier(String name, int keyHash, byte[] typeAndKey) {
    return name + "+" + hex8(keyHash) + "+" + Codecs.base64(typeAndKey);
  }

  /** Formats a signer key text: {@code PRIVATE+KEY+<name>+<keyHash>+<base64(typeAndSeed)>}. */
  public static String formatSigner(String name, int keyHash, byte[] typeAndSeed) {
    return "PRIVATE+KEY+" + formatVerifier(name, keyHash, typeAndSeed);
  }

  /** Prepends the type byte to a key. */
  public static byte[] withType(int type, byte[] key) {
    byte[] b = new byte[key.length + 1];
    b[0] = (byte) type;
    System.arraycopy(key, 0, b, 1, key.length);
    return b;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
