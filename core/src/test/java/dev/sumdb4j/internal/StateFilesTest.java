package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.SpecialFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StateFiles.openForWrite: lock and log files are never opened through a link, a FIFO or a directory. */
class StateFilesTest {
  @TempDir Path tmp;

  private static void write(FileChannel ch, String s) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  @Test
  void openForWrite_missingOrRegular_createsOrOpensWithoutTruncating() throws Exception {
    Path f = tmp.resolve("lock");
    try (FileChannel ch = StateFiles.openForWrite(f, false)) {
      assertEquals(0, ch.size());
    }
    Files.writeString(f, "kept");
    try (FileChannel ch = StateFiles.openForWrite(f, false)) {
      assertEquals(4, ch.size());
    }
    try (FileChannel ch = StateFiles.openForWrite(f, true)) {
      write(ch, "+more");
    }
    assertEquals("kept+more", Files.readString(f));
  }

  @Test
  void openForWrite_link_refusedAndTargetUntouched() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim"), "old");
    Path absent = tmp.resolve("absent");
    for (boolean append : new boolean[] {false, true}) {
      for (Path target : new Path[] {victim, absent}) {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
            () -> StateFiles.openForWrite(link, append).close());
        assertEquals(link + ": is a symbolic link, not a regular file", e.getMessage());
        Files.delete(link);
      }
    }
    assertEquals("old", Files.readString(victim));
    assertFalse(Files.exists(absent, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void openForWrite_fifoOrDirectory_refusedWithoutBlocking() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    for (boolean append : new boolean[] {false, true}) {
      RegularFiles.IrregularFileException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(RegularFiles.IrregularFileException.class, () -> StateFiles.openForWrite(fifo, append)));
      assertTrue(e.getMessage().endsWith("is a special file (FIFO, device or socket), not a regular file"),
          e.getMessage());
      e = assertThrows(RegularFiles.IrregularFileException.class, () -> StateFiles.openForWrite(dir, append));
      assertTrue(e.getMessage().endsWith("is a directory, not a regular file"), e.getMessage());
    }
  }

  /**
   * A link swapped in after the type check meets O_NOFOLLOW, whose ELOOP the JDK reports as a plain
   * IOException: it is still refused by name, and nothing is created through it.
   */
  @Test
  void openNoFollow_link_refusedAsALink_nothingCreatedThroughIt() throws Exception {
    Path target = tmp.resolve("elsewhere");
    Path link = Files.createSymbolicLink(tmp.resolve("lock"), target);
    for (boolean append : new boolean[] {false, true}) {
      RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
          () -> RegularFiles.openNoFollow(link, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.WRITE, append
                  ? java.nio.file.StandardOpenOption.APPEND : java.nio.file.StandardOpenOption.READ));
      assertEquals("is a symbolic link, not a regular file", e.getReason());
    }
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
  }
}
