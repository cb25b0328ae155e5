package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sumdb4j.MalformedInputException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VerifierKeyTest {
  @ParameterizedTest
  @CsvSource({
    V.PETER_VKEY + ", PeterNeumann, c74f20a3, 1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6",
    V.ENOCH_VKEY + ", EnochRoot, af0cfe78, 3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
    V.SUMDB_VKEY + ", sum.golang.org, 033de0ae, ce3372d75ad1ee5ecdaf8727293d4b111d87eb37531d7c86d4d3003f0eb809fc",
    V.LOCAL_VKEY + ", localhost.localdev/sumdb, 00000c67, c4eb9e46d403e4d4e21798de1923892112fc34909e206a21e43f629a4052d2ba",
  })
  void parse_referenceKeys_giveNameIdAndKey(String vkey, String name, String id, String pub) throws Exception {
    VerifierKey k = VerifierKey.parse(vkey);
    assertEquals(name, k.name());
    assertEquals(id, k.keyId().toString());
    assertEquals(pub, HexFormat.of().formatHex(k.publicKey()));
    assertEquals(vkey, k.toString());
    assertEquals(k, VerifierKey.parse(k.toString()));
    assertEquals(k, VerifierKey.ed25519(name, k.publicKey()));
  }

  @Test
  void parse_uppercaseHash_acceptedAsGoDoes() throws Exception {
    VerifierKey k = VerifierKey.parse(V.PETER_VKEY.replace("c74f20a3", "C74F20A3"));
    assertEquals(new KeyId(0xc74f20a3), k.keyId());
    assertEquals(V.PETER_VKEY, k.toString());
  }

  @Test
  void parse_everySubstring_rejected() {
    String k = V.PETER_VKEY;
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

  @Test
  void parse_everySingleByteChange_rejected() {
    byte[] b = V.utf8(V.PETER_VKEY);
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < b.length; i++) {
      byte orig = b[i];
      for (int c = 0; c < 256; c++) {
        if (c == (orig & 0xff) || isOtherCaseOfHashDigit(i, orig, c)) {
          continue;
        }
        b[i] = (byte) c;
        accept(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1), accepted);
      }
      b[i] = orig;
    }
    assertEquals(List.of(), accepted);
  }

  /** 'c' and 'C' in the hash field give the same key ID, which Go accepts too. */
  private static boolean isOtherCaseOfHashDigit(int i, byte orig, int c) {
    int hashStart = "PeterNeumann+".length();
    return i >= hashStart && i < hashStart + 8 && Character.isLetter(orig)
        && Character.toLowerCase((char) c) == Character.toLowerCase((char) orig);
  }

  private static void accept(String key, List<String> accepted) {
    try {
      VerifierKey.parse(key);
      accepted.add(key);
    } catch (MalformedInputException e) {
      // expected
    } catch (RuntimeException e) {
      fail("VerifierKey.parse(" + key + ") threw " + e, e);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // key | reason prefix (Go's error), vectors.md §V1.2 and our strictness
    "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY== | malformed verifier id",
    "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | unknown verifier algorithm",
    "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | invalid verifier hash",
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra | malformed verifier id",
    "PeterNeumann++c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "PeterNeumann+c74f20a33+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "PeterNeumann++74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "PeterNeumann+-74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "Peter\u00a0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW | malformed verifier id",
    "PeterNeumann+c74f20a3+ | malformed verifier id",
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T | malformed verifier id",
  })
  void parse_badKey_rejectedWithGoReason(String key, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> VerifierKey.parse(key));
    assertTrue(e.reason().startsWith(reason), e.getMessage());
  }

  @Test
  void parse_trailingNewline_rejectedUnlikeGo() {
    // Go's base64 decoder skips newlines; ours is strict (callers trim key texts).
    assertThrows(MalformedInputException.class, () -> VerifierKey.parse(V.PETER_VKEY + "\n"));
  }

  @Test
  void parse_cosignatureKey_pointsToCosignaturePackage() throws Exception {
    byte[] pub = V.peter().publicKey();
    byte[] typed = new byte[33];
    typed[0] = 0x04;
    System.arraycopy(pub, 0, typed, 1, 32);
    String key = "w.example/witness+" + KeyId.compute("w.example/witness", typed) + "+"
        + java.util.Base64.getEncoder().encodeToString(typed);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> VerifierKey.parse(key));
    assertTrue(e.reason().startsWith("unknown verifier algorithm"), e.getMessage());
    assertTrue(e.getMessage().contains("CosignatureVerifier.parse"), e.getMessage());
  }

  @Test
  void ed25519_smallOrderOrNonCanonicalKey_rejected() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThrows(MalformedInputException.class, () -> VerifierKey.ed25519("x", identity));
    byte[] yEqualsP = new byte[32];
    java.util.Arrays.fill(yEqualsP, (byte) 0xff);
    yEqualsP[0] = (byte) 0xed;
    yEqualsP[31] = 0x7f;
    assertThrows(MalformedInputException.class, () -> VerifierKey.ed25519("x", yEqualsP));
    assertThrows(MalformedInputException.class, () -> VerifierKey.ed25519("x", new byte[31]));
    assertThrows(MalformedInputException.class, () -> VerifierKey.ed25519("a b", V.peter().publicKey()));
  }

  @Test
  void verify_wrongLengthSignature_false() {
    VerifierKey k = V.peter();
    assertFalse(k.verify(V.utf8(V.TEXT), new byte[63]));
    assertFalse(k.verify(V.utf8(V.TEXT), new byte[0]));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "PeterNeumann | true",
    "sum.golang.org | true",
    "localhost.localdev/sumdb | true",
    "a+b | false",
    "'' | false",
    "a b | false",
    "a\tb | false",
    "a\u0085b | false",
    "a\u00a0b | false",
    "a\u1680b | false",
    "a\u2007b | false",
    "a\u200ab | false",
    "a\u2028b | false",
    "a\u202fb | false",
    "a\u205fb | false",
    "a\u3000b | false",
    "a\u200bb | true",
    "a\u180eb | true",
    "a\u001cb | true",
    "a\u001fb | true",
  })
  void nameRule_goUnicodeIsSpace(String name, boolean valid) {
    assertEquals(valid, dev.sumdb4j.note.internal.KeyText.isValidName(name), name);
  }
}
