package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-printing and bidi controls from files and servers never reach the terminal raw. */
class TerminalTextTest {
  @TempDir Path tmp;

  private static final String NASTY = "\u009b31m\u0085\u202eexe.txt\u2066\u2069\u200e\u200f\u061c\u007f\u00a0\udb40\udc01";

  @Test
  void escape_c1BidiAndOtherNonPrinting_escaped_printableKept() {
    assertEquals("\\u009b31m\\u0085\\u202eexe.txt\\u2066\\u2069\\u200e\\u200f\\u061c\\u007f\\u00a0\\udb40\\udc01",
        TerminalText.escape(NASTY));
    String ok = "é—ü 漢字 😀 plain\ttext\n\r\u001b[K";
    assertEquals(ok, TerminalText.escape(ok));
    for (int cp = 0x80; cp <= 0x9f; cp++) {
      assertTrue(TerminalText.mustEscape(cp), Integer.toHexString(cp));
    }
    for (int cp : new int[] {0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
        0x061c}) {
      assertTrue(TerminalText.mustEscape(cp), Integer.toHexString(cp));
    }
  }

  @Test
  void writer_splitSurrogatePairs_escapedWhole() {
    StringWriter sw = new StringWriter();
    PrintWriter w = TerminalText.writer(new PrintWriter(sw));
    for (char c : (NASTY + "😀").toCharArray()) {
      w.print(c);
    }
    w.flush();
    assertEquals(TerminalText.escape(NASTY) + "😀", sw.toString());
  }

  @Test
  void noteVerify_signatureNameWithC1AndBidi_escapedInText_exactInJson() throws Exception {
    byte[] sig = new byte[68];
    String name = "ev\u009bil\u202egnp.exe";
    Path note = tmp.resolve("note");
    Files.writeString(note, "hello\n\n— " + name + " " + Base64.getEncoder().encodeToString(sig) + "\n",
        StandardCharsets.UTF_8);
    Cli.Result text = Cli.run(Map.of(), "note", "verify", note.toString());
    assertEquals(3, text.exit(), text::toString);
    String all = text.out() + text.err();
    assertFalse(all.contains("\u009b") || all.contains("\u202e"), text::toString);
    assertTrue(text.out().contains("unverified ev\\u009bil\\u202egnp.exe "), text::toString);

    Cli.Result json = Cli.run(Map.of(), "note", "verify", "--json", note.toString());
    assertFalse(json.out().contains("\u009b") || json.out().contains("\u202e"), json::toString);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals(name, doc.get("unverified").get(0).get("name").asText(), json::toString);
  }
}
