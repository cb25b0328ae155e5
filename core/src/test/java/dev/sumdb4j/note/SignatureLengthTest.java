package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A signature is exactly 64 bytes, as in Go's {@code ed25519.Verify}: a valid signature with a
 * byte appended (or one removed) does not verify, at the key and in a signed note, where it is an
 * invalid signature by a known key and not a malformed line.
 */
class SignatureLengthTest {
  private static byte[] peterSignature() {
    byte[] raw = Base64.getDecoder().decode(V.PETER_B64);
    return Arrays.copyOfRange(raw, 4, raw.length);
  }

  @Test
  void verifierKey_exactly64Bytes() {
    byte[] sig = peterSignature();
    assertEquals(64, sig.length);
    assertTrue(V.peter().verify(V.utf8(V.TEXT), sig));
    for (int extra : new int[] {0, 0x55, 0xff}) {
      byte[] longer = Arrays.copyOf(sig, 65);
      longer[64] = (byte) extra;
      assertFalse(V.peter().verify(V.utf8(V.TEXT), longer), "65 bytes ending in " + extra);
    }
    assertFalse(V.peter().verify(V.utf8(V.TEXT), Arrays.copyOf(sig, 128)));
    assertFalse(V.peter().verify(V.utf8(V.TEXT), Arrays.copyOf(sig, 63)));
  }

  @Test
  void note_validSignatureWithATrailingByte_invalidSignature() {
    byte[] raw = Base64.getDecoder().decode(V.PETER_B64);
    String longer = Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length + 1));
    byte[] msg = V.utf8(V.TEXT + "\n\u2014 PeterNeumann " + longer + "\n");
    InvalidSignatureException e = assertThrows(InvalidSignatureException.class,
        () -> Note.open("m.note", msg, Verifiers.of(V.peter())));
    assertEquals("m.note:4: invalid signature for key PeterNeumann+c74f20a3", e.getMessage());
  }
}
