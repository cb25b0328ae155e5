package dev.sumdb4j.tlog.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every way a checkpoint, a lookup response or a data tile can be malformed, with the exact message
 * a user reads: the source, the line and the byte offset where the problem is (the project promises
 * messages that say where), and what is wrong. Also the line checks of the checkpoint constructor at
 * the first character of a line, and hash codes that tell unequal responses apart.
 */
class MessagesTest {
  private static final String HASH = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertMessage(String want, Executable parse) {
    MalformedInputException e = assertThrows(MalformedInputException.class, parse);
    assertEquals(want, e.getMessage());
  }

  private static void checkpoint(String want, String text) {
    assertMessage(want, () -> Checkpoint.parse("cp", b(text)));
  }

  @Test
  void checkpointParse_missingLines_nameTheLineAndWhereItWouldStart() {
    checkpoint("cp:1 (offset 0): missing origin line", "");
    checkpoint("cp:1 (offset 0): missing origin line", "origin");
    checkpoint("cp:2 (offset 7): missing tree size line", "origin\n");
    checkpoint("cp:2 (offset 7): missing tree size line", "origin\n5");
    checkpoint("cp:3 (offset 9): missing tree hash line", "origin\n5\n");
    checkpoint("cp:3 (offset 9): missing tree hash line", "origin\n5\n" + HASH);
    checkpoint("cp:1 (offset 0): empty origin line", "\n5\n" + HASH + "\n");
  }

  @Test
  void checkpointParse_badCharacter_namesItsLineAndOffset_onEveryLine() {
    checkpoint("cp:1 (offset 3): invalid UTF-8 or control character", "ori\u0001gin\n5\n" + HASH + "\n");
    checkpoint("cp:1 (offset 0): invalid UTF-8 or control character", "\u001forigin\n5\n" + HASH + "\n");
    checkpoint("cp:2 (offset 7): invalid UTF-8 or control character", "origin\n\u00015\n" + HASH + "\n");
    checkpoint("cp:2 (offset 8): invalid UTF-8 or control character", "origin\n5\t\n" + HASH + "\n");
    checkpoint("cp:3 (offset 9): invalid UTF-8 or control character", "origin\n5\n\r" + HASH + "\n");
    // a lone continuation byte in the hash line
    byte[] text = b("origin\n5\n" + HASH + "\n");
    text[9 + 10] = (byte) 0x80;
    assertMessage("cp:3 (offset 19): invalid UTF-8 or control character", () -> Checkpoint.parse("cp", text));
  }

  @Test
  void checkpointParse_badSizeOrHash_nameTheLineStart() {
    checkpoint("cp:2 (offset 7): malformed tree size \"\": want a canonical decimal", "origin\n\n" + HASH + "\n");
    checkpoint("cp:2 (offset 7): malformed tree size \"-1\": want a canonical decimal", "origin\n-1\n" + HASH + "\n");
    checkpoint("cp:2 (offset 7): tree size 2305843009213693953 exceeds the largest supported, 2305843009213693952"
        + " (2^61, MAX_TREE_SIZE): its stored hash indexes would overflow",
        "origin\n2305843009213693953\n" + HASH + "\n");
    checkpoint("cp:3 (offset 10): malformed tree hash \"AAAA\"", "origin\n42\nAAAA\n");
  }

  @Test
  void checkpointParse_extensionLines_eachNamedByItsLineNumber() {
    String head = "origin\n5\n" + HASH + "\n"; // 54 bytes
    assertEquals(54, head.length());
    // a missing final newline is at the end of the text
    checkpoint("cp:4 (offset 57): text does not end in a newline", head + "ext");
    checkpoint("cp:5 (offset 62): text does not end in a newline", head + "ext\nmore");
    checkpoint("cp:4 (offset 54): empty extension line", head + "\n");
    checkpoint("cp:5 (offset 58): empty extension line", head + "ext\n\n");
    checkpoint("cp:6 (offset 62): invalid UTF-8 or control character", head + "ext\nok1\n\u0001x\n");
    checkpoint("cp:5 (offset 60): invalid UTF-8 or control character", head + "ext\nok\u0001\n");
  }

  @Test
  void checkpointParse_otherOrigin_namesBoth() {
    assertMessage("cp:1 (offset 0): checkpoint origin \"origin\", want \"go.sum database tree\"",
        () -> Checkpoint.parse("cp", b("origin\n5\n" + HASH + "\n"), Checkpoint.SUMDB_ORIGIN));
  }

  @Test
  void checkpointConstructor_aBadFirstCharacterOrANewlineAnywhere_refused() {
    Hash h = Hash.emptyTree();
    for (String bad : new String[] {"\n", "\norigin", "origin\n", "ori\ngin", "\u0001origin", "\ud800x", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Checkpoint(bad, 0, h, List.of()), bad);
      assertEquals("invalid origin " + Codecs.quote(bad), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint("origin", 0, h, List.of(bad)), bad);
      assertEquals("invalid extension line " + Codecs.quote(bad), e.getMessage());
    }
    assertEquals("é", new Checkpoint("é", 0, h, List.of("\u0080x")).origin());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Checkpoint(Checkpoint.SUMDB_ORIGIN, 0, h, List.of("x")));
    assertEquals("a go.sum database tree note has no extension lines", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint("origin", -1, h, List.of()));
    assertEquals("negative tree size -1", e.getMessage());
    assertEquals(0, new Checkpoint("origin", 0, h, List.of()).size());
  }

  @Test
  void lookupParse_everyMalformedBody_namesWhere() {
    assertMessage("lookup:1 (offset 0): missing record id line", () -> LookupResponse.parse("lookup", b("")));
    assertMessage("lookup:1 (offset 0): missing record id line", () -> LookupResponse.parse("lookup", b("5")));
    assertMessage("lookup:1 (offset 0): malformed record id \"\": want a canonical decimal",
        () -> LookupResponse.parse("lookup", b("\na v1 h1:x=\n\n")));
    assertMessage("lookup:1 (offset 0): malformed record id \"05\": want a canonical decimal",
        () -> LookupResponse.parse("lookup", b("05\na v1 h1:x=\n\n")));
    assertMessage("lookup (at offset 13): record text is not followed by a blank line",
        () -> LookupResponse.parse("lookup", b("5\na v1 h1:x=\n")));
    assertMessage("lookup (at offset 12): record text is not followed by a blank line",
        () -> LookupResponse.parse("lookup", b("5\na v1 h1:x=")));
    assertMessage("lookup (at offset 2): record text is not followed by a blank line",
        () -> LookupResponse.parse("lookup", b("5\n")));
    assertMessage("lookup (at offset 3): record 5 text has invalid UTF-8 or a control character",
        () -> LookupResponse.parse("lookup", b("5\na\u0001\n\n")));
  }

  @Test
  void lookupParse_theSignedNoteStartsAfterTheBlankLine() throws Exception {
    LookupResponse r = LookupResponse.parse("lookup", b("5\na v1 h1:x=\n\nnote\n"));
    assertEquals("a v1 h1:x=\n", r.text());
    assertArrayEquals(b("note\n"), r.signedNote());
    r = LookupResponse.parse("lookup", b("5\na\n\n"));
    assertArrayEquals(new byte[0], r.signedNote());
  }

  @Test
  void dataTileParse_everyMalformedTile_namesRecordAndOffset() {
    Tile t = new Tile(8, -1, 1, 2); // records 256 and 257
    assertMessage("tile (at offset 0): data tile tile/8/data/001.p/2 has 0 records, want 2 (record 256 missing)",
        () -> DataTile.parse("tile", t, b("")));
    assertMessage("tile (at offset 3): data tile tile/8/data/001.p/2 has 1 records, want 2 (record 257 missing)",
        () -> DataTile.parse("tile", t, b("a\n\n")));
    assertMessage("tile (at offset 5): record 257 (#1 in tile/8/data/001.p/2) is not followed by a blank line",
        () -> DataTile.parse("tile", t, b("a\n\nb\n")));
    assertMessage("tile (at offset 1): record 256 (#0 in tile/8/data/001.p/2) is not followed by a blank line",
        () -> DataTile.parse("tile", t, b("a")));
    assertMessage("tile (at offset 6): data tile tile/8/data/001.p/2 has 2 bytes after its 2 records",
        () -> DataTile.parse("tile", t, b("a\n\nb\n\nc\n")));
    assertMessage("tile (at offset 4): record 257 (#1 in tile/8/data/001.p/2) has invalid UTF-8 or a control"
        + " character", () -> DataTile.parse("tile", t, b("a\n\nb\u0001\n\n")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataTile.parse("tile", new Tile(8, 0, 1, 2), b("a\n\nb\n\n")));
    assertEquals("not a data tile: tile/8/0/001.p/2", e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> DataTile.format(List.of("a\n", "\ud800\n")));
    assertEquals("invalid record text " + Codecs.quote("\ud800\n"), f.getMessage());
  }

  @Test
  void lookupResponse_hashCode_tellsResponsesApartByEachField() {
    // equal values have equal codes (the other test); these check that each field spreads the code,
    // so that unequal responses rarely share a bucket
    Set<Integer> byId = new HashSet<>();
    Set<Integer> byText = new HashSet<>();
    Set<Integer> byNote = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      byId.add(new LookupResponse(i, "a\n", new byte[0]).hashCode());
      byText.add(new LookupResponse(1, "a" + (char) ('a' + i % 26) + (i / 26) + "\n", new byte[0]).hashCode());
      byNote.add(new LookupResponse(1, "a\n", new byte[] {(byte) i}).hashCode());
    }
    assertEquals(64, byId.size());
    assertEquals(64, byText.size());
    assertEquals(64, byNote.size());
    LookupResponse r = new LookupResponse(1, "a\n", new byte[] {1});
    assertNotEquals(r.hashCode(), new LookupResponse(2, "a\n", new byte[] {1}).hashCode());
  }
}
