package dev.sumdb4j.gosum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.RegularFiles;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * go.sum's syntax rules at their boundaries, each from both sides: the characters of an algorithm
 * name, the h1 hash length, the control characters refused in a line and Go's space characters
 * that separate fields.
 */
class GoSumBoundaryTest {
  private static final String H = "h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=";

  @TempDir Path tmp;

  private static GoSumFile parse(String text) throws MalformedInputException {
    return GoSumFile.parse("go.sum", text.getBytes(StandardCharsets.UTF_8));
  }

  private static MalformedInputException refused(String line) {
    return assertThrows(MalformedInputException.class, () -> parse("x.y/z v1.0.0 " + H + "\n" + line + "\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a0", "z9", "09", "az", "h12"})
  void algorithmName_lowercaseLettersAndDigits_kept(String alg) throws Exception {
    GoSumLine l = parse("x.y/z v1.0.0 " + alg + ":AAAA\n").lines().get(0);
    assertEquals(alg, l.algorithm());
    assertEquals(alg + ":AAAA", l.hash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"`", "{", "/", "A", "Z", "h-1", "h\u00e91"})
  void algorithmName_theNeighboursOfTheRanges_refused(String alg) {
    MalformedInputException e = refused("x.y/z v1.0.0 " + alg + ":AAAA");
    assertEquals("malformed hash \"" + alg + ":AAAA\": algorithm name must be lower-case letters and digits",
        e.reason());
    assertEquals(2, e.line());
  }

  @Test
  void h1_exactly32Bytes_onlyForTheAlgorithmNamedH1() throws Exception {
    String b33 = Base64.getEncoder().encodeToString(new byte[33]);
    String b31 = Base64.getEncoder().encodeToString(new byte[31]);
    assertEquals("malformed hash \"h1:" + b33 + "\": h1 hash has 33 bytes, want 32", refused("x.y/z v1.0.0 h1:" + b33).reason());
    assertEquals("malformed hash \"h1:" + b31 + "\": h1 hash has 31 bytes, want 32", refused("x.y/z v1.0.0 h1:" + b31).reason());
    // h10, h2 and xh1 are other algorithms: kept whatever their length, as the go command keeps them
    GoSumFile f = parse("x.y/z v1.0.0 h10:" + b33 + "\nx.y/z v1.0.0 h2:" + b31 + "\nx.y/z v1.0.0 xh1:" + b31 + "\n");
    assertEquals(List.of("h10", "h2", "xh1"), f.lines().stream().map(GoSumLine::algorithm).toList());
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, "x.y/z", "v1.0.0", "h1:" + b33));
    assertEquals("h1", new GoSumLine("s", 1, "x.y/z", "v1.0.0", "h1:" + Base64.getEncoder().encodeToString(new byte[32])).algorithm());
  }

  @Test
  void controlCharacters_refused_theirNeighboursAccepted() throws Exception {
    for (char c : new char[] {0x00, 0x01, 0x08, 0x0e, 0x1c, 0x1f, 0x7f}) {
      MalformedInputException e = refused("x.y/z" + c + "a v1.0.0 " + H);
      assertEquals(String.format("control character U+%04X in line", (int) c), e.reason());
      assertEquals("go.sum", e.source());
      assertEquals(2, e.line());
    }
    // '~' is the last character before DEL
    GoSumFile f = parse("x.y/z~a v1.0.0 " + H + "\n");
    assertEquals(List.of("x.y/z~a"), f.lines().stream().map(GoSumLine::path).toList());
  }

  @Test
  void goSpaces_separateFields_theCharactersNextToThemDoNot() throws Exception {
    // tab, VT, FF, CR, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000
    String[] spaces = {"\t", "\u000b", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a",
        "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"};
    for (String s : spaces) {
      GoSumFile f = parse("x.y/z" + s + "v1.0.0" + s + s + H + s + "\n");
      GoSumLine l = f.lines().get(0);
      assertEquals(List.of("x.y/z", "v1.0.0", H), List.of(l.path(), l.version(), l.hash()), "U+" + Integer.toHexString(s.charAt(0)));
      assertTrue(GoSumFile.isGoSpace(s.charAt(0)));
    }
    // U+1FFF, U+200B (zero width space), U+202E, U+2030, U+205E, U+3001, U+2027, U+1681: not spaces
    for (char c : new char[] {0x1fff, 0x200b, 0x202e, 0x2030, 0x205e, 0x3001, 0x2027, 0x1681}) {
      GoSumLine l = parse("x.y/z" + c + "a v1.0.0 " + H + "\n").lines().get(0);
      assertEquals("x.y/z" + c + "a", l.path(), "U+" + Integer.toHexString(c));
      assertFalse(GoSumFile.isGoSpace(c));
    }
  }

  @Test
  void goSumLine_lineZeroAllowed_fieldsWithGoSpacesRefused() {
    assertEquals(0, new GoSumLine("sum.golang.org", 0, "x.y/z", "v1.0.0", H).line());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GoSumLine("s", 1, "x.y/z", "v1.0.0\u2000", H));
    assertTrue(e.getMessage().startsWith("bad go.sum field \"v1.0.0"), e.getMessage());
    assertEquals("negative line number -1",
        assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", -1, "a", "v1.0.0", H)).getMessage());
  }

  @Test
  void goModSuffix_exactly() throws Exception {
    GoSumFile f = parse("x.y/z v1.0.0/go.mod " + H + "\nx.y/z v1.0.0/go.modx " + H + "\nx.y/z v1.0.0go.mod " + H + "\n");
    assertTrue(f.lines().get(0).isGoMod());
    assertEquals("v1.0.0", f.lines().get(0).moduleVersion());
    assertFalse(f.lines().get(1).isGoMod());
    assertEquals("v1.0.0/go.modx", f.lines().get(1).moduleVersion());
    assertFalse(f.lines().get(2).isGoMod());
  }

  @Test
  void read_largerThanTheCap_refusedBeforeReading() throws Exception {
    Path big = tmp.resolve("go.sum");
    try (RandomAccessFile r = new RandomAccessFile(big.toFile(), "rw")) {
      r.setLength(GoSumFile.MAX_GO_SUM_BYTES + 1);
    }
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
        () -> GoSumFile.read(big));
    assertEquals("exceeds 268435456 bytes", e.getReason());
    Path small = Files.writeString(tmp.resolve("small.sum"), "x.y/z v1.0.0 " + H + "\n");
    assertEquals(small.toString(), GoSumFile.read(small).source());
    assertEquals(1, GoSumFile.read(small).lines().size());
    assertEquals("GoSumFile[" + small + ", 1 lines]", GoSumFile.read(small).toString());
  }
}
