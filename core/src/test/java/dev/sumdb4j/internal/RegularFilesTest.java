package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sumdb4j.testdata.SpecialFiles;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegularFiles#read}: sized from the file it opened, and still exact and capped when the
 * file is not the size its attributes said; never a FIFO, a link (unless following links) or a file
 * swapped in between the check and the open (through the package-private {@link RegularFiles.Race}
 * seam, the swaps are deterministic).
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

  private static final Duration HANG = Duration.ofSeconds(20); // a guard against a blocked open, not a timing

  @Test
  void read_fifo_refusedBeforeOpeningItCouldBlock() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), fifo);
    for (Path p : new Path[] {fifo, link}) {
      for (boolean follow : new boolean[] {false, true}) {
        RegularFiles.IrregularFileException e = assertTimeoutPreemptively(HANG,
            () -> assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.read(p, 10, follow)));
        assertEquals(p == link && !follow ? "is a symbolic link, not a regular file"
            : "is a special file (FIFO, device or socket), not a regular file", e.getReason(), p + " " + follow);
      }
    }
  }

  @Test
  void read_linkSwappedInAfterTheCheck_refusedByTheOpen() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "checked");
    Path secret = Files.writeString(tmp.resolve("secret"), "secret");
    RegularFiles.Race swap = new RegularFiles.Race() {
      @Override
      public void beforeOpen() throws java.io.IOException {
        Files.delete(f);
        Files.createSymbolicLink(f, secret);
      }
    };
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
        () -> RegularFiles.read(f, 100, false, swap));
    assertEquals("is a symbolic link, not a regular file", e.getReason());
  }

  @Test
  void read_replacedOnceAfterTheCheck_checksAndReadsTheNewFile() throws Exception {
    // A concurrent writer renaming a new copy into place: benign, read again.
    Path f = Files.writeString(tmp.resolve("f"), "old");
    AtomicInteger opens = new AtomicInteger();
    RegularFiles.Race replaceOnce = new RegularFiles.Race() {
      @Override
      public void beforeOpen() throws java.io.IOException {
        if (opens.getAndIncrement() == 0) {
          Files.move(Files.writeString(tmp.resolve("new"), "new"), f, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    };
    assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), RegularFiles.read(f, 100, false, replaceOnce));
    assertEquals(2, opens.get());
  }

  @Test
  void read_replacedAfterEveryCheck_refused() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "checked");
    AtomicInteger opens = new AtomicInteger();
    RegularFiles.Race replace = new RegularFiles.Race() {
      @Override
      public void beforeOpen() throws java.io.IOException {
        Path other = Files.writeString(tmp.resolve("other"), "swapped in " + opens.incrementAndGet());
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING);
      }
    };
    for (boolean follow : new boolean[] {false, true}) {
      opens.set(0);
      RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
          () -> RegularFiles.read(f, 100, follow, replace));
      assertEquals("was replaced while being opened, 3 times", e.getReason());
      assertEquals(RegularFiles.ATTEMPTS, opens.get());
    }
  }

  @Test
  void read_fifoWithAWriterSwappedInAndBackAroundTheOpen_refusedByWhatWasOpened() throws Exception {
    // The path names the checked file before and after the open; only the channel shows that a
    // pipe was opened (the attacker's writer would then choose what is read, and when).
    Path f = Files.writeString(tmp.resolve("f"), "checked");
    Path saved = tmp.resolve("saved");
    Thread[] writer = new Thread[1];
    RegularFiles.Race swap = new RegularFiles.Race() {
      @Override
      public void beforeOpen() throws java.io.IOException {
        Files.move(f, saved);
        SpecialFiles.fifo(f);
        writer[0] = new Thread(() -> {
          try (var out = Files.newOutputStream(f, StandardOpenOption.WRITE)) { // blocks until the read opens
            out.write("attacker".getBytes(StandardCharsets.UTF_8));
          } catch (java.io.IOException e) {
            // the reader closed the pipe: expected
          }
        });
        writer[0].start();
      }

      @Override
      public void afterOpen() throws java.io.IOException {
        Files.move(saved, f, StandardCopyOption.REPLACE_EXISTING);
      }
    };
    RegularFiles.IrregularFileException e = assertTimeoutPreemptively(HANG,
        () -> assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.read(f, 100, false, swap)));
    assertEquals("was replaced by a special file (FIFO, device or socket) while being opened", e.getReason());
    writer[0].join(HANG.toMillis());
    assertEquals("checked", Files.readString(f));
  }

  @Test
  void read_grewPastTheCapBetweenCheckAndOpen_refused() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "small");
    RegularFiles.Race grow = new RegularFiles.Race() {
      @Override
      public void afterOpen() throws java.io.IOException {
        Files.writeString(f, "x".repeat(100), StandardOpenOption.APPEND);
      }
    };
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
        () -> RegularFiles.read(f, 50, false, grow));
    assertEquals("exceeds 50 bytes", e.getReason());
  }

  @Test
  void channel_andOpen_applyTheSameChecks() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "abc");
    try (var ch = RegularFiles.channel(f, 3, false); var in = RegularFiles.open(f, 3, false)) {
      assertEquals(3, ch.size());
      assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
    Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
    assertTimeoutPreemptively(HANG, () -> {
      assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.channel(fifo, 3, true));
      assertThrows(RegularFiles.IrregularFileException.class, () -> RegularFiles.open(fifo, 3, true));
    });
    assertEquals("exceeds 2 bytes", assertThrows(RegularFiles.IrregularFileException.class,
        () -> RegularFiles.channel(f, 2, false)).getReason());
  }
}
