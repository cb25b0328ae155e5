package dev.sumdb4j.gosum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoSumFileTest {
  /** vectors.md §V10, mod-HEAD gosumcheck/test.sum. */
  static final String SAMPLE =
      "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=\n"
      + "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n"
      + "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
      + "rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n"
      + "rsc.io/text v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
      + "rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n";
  static final String H = "h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=";

  private static GoSumFile parse(String text) throws MalformedInputException {
    return GoSumFile.parse("go.sum", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_sample_keepsEveryLine() throws Exception {
    GoSumFile f = parse(SAMPLE);
    assertEquals("go.sum", f.source());
    assertEquals(6, f.lines().size());
    GoSumLine l = f.lines().get(1);
    assertEquals(new GoSumLine("go.sum", 2, "golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c/go.mod",
        "h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ="), l);
    assertTrue(l.isGoMod());
    assertEquals("v0.0.0-20170915032832-14c0d48ead0c", l.moduleVersion());
    assertEquals("h1", l.algorithm());
    assertFalse(f.lines().get(2).isGoMod());
    assertEquals("v1.5.2", f.lines().get(2).moduleVersion());
    StringBuilder b = new StringBuilder();
    for (GoSumLine x : f.lines()) {
      b.append(x.text()).append('\n');
    }
    assertEquals(SAMPLE, b.toString());
  }

  @Test
  void parse_crlfTabsBlankLinesAndNoFinalNewline_toleratedWithLineNumbers() throws Exception {
    GoSumFile f = parse("\r\n  \n\trsc.io/quote \t v1.5.2\u00a0" + H + "\r\n\n\u3000\nrsc.io/quote   v1.5.2/go.mod  " + H);
    assertEquals(2, f.lines().size());
    assertEquals(3, f.lines().get(0).line());
    assertEquals("v1.5.2", f.lines().get(0).version());
    assertEquals(H, f.lines().get(0).hash());
    assertEquals(6, f.lines().get(1).line());
  }

  @Test
  void parse_empty_noLines() throws Exception {
    assertEquals(List.of(), parse("").lines());
    assertEquals(List.of(), parse("\n\n \n").lines());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "rsc.io/quote v1.5.2 | 1 | wrong number of fields 2",
    "rsc.io/quote v1.5.2 h1:x= extra | 1 | wrong number of fields 4",
    "rsc.io/quote | 1 | wrong number of fields 1",
  })
  void parse_wrongFieldCount_throwsGoMessage(String line, int lineNo, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> parse(SAMPLE + "\n" + line + "\n"));
    assertEquals(8, e.line());
    assertEquals("go.sum", e.source());
    assertEquals(reason, e.reason());
    assertEquals("malformed go.sum: go.sum:8: " + reason, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "nocolon | missing algorithm prefix (want h1:<base64>)",
    ":abc= | empty algorithm name",
    "H1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y= | algorithm name must be lower-case letters and digits",
    "h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y | hash is not canonical padded base64",
    "h1: | hash is not canonical padded base64",
    "h1:w5fc*ysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3= | hash is not canonical padded base64",
    "h1:AAAA | h1 hash has 3 bytes, want 32",
  })
  void parse_badHashSyntax_throwsMalformedHash(String hash, String why) {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> parse("rsc.io/quote v1.5.2 " + hash + "\n"));
    assertEquals(1, e.line());
    assertEquals("malformed hash \"" + hash + "\": " + why, e.reason());
    assertTrue(e.getMessage().startsWith("malformed go.sum: go.sum:1: malformed hash"), e.getMessage());
  }

  @Test
  void parse_unknownAlgorithm_kept() throws Exception {
    GoSumFile f = parse("rsc.io/quote v1.5.2 h2:AAAA\nrsc.io/quote v1.5.2 " + H + "\n");
    assertEquals("h2", f.lines().get(0).algorithm());
    assertEquals(List.of("h2:AAAA", H), f.hashes("rsc.io/quote", "v1.5.2"));
  }

  @Test
  void parse_emptyGoModHash_keptButIgnoredByGoCommand() throws Exception {
    GoSumFile f = parse("x.y/z v1.0.0/go.mod " + GoSumLine.EMPTY_GO_MOD_HASH + "\n" + SAMPLE);
    assertEquals(7, f.lines().size());
    assertTrue(f.lines().get(0).isIgnoredByGoCommand());
    assertFalse(f.lines().get(1).isIgnoredByGoCommand());
    assertEquals(6, f.linesUsedByGoCommand().size());
    assertEquals(List.of(), f.hashes("x.y/z", "v1.0.0/go.mod"));
  }

  @Test
  void emptyGoModHash_isHashOfEmptyGoMod() {
    assertEquals(GoSumLine.EMPTY_GO_MOD_HASH, dev.sumdb4j.dirhash.DirHash.hashGoMod(new byte[0]));
  }

  @Test
  void parse_duplicatesAndConflicts_keptInOrder() throws Exception {
    String other = "h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=";
    GoSumFile f = parse("rsc.io/quote v1.5.2 " + other + "\nrsc.io/quote v1.5.2 " + H + "\nrsc.io/quote v1.5.2 " + other + "\n");
    assertEquals(List.of(other, H, other), f.hashes("rsc.io/quote", "v1.5.2"));
    assertEquals(List.of(1, 2, 3), f.lines().stream().map(GoSumLine::line).toList());
  }

  @Test
  void parse_invalidUtf8_throws() {
    byte[] b = ("rsc.io/quote v1.5.2 " + H + "\nrsc.io/qu\u00ffte v1.5.2 " + H + "\n").getBytes(StandardCharsets.ISO_8859_1);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> GoSumFile.parse("f", b));
    assertEquals("malformed go.sum: f:2: invalid UTF-8", e.getMessage());
  }

  @Test
  void parse_invalidUtf8WithWrongFieldCount_reportsFieldCountFirst() {
    byte[] b = "rsc.io/qu\u00ffte v1.5.2\n".getBytes(StandardCharsets.ISO_8859_1);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> GoSumFile.parse("f", b));
    assertEquals("wrong number of fields 2", e.reason());
  }

  @Test
  void parse_controlCharacter_throws() {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> parse("rsc.io/q\u0000uote v1.5.2 " + H));
    assertEquals("control character U+0000 in line", e.reason());
  }

  @Test
  void goSumLine_parse_singleLine() throws Exception {
    GoSumLine l = GoSumLine.parse("sum.golang.org", 0, "rsc.io/quote v1.5.2 " + H);
    assertEquals("rsc.io/quote v1.5.2 " + H, l.text());
    assertThrows(MalformedInputException.class, () -> GoSumLine.parse("x", 1, "  "));
  }

  @Test
  void goSumLine_constructor_rejectsBadFields() {
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, "a b", "v1.0.0", H));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, "a", "", H));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, " a", "v1.0.0", H));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, "a", "v1.0.0\r", H));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", 1, "a", "v1.0.0", "h1:AAAA"));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine("s", -1, "a", "v1.0.0", H));
    assertThrows(IllegalArgumentException.class, () -> new GoSumLine(null, 1, "a", "v1.0.0", H));
  }

  @Property(tries = 3000)
  void parse_arbitraryBytes_valueOrMalformedInput(@ForAll byte[] content) {
    try {
      GoSumFile.parse("fuzz", content);
    } catch (MalformedInputException e) {
      assertTrue(e.line() >= 1, e.getMessage());
    }
  }

  @Property(tries = 3000)
  void parse_goSumLikeText_valueOrMalformedInput(@ForAll("goSumLike") String text) {
    try {
      GoSumFile f = parse(text);
      for (GoSumLine l : f.lines()) {
        assertEquals(l, GoSumLine.parse("go.sum", l.line(), l.text()));
      }
    } catch (MalformedInputException e) {
      assertTrue(e.line() >= 1 && e.getMessage().startsWith("malformed go.sum: go.sum:"), e.getMessage());
    }
  }

  @Property(tries = 500)
  void parse_formattedLines_roundTrip(@ForAll("lines") List<String> lines) throws Exception {
    String text = String.join("\n", lines) + "\n";
    GoSumFile f = parse(text);
    assertEquals(lines, f.lines().stream().map(GoSumLine::text).toList());
  }

  @Provide
  Arbitrary<String> goSumLike() {
    return Arbitraries.of("rsc.io/quote", "v1.5.2", "v1.5.2/go.mod", H, "h2:AAAA", "h1:AAAA", " ", " ", "\t", "\n", "\n",
        "\r\n", "\u00a0", "\u0000", "é", "=", ":", GoSumLine.EMPTY_GO_MOD_HASH).list().ofMaxSize(30).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> path = Arbitraries.of("rsc.io/quote", "golang.org/x/text", "github.com/Azure/x", "é.com/ü");
    Arbitrary<String> version = Arbitraries.of("v1.5.2", "v1.5.2/go.mod", "v0.0.0-20170915032832-14c0d48ead0c", "latest");
    Arbitrary<String> hash = Arbitraries.of(H, GoSumLine.EMPTY_GO_MOD_HASH, "h2:AAAA", "x9:AA==");
    return net.jqwik.api.Combinators.combine(path, version, hash).as((p, v, h) -> p + " " + v + " " + h).list().ofMaxSize(10);
  }
}
