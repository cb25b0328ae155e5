package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors of spec vectors.md §V11.1–V11.2 and round-trip properties. */
class ModulePathsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789 | ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789",
    "github.com/GoogleCloudPlatform/omega | github.com/!google!cloud!platform/omega",
    "github.com/Azure/azure-sdk-for-go | github.com/!azure/azure-sdk-for-go",
    "rsc.io/Quote | rsc.io/!quote",
    "example.com/M | example.com/!m",
  })
  void escapePath_validPath_escapesUpperCase(String path, String escaped) throws Exception {
    assertEquals(escaped, ModulePaths.escapePath(path));
    assertEquals(path, ModulePaths.unescapePath(escaped));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "abc | malformed module path \"abc\": missing dot in first path element",
    "x.y/z/v1 | malformed module path \"x.y/z/v1\": invalid version",
  })
  void escapePath_invalidPath_throwsGoMessage(String path, String message) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.escapePath(path));
    assertEquals(message, e.getMessage());
    assertEquals(message, e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform!/omega",
    "github.com/!0google!cloud!platform/omega", "github.com/!_google!cloud!platform/omega",
    "github.com/!!google!cloud!platform/omega", "",
  })
  void unescapePath_badEscape_throws(String escaped) {
    assertThrows(MalformedInputException.class, () -> ModulePaths.unescapePath(escaped));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "v1.5.2 | v1.5.2",
    "v1.0.0-RC1 | v1.0.0-!r!c1",
    "v0.0.0-20170915032832-14c0d48ead0c | v0.0.0-20170915032832-14c0d48ead0c",
    "v2.0.0+incompatible | v2.0.0+incompatible",
    "latest | latest",
    "'v1.0.0 x' | 'v1.0.0 x'",
  })
  void escapeVersion_allowedVersion_escapes(String version, String escaped) throws Exception {
    assertEquals(escaped, ModulePaths.escapeVersion(version));
    assertEquals(version, ModulePaths.unescapeVersion(escaped));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0.0!", "", "v1.0.0/go.mod", "CON"})
  void escapeVersion_disallowed_throwsGoMessage(String version) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.escapeVersion(version));
    assertEquals("version \"" + version + "\" invalid: disallowed version string", e.getMessage());
  }

  @Test
  void checkPathTable_vectorsV11_2_allVerdictsMatch() throws Exception {
    List<String> wrong = new ArrayList<>();
    int rows = 0;
    for (String line : resourceLines("checkpath-table.txt")) {
      int comma = line.lastIndexOf(", ", line.lastIndexOf(", ", line.lastIndexOf(", ") - 1) - 1);
      String path = goLiteral(line.substring(0, comma));
      String[] want = line.substring(comma + 2).split(", ");
      boolean[] got = {
        ok(() -> ModulePaths.checkPath(path)), ok(() -> ModulePaths.checkImportPath(path)), ok(() -> ModulePaths.checkFilePath(path)),
      };
      for (int i = 0; i < 3; i++) {
        if (got[i] != Boolean.parseBoolean(want[i])) {
          wrong.add(line + " (column " + (i + 1) + " got " + got[i] + ")");
        }
      }
      rows++;
    }
    assertEquals(105, rows);
    assertEquals(List.of(), wrong);
  }

  @ParameterizedTest
  @CsvSource({
    "github.com/go-yaml/yaml, v0.8.0, true", "github.com/go-yaml/yaml, v1.0.0, true",
    "github.com/go-yaml/yaml/v2, v2.0.0, true", "github.com/go-yaml/yaml/v2, v2.1.5, true",
    "gopkg.in/yaml.v0, v0.8.0, true", "gopkg.in/yaml.v1, v1.0.0, true",
    "gopkg.in/check.v1, v0.0.0-20160102150405-abcdef123456, true",
    "gopkg.in/yaml.v2, v2.0.0, true", "gopkg.in/yaml.v2, v2.1.5, true",
    "rsc.io/quote, v17.0.0+incompatible, true",
    "rsc.io/quote, 0.1.0, false", "rsc io/quote, v1.0.0, false",
    "github.com/go-yaml/yaml, v2.0.0, false", "github.com/go-yaml/yaml, v3.0.0, false",
    "github.com/go-yaml/yaml/v2, v1.0.0, false", "github.com/go-yaml/yaml/v2, v3.0.0, false",
    "gopkg.in/yaml.v1, v2.0.0, false", "gopkg.in/yaml.v2, v1.0.0, false",
    "gopkg.in/check.v1, v0.0.0, false", "rsc.io/quote, v17.0.0, false",
  })
  void check_vectorsCheckTests_verdictMatches(String path, String version, boolean valid) {
    assertEquals(valid, ok(() -> ModulePaths.check(path, version)), path + "@" + version);
  }

  @Test
  void check_majorMismatch_goMessage() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> ModulePaths.check("github.com/go-yaml/yaml/v2", "v1.0.0"));
    assertEquals("github.com/go-yaml/yaml/v2@v1.0.0: invalid version: should be v2, not v1", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "v1.2 | version \"v1.2\" invalid: not a canonical version (want \"v1.2.0\")",
    "v1.2.3+meta | version \"v1.2.3+meta\" invalid: not a canonical version (want \"v1.2.3\")",
    "1.2.3 | version \"1.2.3\" invalid: not a semantic version",
    "v1.5.2/go.mod | version \"v1.5.2/go.mod\" invalid: not a semantic version",
    "v1.0.0+incompatible | version \"v1.0.0+incompatible\" invalid: +incompatible suffix not allowed: major version v1 is compatible",
    "v01.0.0 | version \"v01.0.0\" invalid: not a semantic version",
  })
  void checkVersion_invalid_throwsReason(String version, String message) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.checkVersion(version));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.0", "v1.5.2", "v1.0.0-RC1", "v0.0.0-20170915032832-14c0d48ead0c", "v2.0.0+incompatible",
      "v1.2.3-pre.0.1-x", "v3.0.0-rc.1+incompatible"})
  void checkVersion_canonical_accepts(String version) throws Exception {
    ModulePaths.checkVersion(version);
  }

  @Property
  void escapePath_roundTrip_validPaths(@ForAll("validPaths") String path) throws Exception {
    ModulePaths.checkPath(path);
    String escaped = ModulePaths.escapePath(path);
    assertTrue(escaped.chars().noneMatch(c -> c >= 'A' && c <= 'Z'), escaped);
    assertEquals(path, ModulePaths.unescapePath(escaped));
  }

  @Property
  void escapeVersion_roundTrip_validVersions(@ForAll("validVersions") String version) throws Exception {
    ModulePaths.checkVersion(version);
    String escaped = ModulePaths.escapeVersion(version);
    assertEquals(version, ModulePaths.unescapeVersion(escaped));
  }

  @Property
  void checks_arbitraryStrings_onlyMalformedInputException(@ForAll String s) {
    for (Check c : new Check[] {
      () -> ModulePaths.checkPath(s), () -> ModulePaths.checkImportPath(s), () -> ModulePaths.checkFilePath(s),
      () -> ModulePaths.checkVersion(s), () -> ModulePaths.escapePath(s), () -> ModulePaths.escapeVersion(s),
      () -> ModulePaths.unescapePath(s), () -> ModulePaths.unescapeVersion(s), () -> ModuleVersion.parse(s),
    }) {
      ok(c);
    }
  }

  @Provide
  Arbitrary<String> validPaths() {
    Arbitrary<String> domain = Arbitraries.strings().withChars("abcxyz019-").ofMinLength(1).ofMaxLength(6)
        .filter(s -> !s.startsWith("-")).map(s -> s + ".com");
    Arbitrary<String> elem = Arbitraries.strings().withChars("abcXYZ09-_~.").ofMinLength(1).ofMaxLength(8)
        .filter(s -> !s.startsWith(".") && !s.endsWith(".")
            && !s.substring(0, s.indexOf('.') < 0 ? s.length() : s.indexOf('.')).matches(".*~[0-9]+"));
    return Combinators.combine(domain, elem.list().ofMaxSize(4), Arbitraries.integers().between(0, 9))
        .as((d, elems, major) -> {
          StringBuilder b = new StringBuilder(d);
          for (String e : elems) {
            b.append('/').append(e);
          }
          if (major >= 2) {
            b.append("/v").append(major);
          }
          return b.toString();
        })
        .filter(p -> ok(() -> ModulePaths.checkPath(p)));
  }

  @Provide
  Arbitrary<String> validVersions() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 30);
    Arbitrary<String> pre = Arbitraries.strings().withChars("abcRCXZ09-").ofMinLength(1).ofMaxLength(6)
        .filter(s -> !s.matches("0[0-9]+")).injectNull(0.5);
    return Combinators.combine(n, n, n, pre, Arbitraries.of(false, true)).as((a, b, c, p, inc) ->
        "v" + a + "." + b + "." + c + (p == null ? "" : "-" + p) + (inc && a >= 2 ? "+incompatible" : ""));
  }

  interface Check {
    void run() throws MalformedInputException;
  }

  static boolean ok(Check c) {
    try {
      c.run();
      return true;
    } catch (MalformedInputException e) {
      return false;
    }
  }

  /** Decodes a Go string literal ("..." with \\x, \\t, \\", \\\\ escapes, or a `raw` string). */
  static String goLiteral(String lit) {
    if (lit.startsWith("`")) {
      return lit.substring(1, lit.length() - 1);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] in = lit.substring(1, lit.length() - 1).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '\\') {
        b.write(in[i]);
        continue;
      }
      char c = (char) in[++i];
      switch (c) {
        case 'x': b.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16)); i += 2; break;
        case 't': b.write('\t'); break;
        case 'n': b.write('\n'); break;
        default: b.write(c); break;
      }
    }
    byte[] bytes = b.toByteArray();
    String s = new String(bytes, StandardCharsets.UTF_8);
    // Invalid UTF-8 has no Java string; a lone surrogate stands for it.
    return s.contains("\uFFFD") ? s.replace("\uFFFD", "\uD800") : s;
  }

  static List<String> resourceLines(String name) throws IOException {
    try (InputStream in = ModulePathsTest.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      for (String l : text.split("\n")) {
        if (!l.isBlank()) {
          out.add(l);
        }
      }
      return out;
    }
  }

  /** A Java string can hold what UTF-8 cannot: unpaired surrogates are Go's "invalid UTF-8". */
  @ParameterizedTest
  @ValueSource(strings = {"a\uD800b", "a\uDC00b", "ab\uD835", "a\uDD38\uD835b"})
  void checkFilePath_unpairedSurrogate_invalidUtf8(String path) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.checkFilePath(path));
    assertTrue(e.getMessage().endsWith(": invalid UTF-8"), e::getMessage);
    MalformedInputException m = assertThrows(MalformedInputException.class, () -> ModulePaths.checkPath("x.com/" + path));
    assertTrue(m.getMessage().endsWith(": invalid UTF-8"), m::getMessage);
  }

  @Test
  void checkFilePath_surrogatePairOfALetter_accepted() throws MalformedInputException {
    ModulePaths.checkFilePath("a\uD835\uDD38b"); // U+1D538, a letter: Go's CheckFilePath accepts it
  }
}
