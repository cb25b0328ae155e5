package dev.sumdb4j.tlog.realdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.realdata.RealSets.MapTileReader;
import dev.sumdb4j.tlog.realdata.RealSets.Signed;
import dev.sumdb4j.tlog.tile.TileHashReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consistency proofs between real signed checkpoints, built from the pooled tiles of all cache
 * sets (authenticated against the newer signed tree) and checked against both signed hashes.
 */
class CheckpointConsistencyTest {
  /** Random pairs tried by {@link #prove_samplePairs_allCheck()} (several seconds on one core). */
  private static final int SAMPLE_PAIRS = 10_000;
  /**
   * The checkpoints cut from text sources (PROVENANCE.md): no cached tile covers their trees' right
   * edges, so they can be the old side of a proof only if a covering tree's tiles happen to hold
   * their boundary, which none does.
   */
  private static final Set<Long> TEXT_SOURCED = Set.of(756113L, 1514086L, 3935567L, 6353345L, 6476701L,
      10680630L, 15067302L, 15081221L, 19777102L, 30055305L, 31700353L, 35225469L, 54715574L, 54717027L,
      58253265L);

  private static MapTileReader pooled;
  private static List<Signed> all;
  /** The checkpoints whose tree hash the pooled tiles can produce, by increasing size. */
  private static List<Signed> coverable;
  private static long widerServedAtLoad;

  @BeforeAll
  static void load() throws Exception {
    pooled = new MapTileReader(RealSets.pooledTiles());
    all = RealSets.checkpoints();
    coverable = new ArrayList<>();
    for (Signed s : all) {
      try {
        // TileHashReader authenticates the tree-hash tiles against s's signed hash.
        assertEquals(s.hash(), TreeHash.of(s.size(), new TileHashReader(s.checkpoint().tree(), pooled)), s.file());
        coverable.add(s);
      } catch (Exception e) {
        if (!RealSets.isMissingTile(e)) {
          throw e;
        }
      }
    }
    widerServedAtLoad = pooled.servedFromWider();
  }

  /** Proves and checks old -> new; false if the pooled tiles cannot serve the proof. */
  private static boolean proveAndCheck(Signed old, Signed neu) throws Exception {
    TreeProof p;
    try {
      p = TreeProof.prove(neu.size(), old.size(), new TileHashReader(neu.checkpoint().tree(), pooled));
    } catch (Exception e) {
      if (RealSets.isMissingTile(e)) {
        return false;
      }
      throw new AssertionError(old.file() + " -> " + neu.file() + ": " + e, e);
    }
    TreeProof.check(p, neu.size(), neu.hash(), old.size(), old.hash());
    return true;
  }

  @Test
  void treeHash_checkpointsWithCachedTiles_matchSignedHashes() {
    assertEquals(552, all.size(), "checkpoints/<N>.note files");
    // Every cache set's latest and many lookup trees are covered by the pooled tiles.
    Set<Long> sizes = new TreeSet<>();
    coverable.forEach(s -> sizes.add(s.size()));
    for (long latest : new long[] {740257, 3087502, 6978134, 17337445, 33051419, 42965376}) {
      assertTrue(sizes.contains(latest), "tiles cover latest " + latest);
    }
    // ... and so is every checkpoint that came from a cache, none of those cut from text.
    for (Signed s : all) {
      assertEquals(!TEXT_SOURCED.contains(s.size()), sizes.contains(s.size()), s.file() + " covered by tiles");
    }
    assertEquals(537, coverable.size());
    // Most of them through partial tiles served as prefixes of wider cached tiles (reference §3.8).
    assertTrue(widerServedAtLoad > 100, "tiles served from wider ones: " + widerServedAtLoad);
  }

  @Test
  void prove_everyCheckpointToLargestCoveringTree_checks() throws Exception {
    int proved = 0;
    List<String> unproved = new ArrayList<>();
    for (Signed old : all) {
      boolean ok = false;
      for (int j = coverable.size() - 1; j >= 0 && !ok; j--) {
        Signed neu = coverable.get(j);
        if (neu.size() >= old.size()) {
          ok = proveAndCheck(old, neu);
        }
      }
      if (ok) {
        proved++;
      } else {
        unproved.add(old.file());
      }
    }
    // Every cache-sourced checkpoint is proved consistent with a larger tree (most with the Lin
    // set's 42965376); none of the text-sourced ones can be.
    assertEquals(537, proved, "unproved: " + unproved);
    assertEquals(TEXT_SOURCED.size(), unproved.size(), "unproved: " + unproved);
  }

  @Test
  void prove_crossSetPairs_check() throws Exception {
    // The cross-set pairs PROVENANCE.md lists as checked with Go: the etcd cache (2020) holds the
    // tiles at tree 739951's edge that the later caches' trees need.
    long[][] pairs = {
      {739951, 3087502}, {739951, 6978134}, {739951, 17337445}, {739951, 33051419}, {739951, 42965376},
    };
    List<String> missing = new ArrayList<>();
    for (long[] p : pairs) {
      if (!proveAndCheck(find(p[0]), find(p[1]))) {
        missing.add(p[0] + " -> " + p[1]);
      }
    }
    assertEquals(List.of(), missing, "pairs the pooled tiles cannot prove");
  }

  @Test
  void prove_samplePairs_allCheck() throws Exception {
    Random random = new Random(20261123);
    int checked = 0;
    int crossSet = 0;
    for (int i = 0; i < SAMPLE_PAIRS; i++) {
      Signed neu = coverable.get(random.nextInt(coverable.size()));
      Signed old = all.get(random.nextInt(all.size()));
      if (old.size() > neu.size()) {
        Signed t = old;
        old = neu;
        neu = t;
      }
      if (proveAndCheck(old, neu)) {
        checked++;
        if (old.size() < 1_000_000 && neu.size() > 3_000_000) {
          crossSet++;
        }
      }
    }
    assertTrue(checked >= SAMPLE_PAIRS * 8 / 10, "checked " + checked + " of " + SAMPLE_PAIRS);
    assertTrue(crossSet >= 50, "cross-set pairs checked: " + crossSet);
  }

  private static Signed find(long size) {
    return all.stream().filter(s -> s.size() == size).findFirst().orElseThrow();
  }
}
