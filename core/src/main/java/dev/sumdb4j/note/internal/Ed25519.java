package dev.sumdb4j.note.internal;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 (RFC 8032, pure, no context) with the verdicts of Go's {@code crypto/ed25519} for every
 * key we accept. Key validation, key derivation and signing use Bouncy Castle's {@code rfc8032}
 * code; verification uses {@link Ed25519Verifier} (Bouncy Castle field arithmetic, per-key
 * fixed-base tables), about 1.4 times Go's speed and twice Bouncy Castle's on our machine.
 *
 * <p>Verification is cofactorless and rejects {@code S >= L} and non-canonical {@code R}, as Go
 * does. Public keys are validated once ({@link #decodePublicKey}). We refuse,
 * at key-parse time, public keys that are not the canonical encoding of a point of large order
 * (the eight small-order points, and encodings with {@code y >= p}); Go accepts such keys, but
 * nobody holds their private key (a small-order key even verifies forged signatures), so no
 * honest signature is affected. Mixed-order keys are accepted and verified as Go does.
 */
public final class Ed25519 {
  /** Bytes in a public key and in a seed. */
  public static final int KEY_SIZE = 32;
  /** Bytes in a signature. */
  public static final int SIGNATURE_SIZE = 64;

  // Bouncy Castle builds its base-point tables (about 80 ms of a short run's start) on the first
  // signature or key derivation; verification uses Ed25519Verifier's own tables and never needs them.

  private Ed25519() {}

  /**
   * A decoded public key, immutable and safe to share between threads. Its verification tables
   * (about 190 KB) are built on the first {@link #verify} and then reused.
   */
  public static final class PublicKey {
    private final byte[] encoded;
    private volatile Ed25519Verifier verifier;

    private PublicKey(byte[] encoded) {
      this.encoded = encoded;
    }

    /** The 32-byte encoding (a copy). */
    public byte[] encoded() {
      return encoded.clone();
    }

    /** Reports whether {@code sig} is a valid signature of {@code msg[off, off+len)} by this key. */
    public boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff) {
      if (sig.length - sigOff != SIGNATURE_SIZE) {
        return false;
      }
      return verifier().verify(msg, off, len, sig, sigOff);
    }

    /** This key's verifier, built once, on first use (threads arriving meanwhile wait for it). */
    Ed25519Verifier verifier() {
      Ed25519Verifier v = verifier;
      if (v == null) {
        synchronized (this) {
          v = verifier;
          if (v == null) {
            v = new Ed25519Verifier(encoded);
            verifier = v;
          }
        }
      }
      return v;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PublicKey && Arrays.equals(encoded, ((PublicKey) o).encoded);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded);
    }
  }

  /**
   * Decodes a 32-byte public key, or returns null when it is not the canonical encoding of a
   * point of large order (see the class comment).
   */
  public static PublicKey decodePublicKey(byte[] key) {
    if (key.length != KEY_SIZE) {
      return null;
    }
    PublicPoint p = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(key, 0);
    if (p == null) {
      return null;
    }
    byte[] again = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.encodePublicPoint(p, again, 0);
    if (!Arrays.equals(again, key)) {
      return null;
    }
    return new PublicKey(key.clone());
  }

  /** Derives the 32-byte public key of a 32-byte seed (RFC 8032 private key). */
  public static byte[] publicKeyOf(byte[] seed) {
    byte[] pk = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  /** Signs {@code msg} deterministically with {@code seed}, whose public key is {@code publicKey}. */
  public static byte[] sign(byte[] seed, byte[] publicKey, byte[] msg) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, msg, 0, msg.length, sig, 0);
    return sig;
  }
}
