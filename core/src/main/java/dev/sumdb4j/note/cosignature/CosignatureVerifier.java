package dev.sumdb4j.note.cosignature;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteSignature;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.internal.Ed25519;
import dev.sumdb4j.note.internal.KeyText;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Verifies C2SP tlog-cosignature/v1 witness cosignatures (signature type {@code 0x04}): a
 * signature line whose bytes after the key ID are an 8-byte big-endian POSIX timestamp followed by
 * an Ed25519 signature of {@code "cosignature/v1\ntime <timestamp>\n"} followed by the checkpoint
 * text. The key ID is {@code SHA-256(name || "\n" || 0x04 || public key)[:4]}.
 *
 * <p>Use it as one more {@link NoteVerifier} in the {@code Verifiers} passed to
 * {@code Note.open}. Once the note is open, {@link #timestamp(Note)} gives the time this witness
 * cosigned it. The verifier keeps no state, so it is thread-safe. It does not judge the
 * timestamp (C2SP lets verifiers reject timestamps in the future; that policy is the caller's).
 */
public final class CosignatureVerifier implements NoteVerifier {
  private final String name;
  private final KeyId keyId;
  private final Ed25519.PublicKey publicKey;

  private CosignatureVerifier(String name, KeyId keyId, Ed25519.PublicKey publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /**
   * Parses a cosigner verifier key, {@code <name>+<key ID>+<base64(0x04 || 32-byte public key)>},
   * with the same checks and error order as {@code VerifierKey.parse}.
   *
   * @param vkey the key text
   * @return the cosignature verifier
   * @throws MalformedInputException if the key text is malformed, its hash is wrong, or its type
   *     byte is not {@code 0x04}
   */
  public static CosignatureVerifier parse(String vkey) throws MalformedInputException {
    String source = "cosigner key " + Codecs.quote(vkey);
    KeyText.Parts p = KeyText.parseVerifier(vkey, source);
    if (p.type() != CosignatureSigner.TYPE) {
      throw new MalformedInputException(source, p.keyOffset(), KeyText.UNKNOWN_ALGORITHM
          + String.format(Locale.ROOT, ": type 0x%02x, want 0x04 (Ed25519 cosignature)", p.type()));
    }
    return fromKey(p.name(), p.key(), source, p.keyOffset());
  }

  /**
   * Returns the cosignature verifier named {@code name} for a raw 32-byte Ed25519 public key.
   *
   * @param name the key name
   * @param publicKey the 32-byte Ed25519 public key
   * @return the cosignature verifier
   * @throws MalformedInputException if the name is invalid or the key is not a usable public key
   */
  public static CosignatureVerifier of(String name, byte[] publicKey) throws MalformedInputException {
    String source = "cosigner key " + Codecs.quote(name);
    String bad = KeyText.nameProblem(name);
    if (bad != null) {
      throw new MalformedInputException(source, 0, KeyText.MALFORMED + ": name " + bad);
    }
    return fromKey(name, publicKey, source, -1);
  }

  private static CosignatureVerifier fromKey(String name, byte[] key, String source, int offset)
      throws MalformedInputException {
    if (key.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException(source, offset, KeyText.MALFORMED + ": Ed25519 public key has "
          + key.length + " bytes, want " + Ed25519.KEY_SIZE);
    }
    Ed25519.PublicKey pk = Ed25519.decodePublicKey(key);
    if (pk == null) {
      throw new MalformedInputException(source, offset, KeyText.MALFORMED
          + ": not a canonical Ed25519 public key of large order");
    }
    return new CosignatureVerifier(name, KeyId.compute(name, KeyText.withType(CosignatureSigner.TYPE, key)), pk);
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

  /**
   * Reports whether {@code signature} is a 72-byte timestamped cosignature of the checkpoint text
   * {@code message} by this key, with a timestamp of at most 2^63-1.
   */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != CosignatureMessage.SIZE) {
      return false;
    }
    long t = CosignatureMessage.timestamp(signature);
    if (t < 0) {
      return false;
    }
    byte[] m = CosignatureMessage.signed(t, message);
    return publicKey.verify(m, 0, m.length, signature, 8);
  }

  /**
   * Returns the timestamp (POSIX seconds) of this cosigner's verified signature on {@code note},
   * or empty when {@code note.signatures()} holds none by this key. Only notes returned by
   * {@code Note.open} have verified signatures, so a present value was checked by {@link #verify}.
   *
   * @param note an opened note
   * @return the time of the cosignature, or empty
   */
  public OptionalLong timestamp(Note note) {
    for (NoteSignature s : note.signatures()) {
      if (s.name().equals(name) && s.keyId().equals(keyId)) {
        byte[] sig = s.signatureBytes();
        if (sig.length == CosignatureMessage.SIZE) {
          return OptionalLong.of(CosignatureMessage.timestamp(sig));
        }
      }
    }
    return OptionalLong.empty();
  }

  /** Returns the key text, {@code <name>+<keyId>+<base64(0x04 || key)>}, which {@link #parse} accepts. */
  @Override
  public String toString() {
    return KeyText.formatVerifier(name, keyId.value(), KeyText.withType(CosignatureSigner.TYPE, publicKey.encoded()));
  }

  /** Two cosignature verifiers are equal when their names and public keys are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CosignatureVerifier && name.equals(((CosignatureVerifier) o).name)
        && publicKey.equals(((CosignatureVerifier) o).publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId.hashCode();
  }
}
