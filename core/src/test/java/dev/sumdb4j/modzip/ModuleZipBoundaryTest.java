package dev.sumdb4j.modzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModuleVersion;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip rules at their boundaries, each from both sides: the size limits (a zip file, the
 * total of its files, go.mod, LICENSE), unknown sizes, and case folding at the edges of A-Z.
 */
class ModuleZipBoundaryTest {
  private static final ModuleVersion MV = new ModuleVersion("example.com/m", "v1.0.0");
  private static final String P = "example.com/m@v1.0.0/";
  private static final String TOTAL_TOO_LARGE =
      "total uncompressed size of module contents too large (max size is 524288000 bytes)";

  @TempDir Path tmp;

  private static ModuleZip.Checked check(List<String> names, List<Long> sizes) {
    return ModuleZip.check(MV, names, sizes);
  }

  @Test
  void totalSize_exactlyTheLimit_accepted_oneMore_refused() {
    long max = ModuleZip.MAX_ZIP_FILE;
    ModuleZip.Checked atLimit = check(List.of(P + "a", P + "b"), List.of(max - 1, 1L));
    assertTrue(atLimit.ok(), atLimit.message());
    assertEquals(List.of(P + "a", P + "b"), atLimit.valid());
    assertTrue(check(List.of(P + "a"), List.of(max)).ok());
    assertTrue(check(List.of(P + "a", P + "b"), List.of(max, 0L)).ok(), "an empty file adds nothing");

    ModuleZip.Checked over = check(List.of(P + "a", P + "b"), List.of(max - 1, 2L));
    assertFalse(over.ok());
    assertEquals(Optional.of(TOTAL_TOO_LARGE), over.sizeError());
    assertEquals(TOTAL_TOO_LARGE, over.message());
    assertEquals(List.of(), over.invalid(), "the size is the zip's error, not a file's");
    assertEquals(Optional.of(TOTAL_TOO_LARGE), check(List.of(P + "a"), List.of(max + 1)).sizeError());
    // a size near 2^63 must not overflow the running total into an accepted one
    assertEquals(Optional.of(TOTAL_TOO_LARGE),
        check(List.of(P + "a", P + "b"), List.of(1L, Long.MAX_VALUE)).sizeError());
  }

  @Test
  void size_unknown_refused_zero_accepted() {
    ModuleZip.Checked unknown = check(List.of(P + "a"), List.of(-1L));
    assertEquals(Optional.of(TOTAL_TOO_LARGE), unknown.sizeError(), "a size that is not known is not under the limit");
    assertFalse(unknown.ok());
    ModuleZip.Checked empty = check(List.of(P + "a", P + "go.mod", P + "LICENSE"), List.of(0L, 0L, 0L));
    assertTrue(empty.ok(), empty.message());
    assertEquals(Optional.empty(), empty.sizeError());
  }

  @Test
  void goModAndLicense_exactlyTheLimit_accepted_oneMore_refused() {
    long mod = ModuleZip.MAX_GO_MOD;
    long lic = ModuleZip.MAX_LICENSE;
    ModuleZip.Checked atLimit = check(List.of(P + "go.mod", P + "LICENSE"), List.of(mod, lic));
    assertTrue(atLimit.ok(), atLimit.message());
    ModuleZip.Checked over = check(List.of(P + "go.mod", P + "LICENSE"), List.of(mod + 1, lic + 1));
    assertEquals(List.of(
        new ModuleZip.FileError(P + "go.mod", "go.mod file too large (max size is 16777216 bytes)"),
        new ModuleZip.FileError(P + "LICENSE", "LICENSE file too large (max size is 16777216 bytes)")),
        over.invalid());
    assertEquals(List.of(), over.valid());
    // the limits are for the root go.mod and LICENSE only (as in Go)
    assertTrue(check(List.of(P + "sub/LICENSE", P + "LICENSE.txt"), List.of(lic + 1, lic + 1)).ok());
  }

  @Test
  void caseFold_theEdgesOfAToZ_collide_theirNeighboursDoNot() {
    for (String[] pair : new String[][] {{"Z", "z"}, {"A", "a"}, {"d/Z", "d/z"}, {"\u00e9Z", "\u00e9z"},
        {"\u00e9A", "\u00e9a"}, {"Z/x", "z/y"}}) {
      ModuleZip.Checked c = check(List.of(P + pair[0], P + pair[1]), List.of(1L, 1L));
      assertFalse(c.ok(), pair[0] + " and " + pair[1]);
      String first = pair[0].contains("/") && !pair[0].startsWith("d/") ? pair[0].substring(0, 1) : pair[0];
      String second = pair[1].contains("/") && !pair[1].startsWith("d/") ? pair[1].substring(0, 1) : pair[1];
      assertEquals(List.of(new ModuleZip.FileError(P + pair[1],
          "case-insensitive file name collision: \"" + first + "\" and \"" + second + "\"")), c.invalid());
    }
    // '[' sits just above 'Z' and '{' is '[' + ('a' - 'A'): neither folds to the other
    for (String[] pair : new String[][] {{"[", "{"}, {"\u00e9[", "\u00e9{"}}) {
      ModuleZip.Checked c = check(List.of(P + pair[0], P + pair[1]), List.of(1L, 1L));
      assertTrue(c.ok(), c.message());
    }
  }

  @Test
  void collisionMessage_quotesASpaceAsItself_controlsEscaped() {
    // ' ' (0x20) is the first character quote leaves alone; file names may hold it
    assertEquals(P + "A b: case-insensitive file name collision: \"a b\" and \"A b\"",
        check(List.of(P + "a b", P + "A b"), List.of(1L, 1L)).message());
    assertEquals(P + "x/A~: case-insensitive file name collision: \"x/a~\" and \"x/A~\"",
        check(List.of(P + "x/a~", P + "x/A~"), List.of(1L, 1L)).message());
  }

  @Test
  void goModName_onlyAsciiFoldsToIt() {
    // a Cyrillic small o (U+043E) is a letter, not an 'o': the file is just a file
    ModuleZip.Checked cyrillic = check(List.of(P + "sub/g\u043e.mod"), List.of(1L));
    assertTrue(cyrillic.ok(), cyrillic.message());
    assertEquals(P + "Go.mod: go.mod files must have lowercase names",
        check(List.of(P + "Go.mod"), List.of(1L)).message());
    assertEquals(P + "a/gO.MoD: go.mod file not in module root directory",
        check(List.of(P + "a/gO.MoD"), List.of(1L)).message());
    assertTrue(check(List.of(P + "go.mo", P + "xgo.mod", P + "a/go.modx"), List.of(1L, 1L, 1L)).ok());
  }

  @Test
  void zipFile_largerThanTheLimit_sizeErrorWithoutReading_atTheLimit_read() throws Exception {
    // sparse files: nothing is written but the length
    Path over = sparse("over.zip", ModuleZip.MAX_ZIP_FILE + 1);
    ModuleZip.Checked c = ModuleZip.check(over, MV);
    assertEquals(Optional.of("module zip file is too large (524288001 bytes; limit is 524288000 bytes)"),
        c.sizeError());
    assertFalse(c.ok());
    Path at = sparse("at.zip", ModuleZip.MAX_ZIP_FILE);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModuleZip.check(at, MV));
    assertTrue(e.reason().startsWith("malformed zip: "), e.getMessage());
    assertEquals(at.toString(), e.source());
  }

  @Test
  void zipFile_notARegularFile_ioException() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir.zip"));
    IOException e = assertThrows(IOException.class, () -> ModuleZip.check(dir, MV));
    assertEquals(dir + " is not a regular file", e.getMessage());
    Path target = Files.write(tmp.resolve("real.zip"), new byte[0]);
    Path link;
    try {
      link = Files.createSymbolicLink(tmp.resolve("link.zip"), target);
    } catch (UnsupportedOperationException | IOException noLinks) {
      return;
    }
    IOException l = assertThrows(IOException.class, () -> ModuleZip.check(link, MV));
    assertEquals(link + " is not a regular file", l.getMessage());
  }

  private Path sparse(String name, long length) throws IOException {
    Path f = tmp.resolve(name);
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(length);
    }
    return f;
  }
}
