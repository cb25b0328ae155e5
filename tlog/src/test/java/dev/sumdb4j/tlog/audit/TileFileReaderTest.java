package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading tile files by name: exact content, growing buffers, missing files, unreadable ones. */
class TileFileReaderTest {
  @TempDir Path root;

  @Test
  void read_existingTile_exactContent_inTheGivenBufferOrAGrownOne() throws IOException {
    MirrorDir dir = MirrorDir.at(root);
    Tile t = new Tile(8, 0, 1234, 17);
    byte[] content = new byte[17 * 32];
    Arrays.fill(content, (byte) 7);
    content[0] = 1;
    dir.write(t, content);
    TileFileReader r = new TileFileReader(dir);

    byte[] big = new byte[4096];
    assertSame(big, r.read(t, big));
    assertEquals(content.length, r.length());
    assertArrayEquals(content, Arrays.copyOf(big, r.length()));

    byte[] grown = r.read(t, new byte[10]);
    assertTrue(grown.length >= content.length);
    assertArrayEquals(content, Arrays.copyOf(grown, r.length()));

    Tile empty = new Tile(8, -1, 0, 1);
    dir.write(empty, new byte[0]);
    assertSame(big, r.read(empty, big));
    assertEquals(0, r.length());
  }

  @Test
  void read_missingTile_returnsNull() throws IOException {
    TileFileReader r = new TileFileReader(MirrorDir.at(root));
    assertNull(r.read(new Tile(8, -1, 5, 256), new byte[8]));
  }

  @Test
  void read_directoryWhereTheTileShouldBe_throws() throws IOException {
    MirrorDir dir = MirrorDir.at(root);
    Tile t = new Tile(8, 0, 3, 256);
    Files.createDirectories(dir.file(t));
    IOException e = assertThrows(IOException.class,
        () -> new TileFileReader(dir).read(t, new byte[8]));
    assertTrue(e.getMessage().contains("tile/8/0/003") && e.getMessage().contains("directory"),
        e.getMessage());
  }
}
