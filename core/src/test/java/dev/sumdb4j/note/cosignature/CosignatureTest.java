package dev.sumdb4j.note.cosignature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.note.InvalidSignatureException;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.internal.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CosignatureTest {
  private static final String CHECKPOINT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  private static final byte[] SEED = new byte[32];
  private static final long T = 1679315147L;

  static {
    Arrays.fill(SEED, (byte) 7);
  }

  private static CosignatureSigner witness() throws Exception {
    byte[] typed = new byte[33];
    typed[0] = 0x04;
    System.arraycopy(SEED, 0, typed, 1, 32);
    byte[] pub = Ed25519.publicKeyOf(SEED);
    String name = "witness.example.com/w1";
    KeyId id = KeyId.compute(name, concat(new byte[] {4}, pub));
    return CosignatureSigner.parse("PRIVATE+KEY+" + name + "+" + id + "+" + Base64.getEncoder().encodeToString(typed))
        .withClock(Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC));
  }

  @Test
  void keyId_isSha256OfNameNewline0x04Key() throws Exception {
    CosignatureSigner s = witness();
    byte[] pub = Ed25519.publicKeyOf(SEED);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] h = sha.digest(concat("witness.example.com/w1\n".getBytes(StandardCharsets.UTF_8), new byte[] {4}, pub));
    assertEquals(new KeyId(java.nio.ByteBuffer.wrap(h).getInt()), s.keyId());
    assertEquals(s.keyId(), s.verifier().keyId());
    CosignatureVerifier v = CosignatureVerifier.parse(s.verifier().toString());
    assertEquals(s.verifier(), v);
    assertTrue(v.toString().startsWith("witness.example.com/w1+" + s.keyId() + "+B"), v.toString());
  }

  /** Computed with Go's crypto/ed25519 following the C2SP spec (seed of 32 bytes 0x07). */
  private static final String GO_VKEY = "witness.example.com/w1+8122a5ab+BOpKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";
  private static final String GO_LINE = "\u2014 witness.example.com/w1 gSKlqwAAAABkGFDLWr4Jea05CAgwNVtwky0Jgz6WfX0QJgM"
      + "//FkB/W9BoT9TX0DkTxG+2cT4p/ViKNhUM/SnUwFcYQzugGFQ15LwDw==\n";

  @Test
  void sign_matchesIndependentGoVector() throws Exception {
    CosignatureSigner s = witness();
    assertEquals(GO_VKEY, s.verifier().toString());
    byte[] msg = Note.sign(Note.of(CHECKPOINT), s);
    assertEquals(CHECKPOINT + "\n" + GO_LINE, new String(msg, StandardCharsets.UTF_8));
    Note n = Note.open(msg, Verifiers.of(CosignatureVerifier.parse(GO_VKEY)));
    assertEquals(OptionalLong.of(T), CosignatureVerifier.parse(GO_VKEY).timestamp(n));
  }

  @Test
  void sign_layoutIsTimestampThenSignatureOverCosignatureMessage() throws Exception {
    CosignatureSigner s = witness();
    byte[] text = CHECKPOINT.getBytes(StandardCharsets.UTF_8);
    byte[] sig = s.sign(text);
    assertEquals(72, sig.length);
    assertEquals(T, java.nio.ByteBuffer.wrap(sig).getLong());
    byte[] signed = ("cosignature/v1\ntime " + T + "\n" + CHECKPOINT).getBytes(StandardCharsets.UTF_8);
    byte[] pub = Ed25519.publicKeyOf(SEED);
    assertArrayEquals(Ed25519.sign(SEED, pub, signed), Arrays.copyOfRange(sig, 8, 72));
    assertTrue(s.verifier().verify(text, sig));
  }

  @Test
  void openNote_logAndWitness_bothVerifiedWithTimestamp() throws Exception {
    SignerKey log = SignerKey.generate("example.com/behind-the-sofa", new SecureRandom());
    CosignatureSigner w = witness();
    byte[] msg = Note.sign(Note.of(CHECKPOINT), log, w);
    Note n = Note.open(msg, Verifiers.of(log.verifierKey(), w.verifier()));
    assertEquals(2, n.signatures().size());
    assertEquals(OptionalLong.of(T), w.verifier().timestamp(n));
    Note logOnly = Note.open(msg, Verifiers.of(log.verifierKey()));
    assertEquals(OptionalLong.empty(), w.verifier().timestamp(logOnly));
  }

  @Test
  void verify_wrongTimestampOrFlippedBit_false() throws Exception {
    CosignatureSigner s = witness();
    CosignatureVerifier v = s.verifier();
    byte[] text = CHECKPOINT.getBytes(StandardCharsets.UTF_8);
    byte[] sig = s.sign(text);
    for (int bit = 0; bit < sig.length * 8; bit++) {
      byte[] bad = sig.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(v.verify(text, bad), "bit " + bit);
    }
    byte[] later = s.withClock(Clock.fixed(Instant.ofEpochSecond(T + 1), ZoneOffset.UTC)).sign(text);
    byte[] swapped = sig.clone();
    System.arraycopy(later, 0, swapped, 0, 8);
    assertFalse(v.verify(text, swapped));
    assertFalse(v.verify(text, Arrays.copyOf(sig, 71)));
    byte[] otherText = CHECKPOINT.replace("20852163", "20852164").getBytes(StandardCharsets.UTF_8);
    assertFalse(v.verify(otherText, sig));
  }

  @Test
  void openNote_tamperedCosignature_invalidSignature() throws Exception {
    SignerKey log = SignerKey.generate("log.example", new SecureRandom());
    CosignatureSigner w = witness();
    byte[] msg = Note.sign(Note.of(CHECKPOINT), log, w);
    String s = new String(msg, StandardCharsets.UTF_8);
    Note parsed = Note.open(msg, Verifiers.of(log.verifierKey()));
    String b64 = parsed.unverifiedSignatures().get(0).base64();
    byte[] raw = Base64.getDecoder().decode(b64);
    raw[11] ^= 1; // inside the timestamp
    String tampered = s.replace(b64, Base64.getEncoder().encodeToString(raw));
    assertThrows(InvalidSignatureException.class, () -> Note.open(
        tampered.getBytes(StandardCharsets.UTF_8), Verifiers.of(log.verifierKey(), w.verifier())));
  }

  @Test
  void parse_ed25519NoteKey_rejectedWithTypeInMessage() throws Exception {
    String vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> CosignatureVerifier.parse(vkey));
    assertTrue(e.reason().startsWith("unknown verifier algorithm: type 0x01"), e.getMessage());
    VerifierKey.parse(vkey);
    assertThrows(MalformedInputException.class,
        () -> CosignatureSigner.parse("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
  }

  @Test
  void generate_roundTripsThroughKeyText() throws Exception {
    CosignatureSigner s = CosignatureSigner.generate("w.example", new SecureRandom());
    CosignatureSigner again = CosignatureSigner.parse(s.format());
    assertEquals(s.verifier(), again.verifier());
    assertEquals("CosignatureSigner[w.example+" + s.keyId() + "]", s.toString());
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
