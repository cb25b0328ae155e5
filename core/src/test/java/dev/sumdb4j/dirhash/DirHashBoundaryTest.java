package dev.sumdb4j.dirhash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dirhash's checks at their boundaries, each from both sides: the content budget of a zip
 * (exactly the budget is accepted, one byte more is a zip bomb, and the budget is shared by all
 * files), the central directory's size and CRC of a deflated entry, a high surrogate at the very
 * end of a name, and the size cap of a directory tree.
 */
class DirHashBoundaryTest {
  @TempDir Path tmp;

  @Test
  void hashZip_contentExactlyTheBudget_accepted_oneByteMore_refused() throws Exception {
    int size = 1 << 20;
    Path zip = zip("one.zip", Map.of("m@v1/zeros", new byte[size]));
    String want = DirHash.hash1(List.of("m@v1/zeros"), name -> new ByteArrayInputStream(new byte[size]));
    assertEquals(want, DirHash.hashZip(zip, size));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip, size - 1));
    assertEquals("zip content larger than 1048575 bytes (zip bomb?)", e.reason());
    assertEquals(zip.toString(), e.source());
  }

  @Test
  void hashZip_theBudgetIsForAllFilesTogether() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("m@v1/a", new byte[600_000]);
    files.put("m@v1/b", new byte[600_000]);
    Path zip = zip("two.zip", files);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip, 1_000_000));
    assertEquals("zip content larger than 1000000 bytes (zip bomb?)", e.reason());
    String want = DirHash.hash1(List.of("m@v1/a", "m@v1/b"), name -> new ByteArrayInputStream(files.get(name)));
    assertEquals(want, DirHash.hashZip(zip, 1_200_000));
    assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip, 1_199_999));
  }

  @Test
  void hashZip_centralDirectorySizeDisagrees_malformed() throws Exception {
    Path zip = zip("size.zip", Map.of("m@v1/f", "hello".getBytes(StandardCharsets.UTF_8)));
    patchCentralDirectory(zip, 24, 6); // uncompressed size: 6, the data inflates to 5 bytes
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip));
    assertEquals("zip entry \"m@v1/f\": size 5, central directory says 6", e.reason());
    Path smaller = zip("smaller.zip", Map.of("m@v1/f", "hello".getBytes(StandardCharsets.UTF_8)));
    patchCentralDirectory(smaller, 24, 4);
    // a larger entry is inflated no further than one byte past its declared size
    assertEquals("zip entry \"m@v1/f\": size more than 4, central directory says 4",
        assertThrows(MalformedInputException.class, () -> DirHash.hashZip(smaller)).reason());
    // 0 is a declared size like any other (only -1 means unknown)
    Path zero = zip("zero.zip", Map.of("m@v1/f", "hello".getBytes(StandardCharsets.UTF_8)));
    patchCentralDirectory(zero, 24, 0);
    assertEquals("zip entry \"m@v1/f\": size more than 0, central directory says 0",
        assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zero)).reason());
  }

  @Test
  void hashZip_centralDirectoryCrcDisagrees_checksumError() throws Exception {
    Path zip = zip("crc.zip", Map.of("m@v1/f", "hello".getBytes(StandardCharsets.UTF_8)));
    patchCentralDirectory(zip, 16, 0x12345678);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zip));
    assertEquals("zip entry \"m@v1/f\": checksum error", e.reason());
    // CRC 0 is a CRC like any other: the empty file's, and nothing else's here
    Path zero = zip("crc0.zip", Map.of("m@v1/f", "hello".getBytes(StandardCharsets.UTF_8)));
    patchCentralDirectory(zero, 16, 0);
    assertEquals("zip entry \"m@v1/f\": checksum error",
        assertThrows(MalformedInputException.class, () -> DirHash.hashZip(zero)).reason());
    Path empty = zip("empty.zip", Map.of("m@v1/f", new byte[0]));
    assertEquals(DirHash.hash1(List.of("m@v1/f"), name -> new ByteArrayInputStream(new byte[0])), DirHash.hashZip(empty));
  }

  @Test
  void names_highSurrogateAtTheVeryEnd_malformedNotAnIndexError() {
    for (String name : new String[] {"a\ud800", "\ud800", "\udc00a", "a\ud800b", "\ud800\ud800\udc00"}) {
      MalformedInputException e = assertThrows(MalformedInputException.class,
          () -> DirHash.hash1(List.of("ok", name), n -> new ByteArrayInputStream(new byte[0])), name);
      assertTrue(e.reason().startsWith("dirhash: file name "), e.getMessage());
      assertTrue(e.reason().endsWith(" is not valid Unicode"), e.getMessage());
    }
  }

  @Test
  void names_newlineAnywhereEvenFirst_refusedAsGo() {
    for (String name : new String[] {"\nx", "x\n", "a\nb", "\n"}) {
      MalformedInputException e = assertThrows(MalformedInputException.class,
          () -> DirHash.hash1(List.of("ok", name), n -> new ByteArrayInputStream(new byte[0])));
      assertEquals("dirhash: filenames with newlines are not supported", e.reason());
    }
  }

  @Test
  void names_orderIsByCodePoint_aPrefixFirst() throws Exception {
    // "a" < "a/b" < "ab" < "a\uffff" < "a\ud800\udc00" (U+10000, after U+FFFF though its first UTF-16 unit is smaller)
    List<String> names = List.of("a\ud800\udc00", "a\uffff", "ab", "a/b", "a");
    StringBuilder order = new StringBuilder();
    DirHash.hash1(names, n -> {
      order.append(n).append('|');
      return new ByteArrayInputStream(new byte[0]);
    });
    assertEquals("a|a/b|ab|a\uffff|a\ud800\udc00|", order.toString());
    assertTrue(DirHash.compareUtf8("a", "ab") < 0);
    assertTrue(DirHash.compareUtf8("ab", "a") > 0);
    assertEquals(0, DirHash.compareUtf8("a\ud800\udc00", "a\ud800\udc00"));
  }

  @Test
  void hashDir_treeLargerThanTheCap_refusedBeforeReading() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("tree"));
    Files.writeString(dir.resolve("go.mod"), "module m\n");
    try (RandomAccessFile r = new RandomAccessFile(dir.resolve("big").toFile(), "rw")) {
      r.setLength(DirHash.MAX_ZIP_CONTENT_BYTES - 8); // with go.mod's 9 bytes: one byte over
    }
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> DirHash.hashDir(dir, "m@v1"));
    assertEquals("module source tree too large (max size is 524288000 bytes)", e.reason());
    assertEquals(dir.toString(), e.source());
  }

  @Test
  void hashDir_emptyPrefix_namesAreRelativePaths() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("plain"));
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(dir.resolve("go.mod"), "module m\n");
    Files.writeString(dir.resolve("sub/a.go"), "package sub\n");
    Map<String, byte[]> files = Map.of("go.mod", "module m\n".getBytes(StandardCharsets.UTF_8),
        "sub/a.go", "package sub\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(DirHash.hash1(List.of("go.mod", "sub/a.go"), n -> new ByteArrayInputStream(files.get(n))),
        DirHash.hashDir(dir, ""));
  }

  private Path zip(String file, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        ZipEntry e = new ZipEntry(en.getKey());
        e.setTime(0);
        z.putNextEntry(e); // deflated
        z.write(en.getValue());
        z.closeEntry();
      }
    }
    return Files.write(tmp.resolve(file), bo.toByteArray());
  }

  /** Overwrites the 4-byte little-endian field at {@code off} of the (only) central directory header. */
  private static void patchCentralDirectory(Path zip, int off, int value) throws IOException {
    byte[] b = Files.readAllBytes(zip);
    int cen = -1;
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        cen = i;
        break;
      }
    }
    assertTrue(cen >= 0, "no central directory header");
    for (int k = 0; k < 4; k++) {
      b[cen + off + k] = (byte) (value >>> (8 * k));
    }
    Files.write(zip, b);
  }
}
