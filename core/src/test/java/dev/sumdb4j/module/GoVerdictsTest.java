package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares with verdicts of the Go reference (golang.org/x/mod v0.7.0 {@code module} and {@code
 * semver}, Go 1.19 {@code path.Match}) on about 12,000 generated inputs; see {@code
 * go-verdicts.README.md} next to the data. Every disagreement is reported, not just the first.
 */
class GoVerdictsTest {
  private static final List<String[]> ROWS = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = GoVerdictsTest.class.getResourceAsStream("go-verdicts.tsv.gz");
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        ROWS.add(line.split("\t", -1));
      }
    }
    assertTrue(ROWS.size() > 10_000, "vector file too small: " + ROWS.size());
  }

  private static byte[] bytes(String b64) {
    return Base64.getDecoder().decode(b64);
  }

  private static String str(String b64) {
    return new String(bytes(b64), StandardCharsets.UTF_8);
  }

  private interface Check {
    void run() throws MalformedInputException;
  }

  private static String error(Check c) {
    try {
      c.run();
      return "";
    } catch (MalformedInputException e) {
      return e.getMessage();
    }
  }

  private interface Value {
    String get() throws MalformedInputException;
  }

  /** Returns {value, error}: one of them is "". */
  private static String[] result(Value v) {
    try {
      return new String[] {v.get(), ""};
    } catch (MalformedInputException e) {
      return new String[] {"", e.getMessage()};
    }
  }

  private static void run(String kind, Row row) {
    List<String> wrong = new ArrayList<>();
    int n = 0;
    for (String[] r : ROWS) {
      if (r[0].equals(kind)) {
        n++;
        String w = row.check(r);
        if (w != null) {
          wrong.add(w);
        }
      }
    }
    assertTrue(n > 100, kind + ": only " + n + " rows");
    assertEquals(List.of(), wrong.subList(0, Math.min(wrong.size(), 20)), wrong.size() + " of " + n + " " + kind + " rows disagree with Go");
  }

  private interface Row {
    String check(String[] r);
  }

  @Test
  void pathMatch_generatedInputs_agreesWithGo() {
    run("match", r -> {
      GoPathMatch.Result got = GoPathMatch.match(bytes(r[1]), bytes(r[2]));
      String want = r[3];
      String g = got == GoPathMatch.Result.MATCH ? "match" : got == GoPathMatch.Result.NO_MATCH ? "nomatch" : "bad";
      return g.equals(want) ? null : "Match(" + str(r[1]) + ", " + str(r[2]) + ") = " + g + ", Go " + want;
    });
  }

  @Test
  void matchPrefixPatterns_generatedInputs_agreesWithGo() {
    run("prefix", r -> {
      boolean got = PrefixPatterns.matches(str(r[1]), str(r[2]));
      return String.valueOf(got).equals(r[3]) ? null : "MatchPrefixPatterns(" + str(r[1]) + ", " + str(r[2]) + ") = " + got;
    });
  }

  @Test
  void checkPath_generatedInputs_agreesWithGoIncludingMessages() {
    run("checkpath", r -> compare("CheckPath", str(r[1]), error(() -> ModulePaths.checkPath(str(r[1]))), str(r[2])));
  }

  @Test
  void checkImportPath_generatedInputs_agreesWithGoIncludingMessages() {
    run("checkimport", r -> compare("CheckImportPath", str(r[1]), error(() -> ModulePaths.checkImportPath(str(r[1]))), str(r[2])));
  }

  @Test
  void checkFilePath_generatedInputs_agreesWithGoIncludingMessages() {
    run("checkfile", r -> compare("CheckFilePath", str(r[1]), error(() -> ModulePaths.checkFilePath(str(r[1]))), str(r[2])));
  }

  @Test
  void escapePath_generatedInputs_agreesWithGo() {
    run("escpath", r -> compare2("EscapePath", r, result(() -> ModulePaths.escapePath(str(r[1])))));
  }

  @Test
  void unescapePath_generatedInputs_agreesWithGo() {
    run("unescpath", r -> compare2("UnescapePath", r, result(() -> ModulePaths.unescapePath(str(r[1])))));
  }

  @Test
  void escapeVersion_generatedInputs_agreesWithGo() {
    run("escver", r -> compare2("EscapeVersion", r, result(() -> ModulePaths.escapeVersion(str(r[1])))));
  }

  @Test
  void unescapeVersion_generatedInputs_agreesWithGo() {
    run("unescver", r -> compare2("UnescapeVersion", r, result(() -> ModulePaths.unescapeVersion(str(r[1])))));
  }

  @Test
  void semver_generatedInputs_agreesWithGo() {
    run("semver", r -> {
      String v = str(r[1]);
      String got = Semver.isValid(v) + " " + Semver.canonical(v) + " " + Semver.canonicalVersion(v) + " " + Semver.major(v);
      String want = r[2] + " " + str(r[3]) + " " + str(r[4]) + " " + str(r[5]);
      return got.equals(want) ? null : "semver(" + v + ") = " + got + ", Go " + want;
    });
  }

  @Test
  void checkVersion_generatedInputs_acceptsExactlyCanonicalSemver() {
    run("semver", r -> {
      String v = str(r[1]);
      boolean want = r[2].equals("true") && str(r[4]).equals(v)
          && !(v.endsWith("+incompatible") && (str(r[5]).equals("v0") || str(r[5]).equals("v1")));
      boolean got = error(() -> ModulePaths.checkVersion(v)).isEmpty();
      return got == want ? null : "checkVersion(" + v + ") ok=" + got + ", want " + want;
    });
  }

  @Test
  void check_pathVersionPairs_agreesWithGoForCanonicalVersions() {
    run("check", r -> {
      String p = str(r[1]);
      String v = str(r[2]);
      String got = error(() -> ModulePaths.check(p, v));
      String want = str(r[3]);
      boolean canonicalOk = error(() -> ModulePaths.checkVersion(v)).isEmpty();
      if (!canonicalOk) {
        return got.isEmpty() ? "check(" + p + ", " + v + ") accepted a non-canonical version" : null;
      }
      return compare("Check", p + "@" + v, got, want);
    });
  }

  private static String compare(String what, String in, String got, String want) {
    return got.equals(want) ? null : what + "(" + in + "): got [" + got + "], Go [" + want + "]";
  }

  private static String compare2(String what, String[] r, String[] got) {
    String want = str(r[2]) + " | " + str(r[3]);
    String g = got[0] + " | " + got[1];
    return g.equals(want) ? null : what + "(" + str(r[1]) + "): got [" + g + "], Go [" + want + "]";
  }
}
