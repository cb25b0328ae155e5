package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors of spec vectors.md §V11.3, Go's path.Match table, and properties. */
class PrefixPatternsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'' | rsc.io/quote | false", "/ | rsc.io/quote | false", "*/quote | rsc.io/quote | true",
    "*/quo | rsc.io/quote | false", "*/quo?? | rsc.io/quote | true", "*/quo* | rsc.io/quote | true",
    "*quo* | rsc.io/quote | false", "rsc.io | rsc.io/quote | true", "*.io | rsc.io/quote | true",
    "rsc.io/ | rsc.io/quote | true", "rsc | rsc.io/quote | false", "rsc* | rsc.io/quote | true",
    "*/*/* | rsc.io/quote | false", "*/*/*/ | rsc.io/quote | false", "'*/*/*,,' | rsc.io/quote | false",
    "'*/*/*,,*/quote' | rsc.io/quote | true", "',,*/quote' | rsc.io/quote | true",
    "rsc.io | rsc.io/quote/v3 | true", "*/quote | rsc.io/quote/v3 | true", "*/quote/ | rsc.io/quote/v3 | true",
    "*/quote/* | rsc.io/quote/v3 | true", "*/quote/*/ | rsc.io/quote/v3 | true", "*/v3 | rsc.io/quote/v3 | false",
    "*/*/v3 | rsc.io/quote/v3 | true", "*/*/* | rsc.io/quote/v3 | true", "*/*/*/ | rsc.io/quote/v3 | true",
    "'p,*/q' | p/x | true", "'p,*/q' | a/p | false",
    "*.corp.example.com | git.corp.example.com/xyzzy | true",
    "' rsc.io' | rsc.io/quote | false", "[ | rsc.io | false",
  })
  void matches_vectorsV11_3(String globs, String target, boolean want) {
    assertEquals(want, PrefixPatterns.matches(globs, target), globs + " vs " + target);
  }

  /** Go 1.19 path/match_test.go matchTests: pattern, name, matched, well formed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "abc|abc|true|true", "*|abc|true|true", "*c|abc|true|true", "a*|a|true|true", "a*|abc|true|true",
    "a*|ab/c|false|true", "a*/b|abc/b|true|true", "a*/b|a/c/b|false|true",
    "a*b*c*d*e*/f|axbxcxdxe/f|true|true", "a*b*c*d*e*/f|axbxcxdxexxx/f|true|true",
    "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false|true", "a*b*c*d*e*/f|axbxcxdxexxx/fff|false|true",
    "a*b?c*x|abxbbxdbxebxczzx|true|true", "a*b?c*x|abxbbxdbxebxczzy|false|true",
    "ab[c]|abc|true|true", "ab[b-d]|abc|true|true", "ab[e-g]|abc|false|true", "ab[^c]|abc|false|true",
    "ab[^b-d]|abc|false|true", "ab[^e-g]|abc|true|true", "a\\*b|a*b|true|true", "a\\*b|ab|false|true",
    "a?b|a☺b|true|true", "a[^a]b|a☺b|true|true", "a???b|a☺b|false|true", "a[^a][^a][^a]b|a☺b|false|true",
    "[a-ζ]*|α|true|true", "*[a-ζ]|A|false|true", "a?b|a/b|false|true", "a*b|a/b|false|true",
    "[\\]a]|]|true|true", "[\\-]|-|true|true", "[x\\-]|x|true|true", "[x\\-]|-|true|true", "[x\\-]|z|false|true",
    "[\\-x]|x|true|true", "[\\-x]|-|true|true", "[\\-x]|a|false|true",
    "[]a]|]|false|false", "[-]|-|false|false", "[x-]|x|false|false", "[x-]|-|false|false", "[x-]|z|false|false",
    "[-x]|x|false|false", "[-x]|-|false|false", "[-x]|a|false|false", "\\|a|false|false", "[a-b-c]|a|false|false",
    "[|a|false|false", "[^|a|false|false", "[^bc|a|false|false", "a[|a|false|false", "a[|ab|false|false",
    "a[|x|false|false", "a/b[|x|false|false", "*x|xxx|true|true",
  })
  void pathMatch_goMatchTests(String pattern, String name, boolean matched, boolean wellFormed) {
    assertEquals(matched, PrefixPatterns.pathMatch(pattern, name), pattern + " vs " + name);
    assertEquals(wellFormed, PrefixPatterns.isWellFormed(pattern, name), pattern + " well formed");
  }

  @Property(tries = 2000)
  void matches_arbitraryInput_neverThrows(@ForAll String globs, @ForAll String path) {
    PrefixPatterns.matches(globs, path);
  }

  @Property(tries = 300)
  void pathMatch_pathologicalStars_terminates(@ForAll("stars") String pattern) {
    // a*a*a*...b against aaaa...a: exponential for naive backtracking, bounded here.
    String name = "a".repeat(5000);
    assertEquals(false, PrefixPatterns.pathMatch(pattern, name));
  }

  @Property(tries = 3000)
  void pathMatch_simplePatterns_agreesWithBacktrackingOracle(@ForAll("globs") String pattern, @ForAll("names") String name) {
    assertEquals(oracle(pattern, 0, name, 0), PrefixPatterns.pathMatch(pattern, name), pattern + " vs " + name);
  }

  @Property(tries = 2000)
  void matches_globAlphabet_neverThrows(@ForAll("globSoup") String globs, @ForAll("nameSoup") String path) {
    PrefixPatterns.matches(globs, path);
    PrefixPatterns.pathMatch(globs, path);
  }

  @Provide
  Arbitrary<String> globSoup() {
    return Arbitraries.strings().withChars("*?[]^-\\a/,\u00e9\u263a").ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> nameSoup() {
    return Arbitraries.strings().withChars("a/]-\u00e9\u263a\ud800").ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> stars() {
    return Arbitraries.integers().between(1, 60).map(n -> "a*".repeat(n) + "b");
  }

  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.strings().withChars("ab/*?").ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("ab/").ofMaxLength(10);
  }

  /** Naive recursive glob over '*', '?' and literals, as path.Match defines them. */
  private static boolean oracle(String p, int i, String s, int j) {
    if (i == p.length()) {
      return j == s.length();
    }
    char c = p.charAt(i);
    if (c == '*') {
      for (int k = j; ; k++) {
        if (oracle(p, i + 1, s, k)) {
          return true;
        }
        if (k == s.length() || s.charAt(k) == '/') {
          return false;
        }
      }
    }
    if (j == s.length()) {
      return false;
    }
    if (c == '?') {
      return s.charAt(j) != '/' && oracle(p, i + 1, s, j + 1);
    }
    return c == s.charAt(j) && oracle(p, i + 1, s, j + 1);
  }
}
