package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sumdb4j.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignerKeyTest {
  @ParameterizedTest
  @CsvSource({
    V.PETER_SKEY + ", " + V.PETER_VKEY,
    V.ENOCH_SKEY + ", " + V.ENOCH_VKEY,
    V.LOCAL_SKEY + ", " + V.LOCAL_VKEY,
  })
  void parse_referenceKeys_deriveVerifierKey(String skey, String vkey) throws Exception {
    SignerKey s = SignerKey.parse(skey);
    assertEquals(vkey, s.verifierKey().toString());
    assertEquals(skey, s.format());
    assertEquals(V.parse(vkey).keyId(), s.keyId());
  }

  @Test
  void toString_neverRevealsKey() throws Exception {
    SignerKey s = SignerKey.parse(V.PETER_SKEY);
    assertEquals("SignerKey[PeterNeumann+c74f20a3]", s.toString());
  }

  @Test
  void generate_zeroSeed_isEnochRoot() throws Exception {
    SecureRandom zeros = new SecureRandom() {
      @Override
      public void nextBytes(byte[] b) {
        java.util.Arrays.fill(b, (byte) 0);
      }
    };
    SignerKey s = SignerKey.generate("EnochRoot", zeros);
    assertEquals(V.ENOCH_SKEY, s.format());
    assertEquals(V.ENOCH_VKEY, s.verifierKey().toString());
  }

  @Test
  void generate_randomKey_signsWhatItsVerifierAccepts() throws Exception {
    SignerKey s = SignerKey.generate("test.example/key", new SecureRandom());
    byte[] msg = "hi\n".getBytes(StandardCharsets.UTF_8);
    byte[] sig = s.sign(msg);
    assertTrue(s.verifierKey().verify(msg, sig));
    for (int bit = 0; bit < sig.length * 8; bit += 7) {
      byte[] bad = sig.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(s.verifierKey().verify(msg, bad), "bit " + bit);
    }
    assertEquals(s.format(), SignerKey.parse(s.format()).format());
    assertThrows(MalformedInputException.class, () -> SignerKey.generate("bad name", new SecureRandom()));
  }

  @Test
  void sign_peterText_isReferenceSignature() throws Exception {
    byte[] sig = SignerKey.parse(V.PETER_SKEY).sign(V.utf8(V.TEXT));
    byte[] raw = java.util.Base64.getDecoder().decode(V.PETER_B64);
    assertArrayEquals(java.util.Arrays.copyOfRange(raw, 4, raw.length), sig);
  }

  @Test
  void parse_everySubstring_rejected() {
    String k = V.PETER_SKEY;
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i <= k.length(); i++) {
      for (int j = i; j <= k.length(); j++) {
        if (i != 0 || j != k.length()) {
          accept(k.substring(i, j), accepted);
        }
      }
    }
    assertEquals(List.of(), accepted);
  }

  /** Every printable ASCII byte, plus NUL, DEL and two high bytes (each parse derives a key). */
  private static final int[] REPLACEMENTS = java.util.stream.IntStream.concat(
      java.util.stream.IntStream.rangeClosed(0x20, 0x7e), java.util.stream.IntStream.of(0, 0x7f, 0xa0, 0xff)).toArray();

  @Test
  void parse_everySingleByteChange_rejected() {
    byte[] b = V.utf8(V.PETER_SKEY);
    int hashStart = "PRIVATE+KEY+PeterNeumann+".length();
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < b.length; i++) {
      byte orig = b[i];
      for (int c : REPLACEMENTS) {
        boolean otherCase = i >= hashStart && i < hashStart + 8 && Character.isLetter(orig)
            && Character.toLowerCase((char) c) == Character.toLowerCase((char) orig);
        if (c == (orig & 0xff) || otherCase) {
          continue;
        }
        b[i] = (byte) c;
        accept(new String(b, StandardCharsets.ISO_8859_1), accepted);
      }
      b[i] = orig;
    }
    assertEquals(List.of(), accepted);
  }

  private static void accept(String key, List<String> accepted) {
    try {
      SignerKey.parse(key);
      accepted.add(key);
    } catch (MalformedInputException e) {
      if (e.getMessage().contains("AYEKFALVFGyNhPJEMzD1QIDr")) {
        fail("error message reveals the private key: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      fail("SignerKey.parse threw " + e, e);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // Go's order for signer keys: shape, algorithm, seed length, then hash.
    "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | invalid verifier hash",
    "PRIVATE+KEY+PeterNeumann+c74f20a4+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | unknown verifier algorithm",
    "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFzAA== | malformed verifier id",
    "PRIVATE+KEX+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | malformed verifier id",
    "PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | malformed verifier id",
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF | malformed verifier id",
  })
  void parse_badKey_rejectedInGoOrder(String key, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> SignerKey.parse(key));
    assertTrue(e.reason().startsWith(reason), e.getMessage());
  }
}
