package dev.sumdb4j.note.cosignature;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.NoteSigner;
import dev.sumdb4j.note.internal.Ed25519;
import dev.sumdb4j.note.internal.KeyText;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;

/**
 * Makes C2SP tlog-cosignature/v1 witness cosignatures (type {@code 0x04}) stamped with the time of
 * a {@link Clock}. The key text is {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x04 || seed)>},
 * the signed-note signer key layout with the cosignature type byte.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows key material.
 */
public final class CosignatureSigner implements NoteSigner {
  /** The signature type byte of Ed25519 cosignatures. */
  public static final int TYPE = 0x04;

  private final String name;
  private final KeyId keyId;
  private final byte[] seed;
  private final byte[] publicKey;
  private final Clock clock;

  private CosignatureSigner(String name, byte[] seed, Clock clock) {
    this.name = name;
    this.seed = seed;
    this.publicKey = Ed25519.publicKeyOf(seed);
    this.keyId = KeyId.compute(name, KeyText.withType(TYPE, publicKey));
    this.clock = clock;
  }

  /**
   * Parses {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x04 || 32-byte seed)>}; the signer uses the
   * system UTC clock. Error messages never contain the key text.
   *
   * @param skey the secret key text
   * @return the cosigner
   * @throws MalformedInputException if the text is malformed, the type is not 0x04, or the hash is wrong
   */
  public static CosignatureSigner parse(String skey) throws MalformedInputException {
    String source = "cosigner signer key";
    KeyText.Parts p = KeyText.parseSigner(skey, source);
    if (p.type() != TYPE) {
      throw new MalformedInputException(source, p.keyOffset(), KeyText.UNKNOWN_ALGORITHM
          + String.format(Locale.ROOT, ": type 0x%02x, want 0x04 (Ed25519 cosignature)", p.type()));
    }
    if (p.key().length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException(source, p.keyOffset(), KeyText.MALFORMED
          + ": Ed25519 seed has " + p.key().length + " bytes, want " + Ed25519.KEY_SIZE);
    }
    CosignatureSigner s = new CosignatureSigner(p.name(), p.key(), Clock.systemUTC());
    if (!s.keyId.equals(new KeyId(p.keyHash()))) {
      throw new MalformedInputException(source, -1, KeyText.BAD_HASH + ": key hash is " + new KeyId(p.keyHash())
          + ", but the name and derived public key hash to " + s.keyId);
    }
    return s;
  }

  /**
   * Generates a new cosigner key, using the system UTC clock.
   *
   * @param name the key name
   * @param random the source of the 32-byte seed
   * @return the new cosigner
   * @throws MalformedInputException if {@code name} is not a valid key name
   */
  public static CosignatureSigner generate(String name, SecureRandom random) throws MalformedInputException {
    String bad = KeyText.nameProblem(name);
    if (bad != null) {
      throw new MalformedInputException("cosigner key " + Codecs.quote(name), 0, KeyText.MALFORMED + ": name " + bad);
    }
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    random.nextBytes(seed);
    return new CosignatureSigner(name, seed, Clock.systemUTC());
  }

  /**
   * Returns the same key with another clock.
   *
   * @param clock the clock whose time stamps cosignatures
   * @return the same key stamping cosignatures with the time of {@code clock}
   */
  public CosignatureSigner withClock(Clock clock) {
    return new CosignatureSigner(name, seed, clock);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyId keyId() {
    return keyId;
  }

  /** {@return the matching verifier} */
  public CosignatureVerifier verifier() {
    try {
      return CosignatureVerifier.of(name, publicKey);
    } catch (MalformedInputException e) {
      throw new AssertionError("bad math: a derived Ed25519 public key does not decode", e);
    }
  }

  /**
   * Cosigns the checkpoint text {@code message} at the clock's current second: returns the 8-byte
   * big-endian timestamp followed by the 64-byte Ed25519 signature.
   *
   * @throws SumdbException if the clock is before 1970
   */
  @Override
  public byte[] sign(byte[] message) throws SumdbException {
    long t = clock.instant().getEpochSecond();
    if (t < 0) {
      throw new SumdbException("cosigner " + name + "+" + keyId + ": clock is before 1970: " + clock.instant());
    }
    byte[] sig = new byte[CosignatureMessage.SIZE];
    CosignatureMessage.putTimestamp(sig, t);
    byte[] ed = Ed25519.sign(seed, publicKey, CosignatureMessage.signed(t, message));
    System.arraycopy(ed, 0, sig, 8, ed.length);
    return sig;
  }

  /** {@return the secret key text, {@code PRIVATE+KEY+<name>+<keyId>+<base64(0x04 || seed)>}} */
  public String format() {
    return KeyText.formatSigner(name, keyId.value(), KeyText.withType(TYPE, seed));
  }

  /** Returns {@code CosignatureSigner[<name>+<keyId>]}, never the key material. */
  @Override
  public String toString() {
    return "CosignatureSigner[" + name + "+" + keyId + "]";
  }
}
