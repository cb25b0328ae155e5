package dev.sumdb4j.modzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.GoProgram;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleZipTest {
  static final ModuleVersion MV = new ModuleVersion("example.com/m", "v1.0.0");
  static final String P = "example.com/m@v1.0.0/";

  @TempDir Path tmp;

  private static ModuleZip.Checked check(String... names) {
    List<Long> sizes = new ArrayList<>();
    for (String n : names) {
      sizes.add(1L);
    }
    return ModuleZip.check(MV, List.of(names), sizes);
  }

  @Test
  void rules_withGosMessages() {
    assertTrue(check(P + "go.mod", P + "a/b.go", P + "a/").ok());
    assertEquals("x/y.go: path does not have prefix \"example.com/m@v1.0.0/\"", check("x/y.go").message());
    assertEquals(P + "a/B.go: case-insensitive file name collision: \"a/b.go\" and \"a/B.go\"",
        check(P + "a/b.go", P + "a/B.go").message());
    assertEquals(P + "A/c.go: case-insensitive file name collision: \"a\" and \"A\"",
        check(P + "a/b.go", P + "A/c.go").message());
    assertEquals(P + "a.go: multiple entries for file \"a.go\"", check(P + "a.go", P + "a.go").message());
    assertEquals(P + "a/b.go: entry \"a\" is both a file and a directory", check(P + "a", P + "a/b.go").message());
    assertEquals(P + "sub/go.mod: go.mod file not in module root directory", check(P + "sub/go.mod").message());
    assertEquals(P + "GO.MOD: go.mod files must have lowercase names", check(P + "GO.MOD").message());
    assertEquals(P + "a/../b.go: file path is not clean", check(P + "a/../b.go").message());
    assertFalse(check(P + "a\\b.go").ok());
    assertTrue(check(P).ok(), "the root directory entry is ignored");
    ModuleZip.Checked big = ModuleZip.check(MV, List.of(P + "go.mod", P + "LICENSE", P + "x"),
        List.of(ModuleZip.MAX_GO_MOD + 1, ModuleZip.MAX_LICENSE + 1, 1L));
    assertEquals(P + "go.mod: go.mod file too large (max size is 16777216 bytes)\n"
        + P + "LICENSE: LICENSE file too large (max size is 16777216 bytes)", big.message());
    ModuleZip.Checked total = ModuleZip.check(MV, List.of(P + "a", P + "b"), List.of(ModuleZip.MAX_ZIP_FILE, 1L));
    assertEquals("total uncompressed size of module contents too large (max size is 524288000 bytes)",
        total.message());
  }

  @Test
  void caseFold_ofNonAscii() {
    assertEquals("k", ModuleZip.toFold("\u212a"), "Kelvin sign");
    assertEquals("s", ModuleZip.toFold("\u017f"), "long s");
    assertEquals("abc", ModuleZip.toFold("ABC"));
    assertEquals("\u03a3", ModuleZip.toFold("\u03c3"), "sigma folds to capital sigma, the orbit's smallest");
  }

  /** Our fold key equals x/mod/zip's strToFold on every code point. */
  @Test
  void caseFold_agreesWithGo_onEveryCodePoint() throws Exception {
    Path bin = GoProgram.build("testdata/proxyaudit");
    Process p = new ProcessBuilder(bin.toString(), "fold").redirectErrorStream(true).start();
    Map<Integer, Integer> go = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(" ");
        go.put(Integer.parseInt(f[0], 16), Integer.parseInt(f[1], 16));
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
    assertTrue(go.size() > 1000, "go printed " + go.size() + " folds");
    List<String> diffs = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (c >= 0xd800 && c <= 0xdfff) {
        continue;
      }
      int want = go.getOrDefault(c, c);
      int got = ModuleZip.toFold(new String(Character.toChars(c))).codePointAt(0);
      if (got != want && diffs.size() < 20) {
        diffs.add(String.format("U+%04X: got U+%04X, want U+%04X", c, got, want));
      }
    }
    assertEquals(List.of(), diffs);
  }

  /** Zips of every kind: x/mod's CheckZip and HashZip give the verdicts, messages and hashes we give. */
  @Test
  void checkAndHash_agreeWithGo() throws Exception {
    Map<String, byte[]> zips = new LinkedHashMap<>();
    zips.put("valid", zip(Map.of(P + "go.mod", "module example.com/m\n", P + "a/b.go", "package a\n",
        P + "LICENSE", "l\n")));
    zips.put("outside", zip(Map.of(P + "go.mod", "module example.com/m\n", "example.com/n@v1.0.0/x.go", "x")));
    zips.put("fold", zip(Map.of(P + "a/readme", "1", P + "a/README", "2")));
    zips.put("fold-dir", zip(Map.of(P + "a/x", "1", P + "A/y", "2")));
    zips.put("file-and-dir", zip(Map.of(P + "a", "1", P + "a/y", "2")));
    zips.put("gomod-sub", zip(Map.of(P + "sub/go.mod", "module x\n")));
    zips.put("gomod-case", zip(Map.of(P + "Go.Mod", "module x\n")));
    zips.put("unclean", zip(Map.of(P + "a/./b", "1")));
    zips.put("bad-char", zip(Map.of(P + "a:b", "1")));
    zips.put("big-gomod", zip(Map.of(P + "go.mod", "x".repeat((16 << 20) + 1))));
    byte[] dup = zip(new LinkedHashMap<>(Map.of(P + "dup1", "a", P + "dup2", "b")));
    zips.put("duplicate", replace(dup, "dup2", "dup1"));
    List<String> diffs = new ArrayList<>();
    Path bin = GoProgram.build("testdata/proxyaudit");
    Process p = new ProcessBuilder(bin.toString(), "check").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      for (var e : zips.entrySet()) {
        Path f = tmp.resolve(e.getKey() + ".zip");
        Files.write(f, e.getValue());
        w.write(MV.path() + " " + MV.version() + " " + f + "\n");
      }
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (var e : zips.entrySet()) {
        String[] go = r.readLine().split("\t", -1);
        Path f = tmp.resolve(e.getKey() + ".zip");
        ModuleZip.Checked c = ModuleZip.check(f, MV);
        String got = c.message().replace("\n", " | ");
        if (!got.equals(go[0])) {
          diffs.add(e.getKey() + ": check got \"" + got + "\", go \"" + go[0] + "\"");
        }
        String hash = DirHash.hashZip(f);
        if (!hash.equals(go[1])) {
          diffs.add(e.getKey() + ": hash got " + hash + ", go " + go[1] + " " + go[2]);
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(List.of(), diffs);
  }

  private static byte[] zip(Map<String, String> entries) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b, StandardCharsets.UTF_8)) {
      for (var e : new java.util.TreeMap<>(entries).entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }

  /** Replaces every occurrence of {@code from} by {@code to} (same length) in the zip's bytes. */
  private static byte[] replace(byte[] zip, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    byte[] out = zip.clone();
    for (int i = 0; i + f.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
      }
    }
    return out;
  }
}
