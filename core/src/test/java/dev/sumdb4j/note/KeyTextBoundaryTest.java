package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.note.internal.KeyText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key-text rules (verifier and signer keys) at their boundaries: each malformed key gets its
 * exact reason and the byte offset of the field that is wrong, a '+' at the very start of a
 * field, a key hash of 0, names measured in UTF-8 bytes, and the name rules' messages.
 */
class KeyTextBoundaryTest {
  private static final String PETER_KEY64 = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_SEED64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    // key | offset | reason
    "+c74f20a3+" + PETER_KEY64 + " | 0 | malformed verifier id: name is empty",
    "PeterNeumann++74f20a3+" + PETER_KEY64 + " | 13 | malformed verifier id: key hash \"\" is not 8 hex digits",
    "PeterNeumann+c74f20a+" + PETER_KEY64 + " | 13 | malformed verifier id: key hash \"c74f20a\" is not 8 hex digits",
    "PeterNeumann+c74f20g3+" + PETER_KEY64 + " | 13 | malformed verifier id: key hash \"c74f20g3\" is not 8 hex digits",
    "PeterNeumann+c74f20a3 | 13 | malformed verifier id: want <name>+<8 hex digit hash>+<base64 key>",
    "PeterNeumann | 13 | malformed verifier id: want <name>+<8 hex digit hash>+<base64 key>",
    "PeterNeumann+c74f20a3+AR | 22 | malformed verifier id: key is not canonical padded base64",
    "PeterNeumann+c74f20a3+ | 22 | malformed verifier id: key is empty",
    "P\u00e9+c74f20a+" + PETER_KEY64 + " | 4 | malformed verifier id: key hash \"c74f20a\" is not 8 hex digits",
    "P\u00e9+c74f20a3+AR | 13 | malformed verifier id: key is not canonical padded base64",
    "PeterNeumann+c74f20a4+" + PETER_KEY64 + " | 13 | invalid verifier hash: key hash is c74f20a4, but the name and key hash to c74f20a3",
    "PeterNeumann+00000000+" + PETER_KEY64 + " | 13 | invalid verifier hash: key hash is 00000000, but the name and key hash to c74f20a3",
    "PeterNeumann+ffffffff+" + PETER_KEY64 + " | 13 | invalid verifier hash: key hash is ffffffff, but the name and key hash to c74f20a3",
    "P\u00e9+00000000+" + PETER_KEY64 + " | 4 | invalid verifier hash: key hash is 00000000, but the name and key hash to c672e358",
  })
  void verifierKey_malformed_exactReasonAndOffset(String key, long offset, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> VerifierKey.parse(key));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertEquals(0, e.line());
  }

  @Test
  void verifierKey_badType_offsetOfTheKeyField() throws Exception {
    // a valid key text whose type byte is 0x02 (the hash covers the type, so compute it)
    byte[] typed = KeyText.withType(0x02, V.peter().publicKey());
    String key = "Pe+" + KeyText.hex8(KeyText.keyHash("Pe", typed)) + "+" + java.util.Base64.getEncoder().encodeToString(typed);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> VerifierKey.parse(key));
    assertEquals("unknown verifier algorithm: type 0x02, want 0x01 (Ed25519)", e.reason());
    assertEquals(12, e.offset());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "PRIVATE+KEY | 0 | malformed verifier id: a signer key starts with PRIVATE+KEY+",
    "private+key+PeterNeumann+c74f20a3+" + PETER_SEED64 + " | 0 | malformed verifier id: a signer key starts with PRIVATE+KEY+",
    "PRIVATE+KEY++c74f20a3+" + PETER_SEED64 + " | 12 | malformed verifier id: name is not a valid key name (empty, or has '+' or a space)",
    "PRIVATE+KEY+PeterNeumann++74f20a3+" + PETER_SEED64 + " | 25 | malformed verifier id: key hash is not 8 hex digits",
    "PRIVATE+KEY+PeterNeumann+c74f20a+" + PETER_SEED64 + " | 25 | malformed verifier id: key hash is not 8 hex digits",
    "PRIVATE+KEY+PeterNeumann+c74f20a3 | 25 | malformed verifier id: want <name>+<8 hex digit hash>+<base64 key>",
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYE | 34 | malformed verifier id: key is not canonical padded base64",
    "PRIVATE+KEY+PeterNeumann+c74f20a3+ | 34 | malformed verifier id: key is empty",
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | 34 | unknown verifier algorithm: type 0x02, want 0x01 (Ed25519)",
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDE= | 34 | malformed verifier id: Ed25519 seed has 31 bytes, want 32",
    "PRIVATE+KEY+PeterNeumann+00000000+" + PETER_SEED64 + " | -1 | invalid verifier hash: key hash is 00000000, but the name and derived public key hash to c74f20a3",
  })
  void signerKey_malformed_exactReasonAndOffset_neverTheSecret(String key, long offset, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> SignerKey.parse(key));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertFalse(e.getMessage().contains("FALVFGyNhPJEMzD1"), "reveals the seed: " + e.getMessage());
  }

  @Test
  void nameProblem_exactReasons() {
    assertEquals("is empty", KeyText.nameProblem(""));
    assertEquals("\"a+b\" contains '+'", KeyText.nameProblem("a+b"));
    assertEquals("\"+\" contains '+'", KeyText.nameProblem("+"));
    assertEquals("\"a b\" contains a space character (U+0020)", KeyText.nameProblem("a b"));
    assertEquals("\"a\u2000b\" contains a space character (U+2000)", KeyText.nameProblem("a\u2000b"));
    assertEquals("is not valid UTF-8", KeyText.nameProblem("a\ud800b"));
    assertEquals("is not valid UTF-8", KeyText.nameProblem("a\udc00"));
    assertEquals("is not valid UTF-8", KeyText.nameProblem("\ud800"));
    assertNull(KeyText.nameProblem("a\ud83d\ude00b"), "a surrogate pair is one valid code point");
    assertNull(KeyText.nameProblem("sum.golang.org"));
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> VerifierKey.ed25519("", V.peter().publicKey()));
    assertEquals("malformed verifier id: name is empty", e.reason());
    assertEquals(0, e.offset());
  }

  @Test
  void goSpace_theEdgesOfTheRange() {
    for (int cp : new int[] {'\t', '\n', 0x0b, 0x0c, '\r', ' ', 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2009, 0x200a,
        0x2028, 0x2029, 0x202f, 0x205f, 0x3000}) {
      assertTrue(KeyText.isGoSpace(cp), Integer.toHexString(cp));
    }
    for (int cp : new int[] {0x08, 0x0e, 0x1f, '!', 0x84, 0x86, 0x9f, 0xa1, 0x167f, 0x1681, 0x1fff, 0x200b,
        0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2fff, 0x3001, 0xfeff}) {
      assertFalse(KeyText.isGoSpace(cp), Integer.toHexString(cp));
    }
  }
}
