package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's files and the audit's state files are read as regular files within their real
 * maximum (a tile: the cap its download had) and written without following a symbolic link.
 */
class MirrorFilesTest {
  private static final Duration HANG = Duration.ofSeconds(20); // a guard against a blocked open, not a timing

  @TempDir Path tmp;

  @Test
  void readOrNull_tile_regularFileWithinItsDownloadCapOnly() throws Exception {
    MirrorDir dir = MirrorDir.at(tmp.resolve("mirror"));
    Tile hash = new Tile(8, 0, 3, 256);
    Tile data = new Tile(8, -1, 3, 256);
    assertEquals(256 * 32, MirrorDir.maxBytes(hash));
    assertEquals(256 * (8192 + 1), MirrorDir.maxBytes(data));
    assertNull(dir.readOrNull(hash));
    dir.write(hash, new byte[256 * 32]);
    assertEquals(256 * 32, dir.readOrNull(hash).length);

    // one byte over: refused, where it was read whole
    Files.write(dir.file(hash), new byte[256 * 32 + 1]);
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class, () -> dir.readOrNull(hash));
    assertEquals("exceeds 8192 bytes", e.getReason());

    // a link, even to a good tile: refused, where it was read through
    Path elsewhere = Files.write(tmp.resolve("elsewhere"), new byte[32]);
    Files.delete(dir.file(hash));
    Files.createSymbolicLink(dir.file(hash), elsewhere);
    e = assertThrows(RegularFiles.IrregularFileException.class, () -> dir.readOrNull(hash));
    assertEquals("is a symbolic link, not a regular file", e.getReason());

    // a FIFO: refused, where opening it blocked until a writer came
    Files.createDirectories(dir.file(data).getParent());
    SpecialFiles.fifo(dir.file(data));
    e = assertTimeoutPreemptively(HANG,
        () -> assertThrows(RegularFiles.IrregularFileException.class, () -> dir.readOrNull(data)));
    assertEquals("is a special file (FIFO, device or socket), not a regular file", e.getReason());
  }

  @Test
  void tileFileReader_tileLargerThanItsDownloadCap_refused() throws Exception {
    MirrorDir dir = MirrorDir.at(tmp.resolve("mirror"));
    Tile hash = new Tile(8, 0, 3, 256);
    Files.createDirectories(dir.file(hash).getParent());
    Files.write(dir.file(hash), new byte[256 * 32 + 1]);
    RegularFiles.IrregularFileException e = assertThrows(RegularFiles.IrregularFileException.class,
        () -> new TileFileReader(dir).read(hash, new byte[16]));
    assertEquals("exceeds 8192 bytes", e.getReason());
    Files.write(dir.file(hash), new byte[256 * 32 - 32]); // the wrong size within the cap: the audit's problem to report
    TileFileReader r = new TileFileReader(dir);
    r.read(hash, null);
    assertEquals(256 * 32 - 32, r.length());
  }

  @Test
  void lock_danglingLinkAtTheLockFile_refusedAndNothingCreated() throws Exception {
    MirrorDir dir = MirrorDir.at(tmp.resolve("mirror"));
    Path victim = tmp.resolve("victim");
    Files.createDirectories(dir.root().resolve(".audit"));
    Files.createSymbolicLink(dir.root().resolve(".audit/lock"), victim);
    assertThrows(IOException.class, dir::lock);
    assertFalse(Files.exists(victim), "the lock was created through the link");
  }

  @Test
  void duplicateIndex_linksInTheIndexDirectory_neitherWrittenNorTruncatedThrough() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("index"));
    byte[] content = new byte[DuplicateIndex.ENTRY + 5]; // not a whole number of entries
    Path victim = Files.write(tmp.resolve("victim"), content);
    Path dangling = tmp.resolve("dangling");
    Files.createSymbolicLink(d.resolve("bucket-0000"), victim);
    Files.createSymbolicLink(d.resolve("bucket-0001"), dangling);
    try (DuplicateIndex index = new DuplicateIndex(d, 256)) {
      assertThrows(IOException.class, index::truncateTorn);
    }
    assertArrayEquals(content, Files.readAllBytes(victim), "truncated through the link");
    Files.delete(d.resolve("bucket-0000"));
    try (DuplicateIndex index = new DuplicateIndex(d, 256)) {
      long[] pairs = {1L << 56 | 7, 3}; // a fingerprint whose top byte picks bucket 1
      assertThrows(IOException.class, () -> index.append(pairs, 1, ByteBuffer.allocate(DuplicateIndex.ENTRY)));
    }
    assertFalse(Files.exists(dangling), "an index bucket was created through the link");
    assertTrue(Files.isSymbolicLink(d.resolve("bucket-0001")));
  }

  @Test
  void write_linkToADirectoryInsideTheMirror_refusedAndNothingWrittenOutside() throws Exception {
    MirrorDir dir = MirrorDir.at(tmp.resolve("mirror"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(dir.root().resolve("tile"));
    Files.createSymbolicLink(dir.root().resolve("tile/8"), outside);
    java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class,
        () -> dir.write(new Tile(8, 0, 0, 1), new byte[32]));
    assertEquals("a symbolic link, not a directory", e.getReason());
    try (var files = Files.list(outside)) {
      assertEquals(0, files.count(), "written through the link");
    }
  }
}
