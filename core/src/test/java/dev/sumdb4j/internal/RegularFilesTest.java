package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegularFiles#read}: sized from the attributes it checked, and still exact and capped when
 * the file is not the size its attributes said.
 */
class RegularFilesTest {
  @TempDir Path tmp;

  @Property(tries = 60)
  void read_anySizeUpToTheCap_returnsTheBytes(@ForAll @IntRange(min = 0, max = 20_000) int size,
      @ForAll @IntRange(min = 0, max = 3) int slack) throws Exception {
    Path dir = Files.createTempDirectory("regular-files");
    try {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path f = Files.write(dir.resolve("f"), data);
      assertArrayEquals(data, RegularFiles.read(f, size + slack, false));
      assertArrayEquals(data, RegularFiles.read(f, size + slack, true));
      if (size > 0) {
        RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
            () -> RegularFiles.read(f, size - 1, false));
        assertEquals("exceeds " + (size - 1) + " bytes", e.getReason());
      }
      Files.delete(f);
    } finally {
      Files.delete(dir);
    }
  }

  @Test
  void read_fileLargerThanItsAttributesSay_readsOnToTheCap() throws Exception {
    // Files under /proc say size 0 and have content: the path a file that grew after its check takes.
    Path status = Path.of("/proc/self/status");
    assumeTrue(Files.isReadable(status), "no /proc");
    BasicFileAttributes a = Files.readAttributes(status, BasicFileAttributes.class);
    assumeTrue(a.isRegularFile() && a.size() == 0, "/proc/self/status is not a size-0 regular file here");
    String text = new String(RegularFiles.read(status, 1 << 20, true), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("Name:") && text.contains("\nPid:"), text);
    int length = text.length();
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
        () -> RegularFiles.read(status, 10, true));
    assertEquals("exceeds 10 bytes", e.getReason());
    assertTrue(length > 10);
  }

  @Test
  void read_refusesLinksDirectoriesAndMissingFiles() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), f);
    assertEquals("is a symbolic link, not a regular file",
        assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.read(link, 10, false)).getReason());
    assertArrayEquals(new byte[] {'x'}, RegularFiles.read(link, 10, true));
    assertEquals("is a directory, not a regular file",
        assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.read(tmp, 10, true)).getReason());
    assertThrows(NoSuchFileException.class, () -> RegularFiles.read(tmp.resolve("missing"), 10, false));
  }
}
