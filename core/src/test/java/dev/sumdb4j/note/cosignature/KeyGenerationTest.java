package dev.sumdb4j.note.cosignature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.internal.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Key generation draws its whole seed from the given random source (for both key kinds), and the
 * cosignature timestamp is accepted from 0 up and refused below, when signing and when verifying.
 */
class KeyGenerationTest {
  private static final byte[] CHECKPOINT =
      "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n".getBytes(StandardCharsets.UTF_8);

  /** A random source that hands out 1, 2, 3, ... and counts the bytes asked for. */
  private static final class Counting extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int next = 1;
    int drawn;

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) next++;
      }
      drawn += bytes.length;
    }
  }

  private static byte[] seed(int first) {
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (first + i);
    }
    return s;
  }

  /** The raw bytes of a PRIVATE+KEY+name+id+base64 key text (base64 may hold '+' too). */
  private static byte[] keyBytes(String skey) {
    return Base64.getDecoder().decode(skey.split("\\+", 5)[4]);
  }

  @Test
  void signerKeyGenerate_seedIsTheRandomSourcesBytes() throws Exception {
    Counting random = new Counting();
    SignerKey k = SignerKey.generate("example.com/log", random);
    assertEquals(32, random.drawn);
    SignerKey want = SignerKey.fromSeed("example.com/log", seed(1));
    assertEquals(want.format(), k.format());
    byte[] raw = keyBytes(k.format());
    assertEquals(1, raw[0]);
    assertArrayEquals(seed(1), Arrays.copyOfRange(raw, 1, 33));
    // a second key from the same source continues where the first stopped
    assertArrayEquals(seed(33), Arrays.copyOfRange(keyBytes(SignerKey.generate("example.com/log", random).format()), 1, 33));
  }

  @Test
  void signerKeyGenerate_twoKeysFromTheSystemSource_differ() throws Exception {
    SecureRandom r = new SecureRandom();
    assertNotEquals(SignerKey.generate("a.example", r).format(), SignerKey.generate("a.example", r).format());
    assertFalse(Arrays.equals(new byte[32], Arrays.copyOfRange(keyBytes(SignerKey.generate("a.example", r).format()), 1, 33)));
  }

  @Test
  void cosignatureSignerGenerate_seedIsTheRandomSourcesBytes() throws Exception {
    Counting random = new Counting();
    CosignatureSigner w = CosignatureSigner.generate("witness.example", random);
    assertEquals(32, random.drawn);
    byte[] raw = keyBytes(w.format());
    assertEquals(CosignatureSigner.TYPE, raw[0]);
    assertArrayEquals(seed(1), Arrays.copyOfRange(raw, 1, 33));
    assertArrayEquals(Ed25519.publicKeyOf(seed(1)), w.verifier().publicKey());
    SecureRandom r = new SecureRandom();
    assertNotEquals(CosignatureSigner.generate("w.example", r).format(), CosignatureSigner.generate("w.example", r).format());
  }

  @Test
  void cosignatureSignerGenerate_badName_rejectedBeforeDrawingRandomness() {
    Counting random = new Counting();
    assertThrows(dev.sumdb4j.MalformedInputException.class, () -> CosignatureSigner.generate("bad name", random));
    assertEquals(0, random.drawn);
  }

  @Test
  void verifierEquality_sameNameAndKeyOnly() throws Exception {
    CosignatureVerifier a = CosignatureSigner.generate("witness.example", new Counting()).verifier();
    CosignatureVerifier same = CosignatureSigner.generate("witness.example", new Counting()).verifier();
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, CosignatureSigner.generate("other.example", new Counting()).verifier());
    Counting later = new Counting();
    later.nextBytes(new byte[1]);
    assertNotEquals(a, CosignatureSigner.generate("witness.example", later).verifier());
    assertNotEquals(a, (Object) "witness.example");
  }

  private static CosignatureSigner witnessAt(long epochSecond) throws Exception {
    return CosignatureSigner.generate("witness.example", new Counting())
        .withClock(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  @Test
  void sign_atTheEpoch_timestampZeroVerifies() throws Exception {
    CosignatureSigner w = witnessAt(0);
    byte[] sig = w.sign(CHECKPOINT);
    assertEquals(0, CosignatureMessage.timestamp(sig));
    assertTrue(w.verifier().verify(CHECKPOINT, sig));
  }

  @Test
  void sign_clockBefore1970_refused() throws Exception {
    SumdbException e = assertThrows(SumdbException.class, () -> witnessAt(-1).sign(CHECKPOINT));
    assertTrue(e.getMessage().contains("clock is before 1970"), e.getMessage());
  }

  @Test
  void sign_largestTimestamp_verifies() throws Exception {
    long t = Instant.MAX.getEpochSecond();
    CosignatureSigner w = witnessAt(t);
    byte[] sig = w.sign(CHECKPOINT);
    assertEquals(t, CosignatureMessage.timestamp(sig));
    assertTrue(w.verifier().verify(CHECKPOINT, sig));
  }

  /** A cosignature whose 8-byte timestamp is negative as a signed long, correctly signed over that "time": refused. */
  @Test
  void verify_timestampWithTheTopBitSet_refusedEvenWhenTheSignatureMatches() throws Exception {
    CosignatureSigner w = witnessAt(0);
    byte[] publicKey = w.verifier().publicKey();
    for (long t : new long[] {-1, Long.MIN_VALUE, 0x8000_0000_0000_0001L}) {
      byte[] sig = new byte[CosignatureMessage.SIZE];
      CosignatureMessage.putTimestamp(sig, t);
      byte[] ed = Ed25519.sign(seed(1), publicKey, CosignatureMessage.signed(t, CHECKPOINT));
      System.arraycopy(ed, 0, sig, 8, ed.length);
      assertFalse(w.verifier().verify(CHECKPOINT, sig), "timestamp " + t);
    }
    // the same construction with t = 0 and t = 2^63-1 verifies: only the sign of t is refused
    for (long t : new long[] {0, Long.MAX_VALUE}) {
      byte[] sig = new byte[CosignatureMessage.SIZE];
      CosignatureMessage.putTimestamp(sig, t);
      byte[] ed = Ed25519.sign(seed(1), publicKey, CosignatureMessage.signed(t, CHECKPOINT));
      System.arraycopy(ed, 0, sig, 8, ed.length);
      assertTrue(w.verifier().verify(CHECKPOINT, sig), "timestamp " + t);
    }
  }
}
