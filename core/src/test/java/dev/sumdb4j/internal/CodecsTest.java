package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict codecs at their boundaries: UTF-8 (overlong forms, surrogates, past U+10FFFF, truncated and
 * bad continuation bytes, against the JDK's strict decoder), the note character rules, canonical decimals
 * (leading zeros, signs, 19 digits, overflow) and canonical base64; library messages never carry a control a
 * terminal would act on, C1 and bidi controls included.
 */
class CodecsTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  private static long ok(int codePoint, int length) {
    return ((long) codePoint << 32) | length;
  }

  @ParameterizedTest
  @CsvSource({
      "00, 0, 1", "41, 65, 1", "7f, 127, 1",
      "c280, 128, 2", "dfbf, 2047, 2",
      "e0a080, 2048, 3", "ed9fbf, 55295, 3", "ee8080, 57344, 3", "efbfbf, 65535, 3",
      "f0908080, 65536, 4", "f48fbfbf, 1114111, 4",
  })
  void decodeUtf8_shortestFormsAtEachBoundary_decoded(String bytes, int codePoint, int length) {
    byte[] b = hex(bytes);
    assertEquals(ok(codePoint, length), Codecs.decodeUtf8(b, 0, b.length), bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // overlong: the 2-, 3- and 4-byte forms of smaller code points
      "c080", "c1bf", "e08080", "e09fbf", "f0808080", "f08fbfbf",
      // surrogates U+D800..U+DFFF
      "eda080", "edafbf", "edb080", "edbfbf",
      // past U+10FFFF, and lead bytes that can only start such sequences
      "f4908080", "f4bfbfbf", "f5808080", "f7bfbfbf", "f8888080", "fc84808080", "fe", "ff",
      // a continuation byte as lead; bad continuation bytes
      "80", "bf", "c241", "c2c0", "c200", "e0a041", "e0a0c0", "f09080c0", "f0904180", "f0418080",
  })
  void decodeUtf8_notAShortestScalarEncoding_rejected(String bytes) {
    byte[] b = hex(bytes);
    assertEquals(-1, Codecs.decodeUtf8(b, 0, b.length), bytes);
  }

  @Test
  void decodeUtf8_sequenceCutByTo_rejectedAndFittingExactly_decoded() {
    byte[] b = hex("41c280e0a080f0908080" + "41");
    assertEquals(ok(0x80, 2), Codecs.decodeUtf8(b, 1, 3));
    assertEquals(-1, Codecs.decodeUtf8(b, 1, 2));
    assertEquals(ok(0x800, 3), Codecs.decodeUtf8(b, 3, 6));
    assertEquals(-1, Codecs.decodeUtf8(b, 3, 5));
    assertEquals(ok(0x10000, 4), Codecs.decodeUtf8(b, 6, 10));
    assertEquals(-1, Codecs.decodeUtf8(b, 6, 9));
    assertEquals(ok('A', 1), Codecs.decodeUtf8(b, 10, 11));
    assertEquals(-1, Codecs.decodeUtf8(b, 11, 11));
    assertEquals(-1, Codecs.decodeUtf8(b, 5, 4));
  }

  /**
   * Every non-ASCII lead byte followed by bytes at the edges of the continuation ranges (where overlong,
   * surrogate and past-U+10FFFF forms begin and end): the same verdict as the JDK's strict decoder, for
   * the whole 4 bytes and for 2-byte prefixes (cut sequences).
   */
  @Test
  void decodeUtf8_agreesWithTheJdksStrictDecoder() {
    int[] seconds = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
    int[] tails = {0x41, 0x80, 0xbf, 0xc0};
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int lead = 0x80; lead < 256; lead++) {
      for (int second : seconds) {
        for (int third : tails) {
          for (int fourth : tails) {
            byte[] b = {(byte) lead, (byte) second, (byte) third, (byte) fourth};
            for (int n : new int[] {2, 4}) {
              long got = Codecs.decodeUtf8(b, 0, n);
              long want = jdkFirst(d, b, n);
              if (got != want) {
                throw new AssertionError(String.format("%s[0:%d]: got %x, want %x", HexFormat.of().formatHex(b), n, got, want));
              }
            }
          }
        }
      }
    }
  }

  /** The first code point of b[0, n) as {@code decodeUtf8} reports it, judged by the JDK's strict decoder. */
  private static long jdkFirst(CharsetDecoder d, byte[] b, int n) {
    CharBuffer out = CharBuffer.allocate(8);
    for (int len = 1; len <= n; len++) {
      out.clear();
      d.reset();
      if (!d.decode(ByteBuffer.wrap(b, 0, len), out, true).isError() && !d.flush(out).isError()) {
        out.flip();
        if (out.length() > 0 && Character.charCount(Character.codePointAt(out, 0)) == out.length()) {
          return ok(Character.codePointAt(out, 0), len);
        }
      }
    }
    return -1;
  }

  @Test
  void firstBadNoteChar_controlsAndBadUtf8_offsetOfTheFirst() {
    assertEquals(-1, Codecs.firstBadNoteChar("a b\n\u007f\u0080\u00e9\uffff\ud83d\ude00".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-1, Codecs.firstBadNoteChar(new byte[0]));
    assertEquals(1, Codecs.firstBadNoteChar("a\u001fb".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, Codecs.firstBadNoteChar("\tb".getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, Codecs.firstBadNoteChar("a\n\rb".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, Codecs.firstBadNoteChar(new byte[] {0}));
    assertEquals(-1, Codecs.firstBadNoteChar(" ".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(3, Codecs.firstBadNoteChar(hex("41c280eda080")));
    assertEquals(1, Codecs.firstBadNoteChar(hex("41c0af")));
    assertEquals(1, Codecs.firstBadNoteChar(hex("41f4908080")));
    assertEquals(1, Codecs.firstBadNoteChar(hex("41e0a0")));
    // a continuation byte with no lead, at the first non-ASCII value and the last byte value
    assertEquals(1, Codecs.firstBadNoteChar(hex("4180")));
    assertEquals(0, Codecs.firstBadNoteChar(hex("80")));
    assertEquals(2, Codecs.firstBadNoteChar(hex("0a41ff")));
    // only [from, to) is judged
    byte[] b = hex("01c2804101");
    assertEquals(-1, Codecs.firstBadNoteChar(b, 1, 4));
    assertEquals(1, Codecs.firstBadNoteChar(b, 1, 2));
    assertEquals(4, Codecs.firstBadNoteChar(b, 1, 5));
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0", "7, 7", "10, 10", "1000000000000000000, 1000000000000000000",
      "9223372036854775807, 9223372036854775807",
  })
  void parseCanonicalDecimal_canonical_parsed(String s, long want) {
    assertEquals(want, Codecs.parseCanonicalDecimal(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "00", "01", "007", "-1", "+1", " 1", "1 ", "1a", "/", ":", "1/", "1:", "\u0661", "١",
      "9223372036854775808", "9999999999999999999", "18446744073709551616", "10000000000000000000",
      "99999999999999999999",
  })
  void parseCanonicalDecimal_notCanonicalOrTooLarge_minusOne(String s) {
    assertEquals(-1, Codecs.parseCanonicalDecimal(s), s);
  }

  @Test
  void decodeBase64OrNull_onlyCanonicalPaddedBase64() {
    assertArrayEquals(new byte[0], Codecs.decodeBase64OrNull(""));
    assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, Codecs.decodeBase64OrNull("+/8="));
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Codecs.decodeBase64OrNull("YWJj"));
    assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), Codecs.decodeBase64OrNull("YQ=="));
    assertArrayEquals(new byte[] {(byte) 0xd3, (byte) 0x5d, (byte) 0xb7}, Codecs.decodeBase64OrNull("0123"));
    assertArrayEquals(new byte[] {(byte) 0x67, (byte) 0xbe, (byte) 0xf9}, Codecs.decodeBase64OrNull("Z775"));
    for (String bad : new String[] {"YQ", "YQ=", "YR==", "YWJ", "YW=j", "=YWJ", "Y=Jj", "YWJj\n", "YW-_", "YW J",
        "YQ==YQ==", "@AAA", "[AAA", "`AAA", "{AAA", "/AA", ".AAA", ":AAA"}) {
      assertNull(Codecs.decodeBase64OrNull(bad), bad);
    }
  }

  @Test
  void decodeBase64_malformed_namesWhatAndWhere() throws Exception {
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Codecs.decodeBase64("YWJj", "f.txt", "key"));
    dev.sumdb4j.MalformedInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.sumdb4j.MalformedInputException.class, () -> Codecs.decodeBase64("YWJ", "f.txt", "key"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("f.txt"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("malformed base64 in key: \"YWJ\""), e.getMessage());
  }

  @Test
  void quote_escapesAndTruncates() {
    assertEquals("\"a\\\"b\\\\c\\nd\\x01\\x7f\u00e9\"", Codecs.quote("a\"b\\c\nd\u0001\u007f\u00e9"));
    assertEquals("\"" + "x".repeat(64) + "\"", Codecs.quote("x".repeat(64)));
    assertEquals("\"" + "x".repeat(64) + "...\"", Codecs.quote("x".repeat(65)));
    assertEquals("\" \"", Codecs.quote(" "));
    assertEquals("\"\\x1f\"", Codecs.quote("\u001f"));
  }

  @Test
  void quote_escapesC0C1AndBidiControls() {
    assertEquals("\"a\\nb\\x1b[31m\\x7f\"", Codecs.quote("a\nb\u001b[31m\u007f"));
    assertEquals("\"x\\u0085y\\u009bz\"", Codecs.quote("x\u0085y\u009bz"));
    assertEquals("\"\\u202eevil.go\\u202c \\u2066a\\u2069 \\u200e\\u200f\\u061c\"",
        Codecs.quote("\u202eevil.go\u202c \u2066a\u2069 \u200e\u200f\u061c"));
    assertEquals("\"caf\u00e9 \u00a0 \u4e16\"", Codecs.quote("caf\u00e9 \u00a0 \u4e16")); // printable text stays
  }

  @Test
  void isUnsafeControl_exactlyTheListedRanges() {
    for (int cp = 0; cp <= 0x10ffff; cp++) {
      boolean want = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f
          || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
      assertEquals(want, Codecs.isUnsafeControl(cp), Integer.toHexString(cp));
    }
    assertFalse(Codecs.isUnsafeControl('a'));
    assertTrue(Codecs.isUnsafeControl(0x202e));
  }
}
