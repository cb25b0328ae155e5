package dev.sumdb4j.tlog.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.MemoryHashes;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TileHashReader: honest reads, and the CVE-2026-56865 regression (vectors.md V6.4). */
class TileHashReaderTest {
  private static final MemoryHashes LOG = MemoryHashes.leaves(66536);

  private static Tree tree(long n) {
    return new Tree(n, LOG.treeHash(n));
  }

  static List<Object[]> cveCases() {
    return List.of(
        new Object[] {300L, List.of("tile/8/1/000.p/1", "tile/8/0/001.p/44", "tile/8/0/000"), true},
        new Object[] {1000L, List.of("tile/8/1/000.p/3", "tile/8/0/003.p/232", "tile/8/0/000"), true},
        new Object[] {1024L, List.of("tile/8/1/000.p/4", "tile/8/0/000"), false},
        new Object[] {66536L, List.of("tile/8/2/000.p/1", "tile/8/1/001.p/3", "tile/8/0/259.p/232",
            "tile/8/1/000", "tile/8/0/000"), true});
  }

  @ParameterizedTest
  @MethodSource("cveCases")
  void readHashes_forgedLevel0Tile_v64_rejected(long n, List<String> wantTiles, boolean xmodAccepts) throws Exception {
    MemoryTileReader tr = new MemoryTileReader(8, LOG);
    tr.forge(new Tile(8, 0, 0, 256), 10, 3);
    long x = StoredHashes.index(0, 10);
    InconsistentTileException e = assertThrows(InconsistentTileException.class,
        () -> new TileHashReader(tree(n), tr).readHashes(new long[] {x}));
    assertEquals(wantTiles, tr.lastPaths());
    assertEquals("tile/8/0/000", e.tile().path());
    assertEquals(tree(n), e.tree());
    assertNotEquals(e.computed(), e.expected());
    assertTrue(e.getMessage().startsWith("downloaded inconsistent tile tile/8/0/000 for tree size " + n),
        e.getMessage());
    assertTrue(tr.saved.isEmpty(), "nothing may be saved after a failed authentication");

    // The test bites: the x/mod loop bound returns the forged hash for the same tiles.
    MemoryTileReader tr2 = new MemoryTileReader(8, LOG);
    tr2.forge(new Tile(8, 0, 0, 256), 10, 3);
    if (xmodAccepts) {
      Hash forged = BuggyTileHashReader.read(tree(n), tr2, x);
      assertNotEquals(LOG.readHashes(new long[] {x}).get(0), forged);
    } else {
      assertThrows(SumdbException.class, () -> BuggyTileHashReader.read(tree(n), tr2, x));
    }
  }

  @Test
  void readHashes_height2Size7ForgedLeaf_rejectedWhereXmodAccepts() throws Exception {
    MemoryTileReader tr = new MemoryTileReader(2, LOG);
    tr.forge(new Tile(2, 0, 0, 4), 1, 0);
    long x = StoredHashes.index(0, 1);
    assertThrows(InconsistentTileException.class, () -> new TileHashReader(tree(7), tr).readHashes(new long[] {x}));
    assertEquals(List.of("tile/2/1/000.p/1", "tile/2/0/001.p/3", "tile/2/0/000"), tr.lastPaths());
    Hash forged = BuggyTileHashReader.read(tree(7), tr, x);
    assertNotEquals(LOG.readHashes(new long[] {x}).get(0), forged);
  }

  @Property(tries = 300)
  void readHashes_anyForgedBitInAnyReadTile_rejected(@ForAll @IntRange(min = 1, max = 700) int n,
      @ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 0, max = 699) int leaf,
      @ForAll @IntRange(min = 0, max = 1 << 20) int sel) throws Exception {
    long x = StoredHashes.index(0, leaf % n);
    MemoryTileReader honest = new MemoryTileReader(h, LOG);
    List<Hash> got = new TileHashReader(tree(n), honest).readHashes(new long[] {x});
    assertEquals(LOG.readHashes(new long[] {x}), got);
    assertEquals(honest.requests, honest.saved);
    List<Tile> read = honest.requests.get(0);
    Tile victim = read.get(sel % read.size());
    MemoryTileReader tr = new MemoryTileReader(h, LOG);
    tr.forge(victim, (sel >> 4) % victim.width(), (sel >> 12) % 256);
    assertThrows(InconsistentTileException.class, () -> new TileHashReader(tree(n), tr).readHashes(new long[] {x}));
    assertTrue(tr.saved.isEmpty());
  }

  @Property(tries = 200)
  void readHashes_severalIndexesAnyForgedBit_rejected(@ForAll @IntRange(min = 1, max = 5000) int n,
      @ForAll @IntRange(min = 1, max = 8) int h, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int b, @ForAll @IntRange(min = 0, max = 1 << 20) int sel)
      throws Exception {
    long count = StoredHashes.count(n);
    long[] idx = {a % count, b % count, StoredHashes.index(0, n - 1)};
    MemoryTileReader honest = new MemoryTileReader(h, LOG);
    assertEquals(LOG.readHashes(idx), new TileHashReader(tree(n), honest).readHashes(idx));
    List<Tile> read = honest.requests.get(0);
    Tile victim = read.get(sel % read.size());
    MemoryTileReader tr = new MemoryTileReader(h, LOG);
    tr.forge(victim, (sel >> 4) % victim.width(), (sel >> 12) % 256);
    assertThrows(InconsistentTileException.class, () -> new TileHashReader(tree(n), tr).readHashes(idx));
    assertTrue(tr.saved.isEmpty());
  }

  /** Executors a parallel reader must cope with: a real pool, one that never runs a task, one that refuses. */
  private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
    Thread t = new Thread(r, "tile-hashing-test");
    t.setDaemon(true);
    return t;
  });
  private static final List<java.util.concurrent.Executor> EXECUTORS = List.of(POOL, task -> { },
      task -> {
        throw new java.util.concurrent.RejectedExecutionException("full");
      });

  @Property(tries = 60)
  void readHashes_parallelHashing_sameHashesTilesAndVerdictsAsSerial(@ForAll @IntRange(min = 1, max = 66536) int n,
      @ForAll @IntRange(min = 1, max = 3) int h, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a,
      @ForAll @IntRange(min = 0, max = 1 << 20) int sel, @ForAll @IntRange(min = 2, max = 5) int parallelism,
      @ForAll @IntRange(min = 0, max = 2) int executor) throws Exception {
    long count = StoredHashes.count(n);
    long[] idx = new long[64];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (a + (long) i * 1_000_003L) % count; // many tiles: enough to split the hashing
    }
    java.util.concurrent.Executor ex = EXECUTORS.get(executor);
    MemoryTileReader serial = new MemoryTileReader(h, LOG);
    MemoryTileReader parallel = new MemoryTileReader(h, LOG);
    assertEquals(new TileHashReader(tree(n), serial).readHashes(idx),
        new TileHashReader(tree(n), parallel, ex, parallelism).readHashes(idx));
    assertEquals(serial.requests, parallel.requests);
    assertEquals(serial.saved, parallel.saved);
    List<Tile> read = serial.requests.get(0);
    Tile victim = read.get(sel % read.size());
    MemoryTileReader bad1 = new MemoryTileReader(h, LOG);
    MemoryTileReader bad2 = new MemoryTileReader(h, LOG);
    bad1.forge(victim, (sel >> 4) % victim.width(), (sel >> 12) % 256);
    bad2.forge(victim, (sel >> 4) % victim.width(), (sel >> 12) % 256);
    InconsistentTileException e1 = assertThrows(InconsistentTileException.class,
        () -> new TileHashReader(tree(n), bad1).readHashes(idx));
    InconsistentTileException e2 = assertThrows(InconsistentTileException.class,
        () -> new TileHashReader(tree(n), bad2, ex, parallelism).readHashes(idx));
    assertEquals(e1.getMessage(), e2.getMessage());
    assertTrue(bad2.saved.isEmpty());
  }

  @Property(tries = 300)
  void readHashes_honestServer_sameTilesAndHashesAsXmod(@ForAll @IntRange(min = 1, max = 66536) int n,
      @ForAll @IntRange(min = 1, max = 8) int h, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a)
      throws Exception {
    long x = a % StoredHashes.count(n);
    MemoryTileReader ours = new MemoryTileReader(h, LOG);
    MemoryTileReader xmod = new MemoryTileReader(h, LOG);
    Hash got = new TileHashReader(tree(n), ours).readHashes(new long[] {x}).get(0);
    assertEquals(BuggyTileHashReader.read(tree(n), xmod, x), got);
    assertEquals(xmod.requests, ours.requests);
  }

  @Property(tries = 100)
  void treeHashOfOlderTree_throughTiles_matches(@ForAll @IntRange(min = 1, max = 66536) int n,
      @ForAll @IntRange(min = 0, max = 66536) int old) throws Exception {
    long m = old % (n + 1);
    TileHashReader r = new TileHashReader(tree(n), new MemoryTileReader(8, LOG));
    assertEquals(LOG.treeHash(m), dev.sumdb4j.tlog.TreeHash.of(m, r));
  }

  @Test
  void readHashes_manyIndexesEverySizeUpTo70_honest() throws Exception {
    for (int h = 1; h <= 3; h++) {
      for (int n = 0; n <= 70; n++) {
        long[] idx = new long[(int) StoredHashes.count(n)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = idx.length - 1 - i;
        }
        MemoryTileReader tr = new MemoryTileReader(h, LOG);
        assertEquals(LOG.readHashes(idx), new TileHashReader(tree(n), tr).readHashes(idx), "h " + h + " n " + n);
      }
    }
  }

  @Test
  void readHashes_indexNotInTree_fails() {
    MemoryTileReader tr = new MemoryTileReader(8, LOG);
    SumdbException e = assertThrows(SumdbException.class,
        () -> new TileHashReader(tree(10), tr).readHashes(new long[] {StoredHashes.count(10)}));
    assertTrue(e.getMessage().startsWith("indexes not in tree"), e.getMessage());
    assertThrows(SumdbException.class, () -> new TileHashReader(tree(10), tr).readHashes(new long[] {-1}));
  }

  @Test
  void readHashes_badResultShape_failsClearly() {
    TileReader wrongCount = reader(8, tiles -> List.of());
    SumdbException e = assertThrows(SumdbException.class,
        () -> new TileHashReader(tree(300), wrongCount).readHashes(new long[] {0}));
    assertEquals("TileReader returned bad result slice (len=0, want 3)", e.getMessage());
    TileReader wrongLength = reader(8, tiles -> {
      List<byte[]> out = new ArrayList<>();
      for (Tile t : tiles) {
        out.add(new byte[t.width() * 32 + 1]);
      }
      return out;
    });
    MalformedInputException e2 = assertThrows(MalformedInputException.class,
        () -> new TileHashReader(tree(300), wrongLength).readHashes(new long[] {0}));
    assertTrue(e2.getMessage().contains("tile/8/1/000.p/1 len=33, want 32"), e2.getMessage());
  }

  @Test
  void readHashes_forgedTreeHashTile_rejectedWithAllTreeTiles() throws Exception {
    MemoryTileReader tr = new MemoryTileReader(8, LOG);
    tr.forge(new Tile(8, 0, 1, 256), 43, 7);
    InconsistentTileException e = assertThrows(InconsistentTileException.class,
        () -> new TileHashReader(tree(300), tr).readHashes(new long[] {StoredHashes.index(0, 299)}));
    assertEquals(List.of("tile/8/1/000.p/1", "tile/8/0/001.p/44"), e.tiles().stream().map(Tile::path).toList());
    assertEquals(tree(300).hash(), e.expected());
  }

  interface Reads {
    List<byte[]> read(List<Tile> tiles) throws IOException, SumdbException;
  }

  private static TileReader reader(int h, Reads r) {
    return new TileReader() {
      @Override
      public int height() {
        return h;
      }

      @Override
      public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
        return r.read(tiles);
      }

      @Override
      public void saveTiles(List<VerifiedTile> tiles) {
        throw new AssertionError("must not save");
      }
    };
  }
}
