package dev.sumdb4j.dirhash;

import dev.sumdb4j.internal.SlashPaths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.testdata.SpecialFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectors of spec vectors.md §V10, plus values computed with Go's dirhash.HashZip. */
class DirHashTest {
  @TempDir Path tmp;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static DirHash.Opener dataFor() {
    return name -> new ByteArrayInputStream(utf8("data for " + name));
  }

  static DirHash.Opener from(Map<String, byte[]> files) {
    return name -> new ByteArrayInputStream(files.get(name));
  }

  @Test
  void hash1_xyzAbc_vector() throws Exception {
    assertEquals("h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=", DirHash.hash1(List.of("xyz", "abc"), dataFor()));
    assertEquals("h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=", DirHash.hash1(List.of("abc", "xyz"), dataFor()));
  }

  @Test
  void hash1_newlineInName_throwsGoMessage() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> DirHash.hash1(List.of("xyz", "a\nbc"), dataFor()));
    assertEquals("dirhash: filenames with newlines are not supported", e.getMessage());
  }

  @Test
  void hash1_loneSurrogate_throws() {
    assertThrows(MalformedInputException.class, () -> DirHash.hash1(List.of("a\uD800"), dataFor()));
  }

  @Test
  void hash1_noFiles_hashOfEmptySummary() throws Exception {
    assertEquals("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", DirHash.hash1(List.of(), dataFor()));
  }

  @Test
  void hash1_openerFails_propagatesIOException() {
    assertThrows(IOException.class, () -> DirHash.hash1(List.of("a"), name -> {
      throw new IOException("gone");
    }));
  }

  @Test
  void hashGoMod_vectors() {
    assertEquals("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", DirHash.hashGoMod(new byte[0]));
    assertEquals("h1:flS2VctbRrTv+sBE+VKgxx6hlkMGPVz9MGOmzMYFg3k=", DirHash.hashGoMod(utf8("module example.com/m\n")));
    assertEquals("h1:XlB+e70VC7gDa0v7/5nngb/cb1VWDr292yT8rt7ya4k=", DirHash.hashGoMod(utf8("module rsc.io/quote\n")));
  }

  @Test
  void hash1_sortOrder_utf8BytesNotUtf16() throws Exception {
    List<String> names = new ArrayList<>(List.of("m@v1/\uD83D\uDE00", "m@v1/\uFF21", "m@v1/é", "m@v1/a", "m@v1/B"));
    Collections.shuffle(names);
    DirHash.Opener empty = name -> new ByteArrayInputStream(new byte[0]);
    assertEquals("h1:VCgQNTsNKoseHyUTzwSPJ5WaNzqmDNCX7EunscFE3+8=", DirHash.hash1(names, empty));
    assertTrue(DirHash.compareUtf8("\uFF21", "\uD83D\uDE00") < 0);
    assertTrue("\uFF21".compareTo("\uD83D\uDE00") > 0); // what String.compareTo would get wrong
  }

  @Test
  void hashDirAndZip_prefixVector() throws Exception {
    Files.writeString(tmp.resolve("xyz"), "data for xyz");
    Files.writeString(tmp.resolve("abc"), "data for abc");
    String want = "h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=";
    assertEquals(want, DirHash.hashDir(tmp, "prefix"));
    Map<String, byte[]> z = new LinkedHashMap<>();
    z.put("prefix/xyz", utf8("data for xyz"));
    z.put("prefix/abc", utf8("data for abc"));
    assertEquals(want, DirHash.hashZip(writeZip("p.zip", z, false)));
    assertEquals(want, DirHash.hashZip(writeZip("s.zip", z, true)));
  }

  static Map<String, byte[]> simpleModule() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("example.com/m@v1.0.0/go.mod", utf8("module example.com/m\n\ngo 1.13\n"));
    m.put("example.com/m@v1.0.0/m.go", utf8("package m\n\nfunc Foo() int { return 42 }\n"));
    m.put("example.com/m@v1.0.0/cmd/hello/hello.go", utf8(
        "package main\n\nimport (\n  \"fmt\"\n  \"example.com/m\"\n)\n\nfunc main() {\n  fmt.Println(m.Foo())\n}\n"));
    return m;
  }

  @Test
  void hashZip_simpleModule_vector() throws Exception {
    String want = "h1:tpqYOOmuilagXzyqoJ3roUjp8gneQeTv5YVpL6BG7/k=";
    Map<String, byte[]> m = simpleModule();
    assertEquals(want, DirHash.hashZip(writeZip("m.zip", m, false)));
    assertEquals(want, DirHash.hash1(new ArrayList<>(m.keySet()), from(m)));
  }

  @Test
  void hashDir_simpleModule_nestedDirectoriesWithPrefix() throws Exception {
    Path dir = tmp.resolve("m");
    for (Map.Entry<String, byte[]> e : simpleModule().entrySet()) {
      Path p = dir.resolve(e.getKey().substring("example.com/m@v1.0.0/".length()));
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    Files.createDirectories(dir.resolve("empty/dir")); // directories themselves do not count
    assertEquals("h1:tpqYOOmuilagXzyqoJ3roUjp8gneQeTv5YVpL6BG7/k=", DirHash.hashDir(dir, "example.com/m@v1.0.0"));
    assertNotEquals(DirHash.hashDir(dir, "example.com/m@v1.0.0"), DirHash.hashDir(dir, ""));
  }

  @Test
  void hashZip_goModDirAndSubmoduleVectors() throws Exception {
    assertEquals("h1:Mun5l9cBlDnnV6JasTpio2aZJSbFj++h+814mnKC/OM=",
        DirHash.hashZip(writeZip("a.zip", Map.of("example.com/m@v1.0.0/go.mod/a.go", utf8("package a\n")), false)));
    assertEquals("h1:XduFAgX/GaspZa8Jv4pfzoGEzNaU/r88PiCunijw5ok=",
        DirHash.hashZip(writeZip("b.zip", Map.of("example.com/m@v1.0.0/go.mod", utf8("module example.com/m\n\ngo 1.13\n")), false)));
  }

  @Test
  void hashZip_duplicateNames_lastEntryWinsLikeGo() throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("m@v1/x1", utf8("first"));
    m.put("m@v1/b", utf8("bee"));
    m.put("m@v1/x2", utf8("second"));
    Path zip = writeZip("dup.zip", m, false);
    // Rename x2 to x1 in the local header and the central directory (same length).
    byte[] b = Files.readAllBytes(zip);
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("m@v1/x2", "m@v1/x1");
    Files.write(zip, s.getBytes(StandardCharsets.ISO_8859_1));
    // Go 1.19 dirhash.HashZip on the same bytes.
    assertEquals("h1:btrYkdOsIghOP/X6wbfe2Q0/U5BlmLwmCYwgsu7EqTw=", DirHash.hashZip(zip));
  }

  @Test
  void hashZip_directoryEntryAndNonAscii_likeGo() throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      put(z, "m@v1/dir/", new byte[0]);
      put(z, "m@v1/dir/f.go", utf8("package f\n"));
      put(z, "m@v1/é☺.txt", new byte[100000]);
    }
    Path zip = tmp.resolve("dir.zip");
    Files.write(zip, bo.toByteArray());
    // Go 1.19 dirhash.HashZip on the same bytes.
    assertEquals("h1:oslQy1Nmnp5WAQwOJwMvHTy5NKuGK86Cl+5kIUei9wg=", DirHash.hashZip(zip));
  }

  @Test
  void hashZip_directoryEntryWithContent_malformed() throws Exception {
    Path zip = writeZip("d.zip", Map.of("m@v1/d/", utf8("x")), false);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip));
    assertTrue(e.getMessage().endsWith("zip directory entry \"m@v1/d/\" has content"), e.getMessage());
  }

  @Test
  void hashZip_bomb_stopsAtLimit() throws Exception {
    Path zip = writeZip("bomb.zip", Map.of("m@v1/zeros", new byte[4 << 20]), false);
    assertTrue(Files.size(zip) < 100_000);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip, 1 << 20));
    assertTrue(e.getMessage().contains("zip content larger than 1048576 bytes"), e.getMessage());
    assertTrue(DirHash.hashZip(zip).startsWith("h1:"));
  }

  @Test
  void hashZip_corruptedStoredContent_checksumError() throws Exception {
    Path zip = writeZip("crc.zip", Map.of("m@v1/f", utf8("hello, checksum")), true);
    byte[] b = Files.readAllBytes(zip);
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("hello, checksum", "hello, chocksum");
    Files.write(zip, s.getBytes(StandardCharsets.ISO_8859_1));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip));
    assertTrue(e.getMessage().endsWith("zip entry \"m@v1/f\": checksum error"), e.getMessage());
  }

  @Test
  void hashZip_notAZip_malformed() throws Exception {
    Path p = tmp.resolve("junk.zip");
    Files.writeString(p, "this is not a zip file");
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(p));
    assertEquals(p.toString(), e.source());
  }

  @Test
  void hashZip_missingFile_ioException() {
    assertThrows(IOException.class, () -> DirHash.hashZip(tmp.resolve("missing.zip")));
  }

  @Test
  void hashDir_regularFile_notADirectory() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    IOException e = assertThrows(IOException.class, () -> DirHash.hashDir(f, "p"));
    assertEquals(f + " is not a directory", e.getMessage());
    assertThrows(IOException.class, () -> DirHash.hashDir(tmp.resolve("missing"), "p"));
  }

  @Test
  void hashDir_symlinksAndFifos_skippedNeverOpened_likeModzip() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Files.writeString(dir.resolve("abc"), "data for abc");
    Path outside = Files.writeString(tmp.resolve("target"), "data for xyz");
    try {
      Files.createSymbolicLink(dir.resolve("xyz"), outside);
      Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
    } catch (UnsupportedOperationException | IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
    }
    SpecialFiles.fifo(dir.resolve("fifo"));
    String onlyAbc = DirHash.hash1(List.of("prefix/abc"), name -> new java.io.ByteArrayInputStream(
        "data for abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(onlyAbc, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> DirHash.hashDir(dir, "prefix")));
    RegularFiles.IrregularFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(RegularFiles.IrregularFileException.class, () -> DirHash.hashDir(dir, "prefix", false)));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    Path link = tmp.resolve("link");
    Files.createSymbolicLink(link, dir);
    IOException notDir = assertThrows(IOException.class, () -> DirHash.hashDir(link, "prefix"));
    assertEquals(link + " is not a directory", notDir.getMessage());
  }

  @Test
  void hashDir_emptyDirectory_emptyHash() throws Exception {
    assertEquals("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", DirHash.hashDir(tmp, "x@v1"));
  }

  @Test
  void clean_likeGoPathClean() {
    assertEquals("a/b", SlashPaths.clean("a//b/./"));
    assertEquals("b", SlashPaths.clean("a/../b"));
    assertEquals("../x", SlashPaths.clean("../x"));
    assertEquals("/x", SlashPaths.clean("/../x"));
    assertEquals(".", SlashPaths.clean(""));
  }

  private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(0);
    z.putNextEntry(e);
    z.write(data);
    z.closeEntry();
  }

  Path writeZip(String file, Map<String, byte[]> entries, boolean stored) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        ZipEntry e = new ZipEntry(en.getKey());
        e.setTime(0);
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(en.getValue());
          e.setMethod(ZipEntry.STORED);
          e.setSize(en.getValue().length);
          e.setCompressedSize(en.getValue().length);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(en.getValue());
        z.closeEntry();
      }
    }
    Path p = tmp.resolve(file);
    Files.write(p, bo.toByteArray());
    return p;
  }
}
