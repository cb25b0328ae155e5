package dev.sumdb4j.note.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();
  /** The order of the base point, L = 2^252 + 27742317777372353535851937790883648493. */
  private static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** RFC 8032 section 7.1, TEST 1 (empty message). */
  @Test
  void rfc8032Test1_signAndVerify() {
    byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] pub = Ed25519.publicKeyOf(seed);
    assertArrayEquals(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), pub);
    byte[] sig = Ed25519.sign(seed, pub, new byte[0]);
    assertArrayEquals(HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"), sig);
    Ed25519.PublicKey pk = Ed25519.decodePublicKey(pub);
    assertNotNull(pk);
    assertTrue(pk.verify(new byte[0], 0, 0, sig, 0));
  }

  @Test
  void verify_sPlusL_rejectedAsGo() {
    byte[] seed = new byte[32];
    byte[] pub = Ed25519.publicKeyOf(seed);
    byte[] msg = "hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sig = Ed25519.sign(seed, pub, msg);
    Ed25519.PublicKey pk = Ed25519.decodePublicKey(pub);
    assertTrue(pk.verify(msg, 0, msg.length, sig, 0));
    BigInteger s = new BigInteger(1, reverse(java.util.Arrays.copyOfRange(sig, 32, 64)));
    BigInteger malleated = s.add(L);
    if (malleated.bitLength() <= 253) { // otherwise the top-bits check alone rejects it
      byte[] bad = sig.clone();
      byte[] le = reverse(toFixed(malleated));
      System.arraycopy(le, 0, bad, 32, 32);
      assertFalse(pk.verify(msg, 0, msg.length, bad, 0), "S + L must be rejected (Go: SetCanonicalBytes)");
    }
  }

  @Test
  void decodePublicKey_smallOrderAndNonCanonical_null() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertNull(Ed25519.decodePublicKey(identity));
    byte[] negZero = identity.clone();
    negZero[31] = (byte) 0x80;
    assertNull(Ed25519.decodePublicKey(negZero));
    assertNull(Ed25519.decodePublicKey(new byte[32])); // y = 0: a point of order 4
    byte[] p = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    assertNull(Ed25519.decodePublicKey(p)); // y = p, a non-canonical 0
    assertNull(Ed25519.decodePublicKey(new byte[31]));
  }

  @Test
  void decodePublicKey_everySmallOrderPoint_null() {
    String[] smallOrder = {
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    };
    for (String p : smallOrder) {
      assertNull(Ed25519.decodePublicKey(HEX.parseHex(p)), p);
    }
  }

  private static byte[] toFixed(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
