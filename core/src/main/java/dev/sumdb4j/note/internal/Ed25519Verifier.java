package dev.sumdb4j.note.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Fast Ed25519 verification for a fixed public key, with Go's exact verdicts: checks
 * {@code S < L}, computes {@code R' = [S]B - [k]A} (cofactorless) and compares the canonical
 * encoding of {@code R'} with the signature's {@code R} byte for byte, as Go's
 * {@code crypto/ed25519.Verify} does.
 *
 * <p>Speed comes from fixed-base tables: for both the base point {@code B} (shared) and the key
 * {@code A} (built once per key) we keep {@code j * 2^(W*i) * P} for every window {@code i} and
 * digit {@code 1 <= j <= 2^(W-1)}, so a scalar multiplication is about {@code 256/W} point
 * additions and no doublings. Field arithmetic is Bouncy Castle's {@link X25519Field}. Runs in
 * variable time, which is fine: every input of a verification is public.
 */
final class Ed25519Verifier {
  private static final int W = 5;
  private static final int WINDOWS = (253 + W) / W + 1;
  private static final int DIGITS = 1 << (W - 1);
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  /** The group order L = 2^252 + 27742317777372353535851937790883648493. */
  static final BigInteger L = BigInteger.ONE.shiftLeft(252)
      .add(new BigInteger("27742317777372353535851937790883648493"));
  private static final byte[] L_BYTES = littleEndian(L);
  private static final int[] D = fe(BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
  private static final int[] D2 = fe(fromFe(D).shiftLeft(1).mod(P));
  private static final byte[] B_ENCODED = new byte[32];
  private static final int[][] B_TABLE;

  static {
    Arrays.fill(B_ENCODED, (byte) 0x66);
    B_ENCODED[0] = 0x58;
    B_TABLE = table(decode(B_ENCODED));
  }

  private final byte[] encoded;
  private final int[][] table;

  /** Builds the tables for the public key {@code encoded}, or throws if it does not decode. */
  Ed25519Verifier(byte[] encoded) {
    int[][] p = decode(encoded);
    if (p == null) {
      throw new IllegalArgumentException("not an Ed25519 point");
    }
    this.encoded = encoded.clone();
    this.table = table(p);
  }

  /** Reports whether {@code sig[sigOff, sigOff+64)} is a valid signature of {@code msg[off, off+len)}. */
  boolean verify(byte[] msg, int off, int len, byte[] sig, int sigOff) {
    if (sig.length - sigOff < 64) {
      return false;
    }
    byte[] r = computeR(msg, off, len, sig, sigOff);
    if (r == null) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      if (r[i] != sig[sigOff + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the canonical encoding of {@code [S]B - [k]A} with {@code k = SHA-512(R || A || msg) mod L}
   * for the 64-byte signature {@code R || S} at {@code sig[sigOff]}, or null when {@code S >= L}.
   * Visible for the differential test against Go.
   */
  byte[] computeR(byte[] msg, int off, int len, byte[] sig, int sigOff) {
    if (!lessThanL(sig, sigOff + 32)) {
      return null;
    }
    SHA512Digest sha = new SHA512Digest();
    sha.update(sig, sigOff, 32);
    sha.update(encoded, 0, 32);
    sha.update(msg, off, len);
    byte[] h = new byte[64];
    sha.doFinal(h, 0);
    byte[] k = littleEndian(new BigInteger(1, reverse(h)).mod(L));
    byte[] s = Arrays.copyOfRange(sig, sigOff + 32, sigOff + 64);
    int[][] acc = identity();
    int[][] tmp = newPoint();
    int[][] scratch = newScratch();
    byte[] ds = digits(s);
    byte[] dk = digits(k);
    for (int i = 0; i < WINDOWS; i++) {
      if (ds[i] != 0) {
        add(acc, B_TABLE, i * DIGITS + Math.abs(ds[i]) - 1, ds[i] < 0, tmp, scratch);
        int[][] t = acc; acc = tmp; tmp = t;
      }
      if (dk[i] != 0) {
        add(acc, table, i * DIGITS + Math.abs(dk[i]) - 1, dk[i] > 0, tmp, scratch); // subtract [k]A
        int[][] t = acc; acc = tmp; tmp = t;
      }
    }
    return encode(acc);
  }

  // Points: extended coordinates {X, Y, Z, T} with x = X/Z, y = Y/Z, xy = T/Z.
  // Table entries ("cached"): {Y+X, Y-X, 2Z, 2dT}, stored flat as 4 rows per entry.

  private static int[][] newPoint() {
    return new int[][] {X25519Field.create(), X25519Field.create(), X25519Field.create(), X25519Field.create()};
  }

  private static int[][] identity() {
    int[][] p = newPoint();
    X25519Field.one(p[1]);
    X25519Field.one(p[2]);
    return p;
  }

  /** Decodes a point (RFC 8032 5.1.3, also accepting what BC validated), or null. */
  private static int[][] decode(byte[] enc) {
    byte[] y = enc.clone();
    int sign = (y[31] & 0x80) >>> 7;
    y[31] &= 0x7f;
    int[][] p = newPoint();
    X25519Field.decode(y, 0, p[1]);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(p[1], u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    if (!X25519Field.sqrtRatioVar(u, v, p[0])) {
      return null;
    }
    X25519Field.normalize(p[0]);
    if (sign == 1 && X25519Field.isZeroVar(p[0])) {
      return null;
    }
    if (sign != (p[0][0] & 1)) {
      X25519Field.negate(p[0], p[0]);
      X25519Field.normalize(p[0]);
    }
    X25519Field.one(p[2]);
    X25519Field.mul(p[0], p[1], p[3]);
    return p;
  }

  /** The cached form {Y+X, Y-X, 2Z, 2dT} of an extended point. */
  private static int[][] cached(int[][] p) {
    int[][] c = newPoint();
    X25519Field.apm(p[1], p[0], c[0], c[1]);
    X25519Field.add(p[2], p[2], c[2]);
    X25519Field.carry(c[2]);
    X25519Field.mul(p[3], D2, c[3]);
    return c;
  }

  /** Builds {@code j * 2^(W*i) * p} for every window i and digit j, in cached form. */
  private static int[][] table(int[][] p) {
    int[][] t = new int[WINDOWS * DIGITS * 4][];
    int[][] base = p;
    int[][] tmp = newPoint();
    for (int i = 0; i < WINDOWS; i++) {
      int[][] baseCached = cached(base);
      int[][] cur = base;
      for (int j = 0; j < DIGITS; j++) {
        if (j > 0) {
          int[][] next = newPoint();
          addCached(cur, baseCached, false, next);
          cur = next;
        }
        int[][] c = cached(cur);
        System.arraycopy(c, 0, t, (i * DIGITS + j) * 4, 4);
      }
      for (int d = 0; d < W; d++) { // base = 2^W * base
        int[][] next = newPoint();
        addCached(base, cached(base), false, next);
        base = next;
      }
    }
    return t;
  }

  private static void add(int[][] p, int[][] table, int entry, boolean negate, int[][] out, int[][] scratch) {
    int o = entry * 4;
    addCachedRows(p, table[o], table[o + 1], table[o + 2], table[o + 3], negate, out, scratch);
  }

  private static void addCached(int[][] p, int[][] q, boolean negate, int[][] out) {
    addCachedRows(p, q[0], q[1], q[2], q[3], negate, out, newScratch());
  }

  /** Eight field elements of working space for one addition, reusable across additions. */
  private static int[][] newScratch() {
    int[][] s = new int[8][];
    for (int i = 0; i < 8; i++) {
      s[i] = X25519Field.create();
    }
    return s;
  }

  /** out = p + q (or p - q): add-2008-hwcd-3 for a = -1, complete on edwards25519. */
  private static void addCachedRows(int[][] p, int[] ypx2, int[] ymx2, int[] z2, int[] t2d, boolean negate,
      int[][] out, int[][] scratch) {
    int[] a = scratch[0];
    int[] b = scratch[1];
    int[] c = scratch[2];
    int[] d = scratch[3];
    int[] e = scratch[4];
    int[] f = scratch[5];
    int[] g = scratch[6];
    int[] h = scratch[7];
    X25519Field.apm(p[1], p[0], b, a);             // b = Y1+X1, a = Y1-X1
    X25519Field.mul(a, negate ? ypx2 : ymx2, a);
    X25519Field.mul(b, negate ? ymx2 : ypx2, b);
    X25519Field.mul(p[3], t2d, c);
    X25519Field.mul(p[2], z2, d);
    X25519Field.apm(b, a, h, e);                   // h = B+A, e = B-A
    if (negate) {
      X25519Field.apm(d, c, f, g);                 // c -> -c: g = D-C, f = D+C
      X25519Field.carry(f);
    } else {
      X25519Field.apm(d, c, g, f);                 // g = D+C, f = D-C
      X25519Field.carry(g);
    }
    X25519Field.mul(e, f, out[0]);
    X25519Field.mul(g, h, out[1]);
    X25519Field.mul(f, g, out[2]);
    X25519Field.mul(e, h, out[3]);
  }

  private static byte[] encode(int[][] p) {
    int[] zi = X25519Field.create();
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.invVar(p[2], zi);
    X25519Field.mul(p[0], zi, x);
    X25519Field.mul(p[1], zi, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    byte[] r = new byte[32];
    X25519Field.encode(y, r, 0);
    r[31] |= (byte) ((x[0] & 1) << 7);
    return r;
  }

  /** Signed base-2^W digits of a little-endian scalar below 2^253, each in [-2^(W-1), 2^(W-1)). */
  private static byte[] digits(byte[] scalar) {
    byte[] out = new byte[WINDOWS];
    int carry = 0;
    for (int i = 0; i < WINDOWS; i++) {
      int v = bits(scalar, i * W) + carry;
      carry = v >= DIGITS ? 1 : 0;
      out[i] = (byte) (v - (carry << W));
    }
    if (carry != 0) {
      throw new AssertionError("bad math: scalar too large for " + WINDOWS + " windows");
    }
    return out;
  }

  private static int bits(byte[] s, int bit) {
    int v = 0;
    for (int k = 0; k < W; k++) {
      int b = bit + k;
      if (b < 256) {
        v |= ((s[b >>> 3] >>> (b & 7)) & 1) << k;
      }
    }
    return v;
  }

  private static boolean lessThanL(byte[] s, int off) {
    for (int i = 31; i >= 0; i--) {
      int a = s[off + i] & 0xff;
      int b = L_BYTES[i] & 0xff;
      if (a != b) {
        return a < b;
      }
    }
    return false;
  }

  private static int[] fe(BigInteger v) {
    int[] f = X25519Field.create();
    X25519Field.decode(littleEndian(v), 0, f);
    return f;
  }

  private static BigInteger fromFe(int[] f) {
    int[] g = X25519Field.create();
    X25519Field.copy(f, 0, g, 0);
    X25519Field.normalize(g);
    byte[] b = new byte[32];
    X25519Field.encode(g, b, 0);
    return new BigInteger(1, reverse(b));
  }

  private static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
