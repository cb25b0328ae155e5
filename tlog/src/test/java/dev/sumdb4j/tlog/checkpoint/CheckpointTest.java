package dev.sumdb4j.tlog.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tree notes and C2SP checkpoints: vectors.md V7.1 and the C2SP rules. */
class CheckpointTest {
  private static final String TEXT = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Checkpoint parse(String s) throws MalformedInputException {
    return Checkpoint.parse("note", b(s));
  }

  @Test
  void format_sumdbTree_v71() {
    Tree t = new Tree(123456789012L, Hash.ofRecord(b("hello world")));
    assertEquals(TEXT, new String(Checkpoint.sumdb(t).format(), StandardCharsets.UTF_8));
  }

  @Test
  void parse_sumdbTree_v71() throws Exception {
    Checkpoint c = parse(TEXT);
    assertEquals(Checkpoint.SUMDB_ORIGIN, c.origin());
    assertEquals(new Tree(123456789012L, Hash.ofRecord(b("hello world"))), c.tree());
    assertEquals(List.of(), c.extensions());
    assertArrayEquals(b(TEXT), c.format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"JOE", "JOE\n", "extra\n", "\n", "\u0001junk"})
  void parse_sumdbTreeTrailingJunk_ignoredAsGoDoes(String junk) throws Exception {
    assertEquals(parse(TEXT), parse(TEXT + junk));
  }

  @Test
  void parse_sumdbTreeThousandJunkLines_ignored() throws Exception {
    assertEquals(parse(TEXT), parse(TEXT + "JOE\n".repeat(1000)));
  }

  @Test
  void parse_otherOriginWhenSumdbWanted_fails() throws Exception {
    byte[] text = b("not-" + TEXT);
    assertEquals("not-go.sum database tree", Checkpoint.parse("note", text).origin()); // a valid C2SP checkpoint
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> Checkpoint.parse("note", text, Checkpoint.SUMDB_ORIGIN));
    assertEquals(1, e.line());
    assertEquals(parse(TEXT), Checkpoint.parse("note", b(TEXT), Checkpoint.SUMDB_ORIGIN));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
      "go.sum database tree\n+5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "go.sum database tree\n05\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "go.sum database tree\n-1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "go.sum database tree\n99999999999999999999\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=",
      "go.sum database tree\n123456789012\n",
      "",
      "\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "origin\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n\n",
      "origin\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\next",
      "origin\tx\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
      "origin\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\nok\n\nafter blank\n"})
  void parse_malformed_fails(String text) {
    assertThrows(MalformedInputException.class, () -> parse(text));
  }

  @Test
  void parse_sizeBeyondStoredHashArithmetic_rejectedAtParse() throws Exception {
    String hash = "\n" + Hash.emptyTree() + "\n";
    for (long size : new long[] {1L << 62, Long.MAX_VALUE, (1L << 61) + 1}) {
      for (String origin : new String[] {Checkpoint.SUMDB_ORIGIN, "example.com/log"}) {
        MalformedInputException e = assertThrows(MalformedInputException.class,
            () -> Checkpoint.parse("note", (origin + "\n" + size + hash).getBytes(StandardCharsets.UTF_8)));
        assertEquals("note:2 (offset " + (origin.length() + 1) + "): tree size " + size
            + " exceeds the largest supported, 2305843009213693952 (2^61, MAX_TREE_SIZE): its stored hash"
            + " indexes would overflow", e.getMessage());
      }
      assertThrows(IllegalArgumentException.class, () -> new Checkpoint("example.com/log", size, Hash.emptyTree(), List.of()));
    }
    long max = StoredHashes.MAX_TREE_SIZE;
    assertEquals(max, Checkpoint.parse("note", ("example.com/log\n" + max + hash).getBytes(StandardCharsets.UTF_8)).size());
    // every stored hash of the largest tree has an index the tile arithmetic accepts
    long last = StoredHashes.count(max) - 1;
    assertTrue(last < StoredHashes.MAX_INDEX, () -> Long.toString(last));
    assertEquals(List.of(61L, 0L), java.util.Arrays.stream(StoredHashes.split(last)).boxed().toList());
  }

  @Test
  void parse_badSize_namesLineAndOffset() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> parse("go.sum database tree\n05\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n"));
    assertEquals(2, e.line());
    assertEquals(21, e.offset());
    assertEquals("note:2 (offset 21): malformed tree size \"05\": want a canonical decimal", e.getMessage());
  }

  @Test
  void parse_c2spWithExtensions_roundTrips() throws Exception {
    String text = "example.com/log\n42\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n— ext one\nsecond\n";
    Checkpoint c = parse(text);
    assertEquals("example.com/log", c.origin());
    assertEquals(List.of("— ext one", "second"), c.extensions());
    assertArrayEquals(b(text), c.format());
  }

  @Test
  void parse_tooLarge_namesLimit() {
    byte[] big = new byte[Checkpoint.MAX_CHECKPOINT_BYTES + 1];
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Checkpoint.parse("n", big));
    assertTrue(e.getMessage().contains("MAX_CHECKPOINT_BYTES is 1000000"), e.getMessage());
  }

  @Test
  void constructor_invalid_fails() {
    Hash h = Hash.emptyTree();
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("", 0, h, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 0, h, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", -1, h, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", 0, h, List.of("")));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a", 0, h, List.of("\ud800")));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Checkpoint.SUMDB_ORIGIN, 0, h, List.of("x")));
  }

  /** A control character as the very first byte of a line is refused like one anywhere else (PIT survivors). */
  @Test
  void parse_badCharacterAtTheStartOfALine_refused_andTheSizeCapIsExact() throws Exception {
    String hash = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
    String ok = "example.com/log\n5\n" + hash + "\n";
    assertEquals(5, Checkpoint.parse("cp", ok.getBytes(StandardCharsets.UTF_8)).size());
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> Checkpoint.parse("cp", ("\u0001" + ok).getBytes(StandardCharsets.UTF_8)));
    assertEquals("invalid UTF-8 or control character", e.reason());
    assertEquals(0, e.offset());
    e = assertThrows(MalformedInputException.class,
        () -> Checkpoint.parse("cp", (ok + "\u0001ext\n").getBytes(StandardCharsets.UTF_8)));
    assertEquals("invalid UTF-8 or control character", e.reason());
    assertEquals(4, e.line());
    assertEquals(ok.length(), e.offset());
    // exactly the cap is read (and fails on its content), one byte more is too large
    byte[] atCap = new byte[Checkpoint.MAX_CHECKPOINT_BYTES];
    e = assertThrows(MalformedInputException.class, () -> Checkpoint.parse("cp", atCap));
    assertTrue(!e.reason().contains("too large"), e.reason());
  }
}
