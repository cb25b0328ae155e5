package dev.sumdb4j.note;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.internal.Ed25519;
import dev.sumdb4j.note.internal.KeyText;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * An Ed25519 note signer key: {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || 32-byte seed)>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only the name and key ID; use
 * {@link #format()} to get the secret key text.
 */
public final class SignerKey implements NoteSigner {
  private final String name;
  private final KeyId keyId;
  private final byte[] seed;
  private final byte[] publicKey;

  private SignerKey(String name, KeyId keyId, byte[] seed, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /**
   * Parses a signer key text, checking in Go's order: the shape, the type byte, the seed length,
   * then the key hash of the derived public key. Error messages never contain the key text.
   *
   * @param text the secret key text, {@code PRIVATE+KEY+<name>+<key ID>+<base64>}
   * @return the signer key
   * @throws MalformedInputException whose reason starts with Go's {@code malformed verifier id},
   *     {@code unknown verifier algorithm} or {@code invalid verifier hash}
   */
  public static SignerKey parse(String text) throws MalformedInputException {
    String source = "signer key";
    KeyText.Parts p = KeyText.parseSigner(text, source);
    if (p.type() != VerifierKey.TYPE_ED25519) {
      throw new MalformedInputException(source, p.keyOffset(),
          KeyText.UNKNOWN_ALGORITHM + String.format(Locale.ROOT, ": type 0x%02x, want 0x01 (Ed25519)", p.type()));
    }
    byte[] seed = p.key();
    if (seed.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException(source, p.keyOffset(), KeyText.MALFORMED
          + ": Ed25519 seed has " + seed.length + " bytes, want " + Ed25519.KEY_SIZE);
    }
    byte[] pub = Ed25519.publicKeyOf(seed);
    KeyId want = KeyId.compute(p.name(), KeyText.withType(VerifierKey.TYPE_ED25519, pub));
    if (!want.equals(new KeyId(p.keyHash()))) {
      throw new MalformedInputException(source, -1, KeyText.BAD_HASH + ": key hash is " + new KeyId(p.keyHash())
          + ", but the name and derived public key hash to " + want);
    }
    return new SignerKey(p.name(), new KeyId(p.keyHash()), seed, pub);
  }

  /**
   * Generates a new key.
   *
   * @param name the key name
   * @param random the source of the 32-byte seed
   * @return the new key
   * @throws MalformedInputException if {@code name} is not a valid key name
   */
  public static SignerKey generate(String name, SecureRandom random) throws MalformedInputException {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    random.nextBytes(seed);
    return fromSeed(name, seed);
  }

  /**
   * Returns the key with a given seed.
   *
   * @param name the key name
   * @param seed the 32-byte RFC 8032 private key (copied)
   * @return the signer key
   * @throws MalformedInputException if the name is invalid or the seed is not 32 bytes
   */
  public static SignerKey fromSeed(String name, byte[] seed) throws MalformedInputException {
    String source = "signer key " + Codecs.quote(name);
    String bad = KeyText.nameProblem(name);
    if (bad != null) {
      throw new MalformedInputException(source, 0, KeyText.MALFORMED + ": name " + bad);
    }
    if (seed.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException(source, -1, KeyText.MALFORMED + ": Ed25519 seed has "
          + seed.length + " bytes, want " + Ed25519.KEY_SIZE);
    }
    byte[] pub = Ed25519.publicKeyOf(seed);
    KeyId id = KeyId.compute(name, KeyText.withType(VerifierKey.TYPE_ED25519, pub));
    return new SignerKey(name, id, seed.clone(), pub);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyId keyId() {
    return keyId;
  }

  /** {@return the matching verifier key} */
  public VerifierKey verifierKey() {
    try {
      return VerifierKey.ed25519(name, publicKey);
    } catch (MalformedInputException e) {
      throw new AssertionError("bad math: a derived Ed25519 public key does not decode", e);
    }
  }

  /** Signs {@code message} with deterministic Ed25519 (RFC 8032) and returns the 64-byte signature. */
  @Override
  public byte[] sign(byte[] message) {
    return Ed25519.sign(seed, publicKey, message);
  }

  /** {@return the secret key text, {@code PRIVATE+KEY+<name>+<keyId>+<base64(0x01 || seed)>}} */
  public String format() {
    return KeyText.formatSigner(name, keyId.value(), KeyText.withType(VerifierKey.TYPE_ED25519, seed));
  }

  /** Returns {@code SignerKey[<name>+<keyId>]}, never the key material. */
  @Override
  public String toString() {
    return "SignerKey[" + name + "+" + keyId + "]";
  }
}
