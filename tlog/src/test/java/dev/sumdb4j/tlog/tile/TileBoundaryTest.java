package dev.sumdb4j.tlog.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.MemoryHashes;
import dev.sumdb4j.tlog.StoredHashes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Tile#hashFromTile} and {@link Tile#parent} at the edges of their range and overflow guards: the
 * last byte of data, the last hash of a partial tile, the largest stored index, and parents of tiles
 * whose node numbers approach 2^63.
 */
class TileBoundaryTest {
  private static final MemoryHashes LOG = MemoryHashes.leaves(16);

  @Test
  void hashFromTile_dataOfExactlyWHashes_readAndOneByteLess_malformed() throws Exception {
    Tile t = new Tile(2, 0, 0, 3);
    byte[] data = Tiles.readTileData(t, LOG);
    assertEquals(3 * Hash.SIZE, data.length);
    assertEquals(LOG.readHashes(new long[] {3}).get(0), t.hashFromTile(data, 3));
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> t.hashFromTile(java.util.Arrays.copyOf(data, data.length - 1), 3));
    assertTrue(e.getMessage().contains("data len 95 too short for tile tile/2/0/000.p/3, want 96"), e.getMessage());
  }

  @Test
  void hashFromTile_lastHashOfAPartialTile_readAndTheNextRefused() throws Exception {
    Tile t = new Tile(2, 0, 0, 2);
    byte[] data = Tiles.readTileData(t, LOG);
    // leaf 1 (stored index 1) is the tile's last hash; the level-1 node over leaves 0..1 (stored 2) spans both
    assertEquals(LOG.readHashes(new long[] {1}).get(0), t.hashFromTile(data, 1));
    assertEquals(LOG.readHashes(new long[] {2}).get(0), t.hashFromTile(data, 2));
    // leaf 2 (stored index 3) would be hash 3 of a tile holding 2
    SumdbException e = assertThrows(SumdbException.class, () -> t.hashFromTile(data, 3));
    assertEquals("index 3 is in tile/2/0/000.p/3 not tile/2/0/000.p/2", e.getMessage());
  }

  @Test
  void hashFromTile_subtreeWiderThanThePartialTile_refusedEvenWithMoreData() throws Exception {
    Tile t = new Tile(3, 0, 0, 3);
    byte[] data = Tiles.readTileData(new Tile(3, 0, 0, 4), LOG); // a hash more than the tile holds
    assertEquals(LOG.readHashes(new long[] {2}).get(0), t.hashFromTile(data, 2));
    // stored 5 is the node over leaves 2..3, stored 6 the node over leaves 0..3: both need 4 hashes
    SumdbException e = assertThrows(SumdbException.class, () -> t.hashFromTile(data, 5));
    assertEquals("index 5 is in tile/3/0/000.p/4 not tile/3/0/000.p/3", e.getMessage());
    assertThrows(SumdbException.class, () -> t.hashFromTile(data, 6));
  }

  @Test
  void hashFromTile_levelOrIndexMismatch_refused() throws Exception {
    byte[] data = Tiles.readTileData(new Tile(2, 0, 1, 4), LOG);
    // stored index 10 is leaf 6, in tile/2/0/001 as its hash 2
    assertEquals(LOG.readHashes(new long[] {10}).get(0), new Tile(2, 0, 1, 4).hashFromTile(data, 10));
    assertThrows(SumdbException.class, () -> new Tile(2, 0, 2, 4).hashFromTile(data, 10));
    assertThrows(SumdbException.class, () -> new Tile(2, 1, 1, 4).hashFromTile(data, 10));
    // a level-0 tile is a hash tile; only data tiles (level -1) hold none
    SumdbException dataTile = assertThrows(SumdbException.class, () -> new Tile(2, -1, 1, 4).hashFromTile(data, 10));
    assertEquals("invalid tile tile/2/data/001: a data tile holds no hashes", dataTile.getMessage());
  }

  @Test
  void hashFromTile_storedIndexOutOfRange_refusedAsSuch() throws Exception {
    Tile t = new Tile(2, 0, 0, 4);
    byte[] data = Tiles.readTileData(t, LOG);
    for (long bad : new long[] {-1, Long.MIN_VALUE, StoredHashes.MAX_INDEX + 1, Long.MAX_VALUE}) {
      SumdbException e = assertThrows(SumdbException.class, () -> t.hashFromTile(data, bad));
      assertEquals("stored hash index " + bad + " out of range", e.getMessage());
    }
    assertEquals(LOG.readHashes(new long[] {0}).get(0), t.hashFromTile(data, 0));
  }

  @Test
  void hashFromTile_largestStoredIndex_isInItsTile() throws Exception {
    long x = StoredHashes.MAX_INDEX;
    for (int h : new int[] {1, 2, 8, 30}) {
      Tile t = Tile.forIndex(h, x);
      byte[] data = new byte[t.width() * Hash.SIZE];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (i * 7 + h);
      }
      long[] ln = StoredHashes.split(x);
      int j = (int) ln[0] - t.level() * h;
      // the node is the hash of the 2^j tile entries ending at the tile's width
      Hash want = Hash.ofSubtree(data, (t.width() - (1 << j)) * Hash.SIZE, 1 << j);
      assertEquals(want, t.hashFromTile(data, x), "height " + h);
    }
  }

  @Test
  void parent_startAtTheTreesEdge_empty() {
    // tile/2/0/001 starts at leaf 4: no parent slice of a 4-leaf tree holds it
    assertEquals(Optional.empty(), new Tile(2, 0, 1, 4).parent(0, 4));
    assertEquals(Optional.of(new Tile(2, 0, 1, 1)), new Tile(2, 0, 1, 4).parent(0, 5));
    // exactly full: the whole tile
    assertEquals(Optional.of(new Tile(2, 0, 1, 4)), new Tile(2, 0, 1, 1).parent(0, 8));
    assertEquals(Optional.of(new Tile(2, 1, 0, 2)), new Tile(2, 0, 1, 4).parent(1, 8));
    assertEquals(Optional.of(new Tile(2, 1, 0, 1)), new Tile(2, 0, 0, 4).parent(1, 4));
    assertEquals(Optional.empty(), new Tile(2, 0, 0, 4).parent(1, 3));
    assertEquals(Optional.empty(), new Tile(2, 0, 0, 1).parent(0, 0));
  }

  @Test
  void parent_invalidArguments_refused() {
    Tile t = new Tile(2, 0, 0, 4);
    assertThrows(IllegalArgumentException.class, () -> t.parent(-1, 4));
    assertThrows(IllegalArgumentException.class, () -> t.parent(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new Tile(2, -1, 0, 4).parent(0, 4));
    assertEquals(Optional.of(t), t.parent(0, 4));
  }

  @Test
  void parent_nearTheTopLevels() {
    // tree level 62 (tile level 31 of height 2) has one node in a tree of 2^63-1 leaves
    assertEquals(Optional.of(new Tile(2, 31, 0, 1)), new Tile(2, 0, 0, 4).parent(31, Long.MAX_VALUE));
    assertEquals(Optional.empty(), new Tile(2, 0, 0, 4).parent(31, (1L << 62) - 1));
    // a tile index of 2^62 holds leaves past 2^63: no parent
    assertEquals(Optional.empty(), new Tile(2, 0, 1L << 62, 4).parent(31, Long.MAX_VALUE));
    assertEquals(Optional.empty(), new Tile(2, 0, 1L << 62, 4).parent(0, Long.MAX_VALUE));
    // levels above 63 do not exist
    assertEquals(Optional.empty(), new Tile(1, 63, 0, 1).parent(1, Long.MAX_VALUE));
    assertEquals(Optional.empty(), new Tile(1, 62, 0, 1).parent(1, Long.MAX_VALUE));
    assertEquals(Optional.of(new Tile(1, 62, 0, 1)), new Tile(1, 0, 0, 2).parent(62, Long.MAX_VALUE));
  }

  @Test
  void parent_lastTileBeforeTheStartOverflows() {
    long last = (Long.MAX_VALUE >>> 30) - 1; // the largest N whose start N<<30 plus 2^30 does not overflow
    assertEquals(Optional.of(new Tile(30, 0, last, 1 << 30)), new Tile(30, 0, last, 1).parent(0, Long.MAX_VALUE));
    assertEquals(Optional.empty(), new Tile(30, 0, last + 1, 1).parent(0, Long.MAX_VALUE));
  }
}
