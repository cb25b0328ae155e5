package dev.sumdb4j.note.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Our fixed-base verifier must give Bouncy Castle's verdict on honest and mangled signatures. */
class Ed25519VerifierTest {
  private static boolean bc(byte[] pub, byte[] msg, byte[] sig) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, 0, pub, 0, msg, 0, msg.length);
  }

  @Property(tries = 300)
  void verify_honestAndMangled_agreesWithBouncyCastle(@ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 200) byte[] msg, @ForAll @IntRange(min = 0, max = 7) int mangle,
      @ForAll @IntRange(min = 0, max = 511) int bit, @ForAll @Size(64) byte[] junk) {
    byte[] pub = Ed25519.publicKeyOf(seed);
    byte[] sig = Ed25519.sign(seed, pub, msg);
    byte[] m = msg;
    switch (mangle) {
      case 0: break;
      case 1: sig[bit / 8] ^= (byte) (1 << (bit % 8)); break;
      case 2: sig = junk; break;
      case 3: System.arraycopy(junk, 0, sig, 0, 32); break;           // random R
      case 4: System.arraycopy(junk, 32, sig, 32, 32); sig[63] &= 0x0f; break; // random S below 2^252
      case 5: sig = sPlusL(sig); break;
      case 6: m = Arrays.copyOf(msg, msg.length + 1); break;
      default: pub = Ed25519.publicKeyOf(junk.clone()); break;         // another key
    }
    Ed25519Verifier ours = new Ed25519Verifier(pub);
    boolean want = bc(pub, m, sig);
    assertEquals(want, ours.verify(m, 0, m.length, sig, 0), "mangle " + mangle);
    if (mangle == 0) {
      assertTrue(want);
    }
  }

  @org.junit.jupiter.api.Test
  void verify_fewerThan64SignatureBytes_falseNotAnException() {
    byte[] seed = new byte[32];
    byte[] pub = Ed25519.publicKeyOf(seed);
    byte[] msg = "msg".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] sig = Ed25519.sign(seed, pub, msg);
    Ed25519Verifier ours = new Ed25519Verifier(pub);
    byte[] shifted = new byte[65];
    System.arraycopy(sig, 0, shifted, 1, 64);
    assertTrue(ours.verify(msg, 0, msg.length, shifted, 1), "a signature at an offset");
    assertEquals(false, ours.verify(msg, 0, msg.length, Arrays.copyOf(sig, 63), 0), "63 bytes");
    assertEquals(false, ours.verify(msg, 0, msg.length, sig, 1), "64 bytes from offset 1");
    assertEquals(false, ours.verify(msg, 0, msg.length, new byte[0], 0), "no bytes");
  }

  @org.junit.jupiter.api.Test
  void verify_sEqualToTheGroupOrder_refused_evenWhereItWouldCheckOut() {
    // With the identity as public key ([k]A is the identity for every k) and the identity as R,
    // the equation [S]B = R + [k]A holds for S = 0 and for S = L alike: only the check S < L tells
    // them apart. Go's crypto/ed25519 accepts S = 0 here (it does not refuse small-order keys) and
    // refuses S = L as non-canonical; so must this verifier.
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] msg = "msg".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Ed25519Verifier ours = new Ed25519Verifier(identity);
    byte[] zero = new byte[64];
    zero[0] = 1;
    assertTrue(ours.verify(msg, 0, msg.length, zero, 0), "S = 0: the equation holds, as in Go");
    byte[] l = zero.clone();
    byte[] order = Ed25519Verifier.L.toByteArray();
    for (int i = 0; i < order.length && i < 32; i++) {
      l[32 + i] = order[order.length - 1 - i];
    }
    assertEquals(false, ours.verify(msg, 0, msg.length, l, 0), "S = L: not canonical");
  }

  private static byte[] sPlusL(byte[] sig) {
    byte[] le = Arrays.copyOfRange(sig, 32, 64);
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    BigInteger s = new BigInteger(1, be).add(Ed25519Verifier.L);
    byte[] b = s.toByteArray();
    byte[] out = sig.clone();
    for (int i = 0; i < 32; i++) {
      out[32 + i] = i < b.length ? b[b.length - 1 - i] : 0;
    }
    return out;
  }
}
