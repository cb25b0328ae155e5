package dev.sumdb4j.note;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.internal.Ed25519;
import dev.sumdb4j.note.internal.KeyText;
import java.util.Locale;

/**
 * An Ed25519 note verifier key (signature type {@code 0x01}), as written in GOSUMDB and in the go
 * command: {@code <name>+<key ID as 8 hex digits>+<base64(0x01 || 32-byte public key)>}, e.g.
 * {@code sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8}.
 *
 * <p>Immutable and thread-safe. The public key is validated once, and the first {@link #verify}
 * builds per-key tables (about 190 KB) that make every later verification faster than Go's. Witness cosigner keys (type {@code 0x04}) are not verifier keys of this
 * kind: parse them with {@code dev.sumdb4j.note.cosignature.CosignatureVerifier.parse}.
 */
public final class VerifierKey implements NoteVerifier {
  /** The signature type byte of Ed25519 note signatures. */
  public static final int TYPE_ED25519 = 0x01;
  /** The signature type byte of C2SP witness cosignatures (handled by the cosignature package). */
  public static final int TYPE_COSIGNATURE = 0x04;

  private final String name;
  private final KeyId keyId;
  private final Ed25519.PublicKey publicKey;

  private VerifierKey(String name, KeyId keyId, Ed25519.PublicKey publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /**
   * Parses a verifier key text, checking in Go's order: the shape (name, 8 hex digits, base64),
   * then the key hash against the name and decoded key, then the type byte and key length.
   * Unlike Go, the base64 must be canonical with no embedded newlines, and the public key must be
   * a canonical point encoding of large order.
   *
   * @param text the key text, {@code <name>+<key ID>+<base64>}
   * @return the verifier key
   * @throws MalformedInputException whose reason starts with Go's {@code malformed verifier id},
   *     {@code invalid verifier hash} or {@code unknown verifier algorithm}
   */
  public static VerifierKey parse(String text) throws MalformedInputException {
    String source = "verifier key " + Codecs.quote(text);
    KeyText.Parts p = KeyText.parseVerifier(text, source);
    if (p.type() != TYPE_ED25519) {
      String hint = p.type() == TYPE_COSIGNATURE
          ? " (a witness cosignature key: use dev.sumdb4j.note.cosignature.CosignatureVerifier.parse)"
          : "";
      throw new MalformedInputException(source, p.keyOffset(),
          KeyText.UNKNOWN_ALGORITHM + String.format(Locale.ROOT, ": type 0x%02x, want 0x01 (Ed25519)", p.type()) + hint);
    }
    return fromKey(p.name(), new KeyId(p.keyHash()), p.key(), source, p.keyOffset());
  }

  /**
   * Returns the verifier key named {@code name} for a raw 32-byte Ed25519 public key (Go's
   * {@code NewEd25519VerifierKey}, but also validating the name and the point).
   *
   * @param name the key name
   * @param publicKey the 32-byte Ed25519 public key
   * @return the verifier key
   * @throws MalformedInputException if the name is invalid or the key is not a usable public key
   */
  public static VerifierKey ed25519(String name, byte[] publicKey) throws MalformedInputException {
    String source = "verifier key " + Codecs.quote(name);
    String bad = KeyText.nameProblem(name);
    if (bad != null) {
      throw new MalformedInputException(source, 0, KeyText.MALFORMED + ": name " + bad);
    }
    KeyId id = KeyId.compute(name, KeyText.withType(TYPE_ED25519, publicKey));
    return fromKey(name, id, publicKey, source, -1);
  }

  private static VerifierKey fromKey(String name, KeyId id, byte[] key, String source, int offset)
      throws MalformedInputException {
    if (key.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException(source, offset, KeyText.MALFORMED + ": Ed25519 public key has "
          + key.length + " bytes, want " + Ed25519.KEY_SIZE);
    }
    Ed25519.PublicKey pk = Ed25519.decodePublicKey(key);
    if (pk == null) {
      throw new MalformedInputException(source, offset, KeyText.MALFORMED
          + ": not a canonical Ed25519 public key of large order (no one can hold its private key)");
    }
    return new VerifierKey(name, id, pk);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyId keyId() {
    return keyId;
  }

  /** {@return the raw 32-byte Ed25519 public key (a copy)} */
  public byte[] publicKey() {
    return publicKey.encoded();
  }

  /** Reports whether {@code signature} is a valid 64-byte Ed25519 signature of {@code message}. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    return publicKey.verify(message, 0, message.length, signature, 0);
  }

  /** Returns the key text, {@code <name>+<keyId>+<base64(0x01 || key)>}, which {@link #parse} accepts. */
  @Override
  public String toString() {
    return KeyText.formatVerifier(name, keyId.value(), KeyText.withType(TYPE_ED25519, publicKey.encoded()));
  }

  /** Two verifier keys are equal when name, key ID and public key are equal. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VerifierKey)) {
      return false;
    }
    VerifierKey k = (VerifierKey) o;
    return name.equals(k.name) && keyId.equals(k.keyId) && publicKey.equals(k.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId.hashCode();
  }
}
