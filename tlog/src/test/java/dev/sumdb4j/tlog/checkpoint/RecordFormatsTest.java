package dev.sumdb4j.tlog.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record texts, lookup bodies and data tiles: vectors.md V7.2. */
class RecordFormatsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] u(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello\nworld", "hello\n\nworld\n", "hello\u0001world\n", "a\tb\n", "a\rb\n", "\n\n"})
  void recordTextCheck_invalid_fails(String text) {
    assertThrows(MalformedInputException.class, () -> RecordText.check("r", u(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello, world\n", "\n", "\nx\n", "a\u007fb\u0085\n", "ünï\ufffd\n"})
  void recordTextCheck_valid_passes(String text) throws Exception {
    RecordText.check("r", u(text));
  }

  @Test
  void recordTextCheck_badUtf8_namesOffset() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> RecordText.check("r", b("hello\u00ffworld\n")));
    assertEquals(5, e.offset());
  }

  @Test
  void lookupFormat_v72() {
    assertEquals("123456789012\nhello, world\n\n",
        new String(new LookupResponse(123456789012L, "hello, world\n", new byte[0]).format(), StandardCharsets.UTF_8));
    String text = "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n";
    assertEquals("5\n" + text + "\n", new String(new LookupResponse(5, text, new byte[0]).format(), StandardCharsets.UTF_8));
  }

  @Test
  void lookupOf_badFields_checkedMalformedInput() throws Exception {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> LookupResponse.of(-1, "hello, world\n", new byte[0]));
    assertEquals("negative record id -1", e.getMessage());
    e = assertThrows(MalformedInputException.class, () -> LookupResponse.of(5, "no final newline", new byte[0]));
    assertEquals("record 5 text does not end in a newline", e.getMessage());
    assertEquals(16, e.offset());
    e = assertThrows(MalformedInputException.class, () -> LookupResponse.of(5, "bad\u0001control\n", new byte[0]));
    assertEquals("record 5 text has invalid UTF-8 or a control character", e.getMessage());
    assertEquals(3, e.offset());
    e = assertThrows(MalformedInputException.class, () -> LookupResponse.of(5, "a\n\nb\n", new byte[0]));
    assertEquals("record 5 text has an empty line", e.getMessage());
    e = assertThrows(MalformedInputException.class, () -> LookupResponse.of(5, "", new byte[0]));
    assertEquals("record 5 text is empty", e.getMessage());
    e = assertThrows(MalformedInputException.class, () -> LookupResponse.of(5, "lone \ud800 surrogate\n", new byte[0]));
    assertTrue(e.getMessage().endsWith("is not well-formed UTF-16 (a lone surrogate)"), e.getMessage());
    assertEquals("invalid record text \"no final newline\"",
        assertThrows(IllegalArgumentException.class, () -> new LookupResponse(5, "no final newline", new byte[0]))
            .getMessage());
    assertEquals("negative record id -1",
        assertThrows(IllegalArgumentException.class, () -> new LookupResponse(-1, "a\n", new byte[0])).getMessage());
    // record 0 is a record (the boundary of the id check)
    assertEquals(0, LookupResponse.of(0, "hello, world\n", new byte[0]).id());
    assertEquals(0, new LookupResponse(0, "hello, world\n", new byte[0]).id());
    byte[] note = b("note\n");
    LookupResponse r = LookupResponse.of(5, "hello, world\n", note);
    note[0] = 'X';
    assertEquals(new LookupResponse(5, "hello, world\n", b("note\n")), r);
    assertEquals(r, LookupResponse.parse("lookup", r.format()));
  }

  @Test
  void lookupParse_v72() throws Exception {
    LookupResponse r = LookupResponse.parse("lookup", b("123456789012\nhello, world\n\njunk on end\u0001\u00ff"));
    assertEquals(123456789012L, r.id());
    assertEquals("hello, world\n", r.text());
    assertArrayEquals(b("junk on end\u0001\u00ff"), r.signedNote());
    LookupResponse empty = LookupResponse.parse("lookup", b("123456789012\nhello, world\n\n"));
    assertEquals(0, empty.signedNote().length);
    assertEquals("\n", LookupResponse.parse("lookup", b("5\n\n\n")).text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-123456789012\nhello, world\n\n", "123\nhello\u0001world\n\n", "123\nhello\u00ffworld\n\n",
      "123\nhello world\n", "0x123\nhello world\n\n",
      // stricter than Go's ParseInt (documented): no sign, no leading zero
      "+5\nx\n\n", "-1\nx\n\n", "05\nx\n\n", "", "5", "5\n", "5\n\n", "\nx\n\n", "99999999999999999999\nx\n\n"})
  void lookupParse_malformed_fails(String body) {
    assertThrows(MalformedInputException.class, () -> LookupResponse.parse("lookup", b(body)));
  }

  @Test
  void lookupParse_badText_namesRecordAndOffset() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> LookupResponse.parse("lookup", b("123\nhello\u0001world\n\n")));
    assertEquals(9, e.offset());
    assertTrue(e.getMessage().contains("record 123 text"), e.getMessage());
  }

  @Test
  void dataTile_roundTripAndCount() throws Exception {
    List<String> texts = List.of("a v1 h1:x=\na v1/go.mod h1:y=\n", "\n", "b v2 h1:z=\n");
    byte[] data = DataTile.format(texts);
    assertEquals("a v1 h1:x=\na v1/go.mod h1:y=\n\n\n\nb v2 h1:z=\n\n", new String(data, StandardCharsets.UTF_8));
    Tile t = new Tile(8, -1, 0, 3);
    assertEquals(texts, DataTile.parse("tile", t, data));
    MalformedInputException few = assertThrows(MalformedInputException.class,
        () -> DataTile.parse("tile", new Tile(8, -1, 0, 4), data));
    assertTrue(few.getMessage().contains("has 3 records, want 4 (record 3 missing)"), few.getMessage());
    MalformedInputException more = assertThrows(MalformedInputException.class,
        () -> DataTile.parse("tile", new Tile(8, -1, 0, 2), data));
    assertTrue(more.getMessage().contains("bytes after its 2 records"), more.getMessage());
  }

  @Test
  void dataTile_badRecord_namesRecordIdAndOffset() {
    byte[] data = b("ok\n\nbad\u0001\n\n");
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> DataTile.parse("tile", new Tile(8, -1, 1, 2), data));
    assertEquals(7, e.offset());
    assertTrue(e.getMessage().contains("record 257 (#1 in tile/8/data/001.p/2)"), e.getMessage());
    assertThrows(MalformedInputException.class, () -> DataTile.parse("tile", new Tile(8, -1, 0, 1), b("x\n")));
    assertThrows(IllegalArgumentException.class, () -> DataTile.parse("tile", new Tile(8, 0, 0, 1), b("x\n\n")));
    assertThrows(IllegalArgumentException.class, () -> DataTile.format(List.of("no newline")));
  }

  @Test
  void lookupResponse_equalsHashCodeToString_valueSemantics() throws MalformedInputException {
    byte[] note = "note\n".getBytes(StandardCharsets.UTF_8);
    LookupResponse r = LookupResponse.of(1, "a\n", note);
    LookupResponse same = LookupResponse.parse("test", r.format());
    assertEquals(r, same);
    assertEquals(r.hashCode(), same.hashCode());
    for (LookupResponse o : List.of(LookupResponse.of(2, "a\n", note), LookupResponse.of(1, "b\n", note),
        LookupResponse.of(1, "a\n", "other\n".getBytes(StandardCharsets.UTF_8)))) {
      assertTrue(!r.equals(o) && !o.equals(r), o::toString);
      assertTrue(r.hashCode() != o.hashCode(), () -> "same hash code as " + o);
    }
    assertTrue(!r.equals(null) && !r.equals("LookupResponse"));
    assertEquals("LookupResponse[id=1, text=\"a\\n\", signedNote=5 bytes]", r.toString());
  }
}
