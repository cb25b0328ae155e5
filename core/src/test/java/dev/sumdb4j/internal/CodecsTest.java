package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Library messages never carry a control a terminal would act on, C1 and bidi controls included. */
class CodecsTest {
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
