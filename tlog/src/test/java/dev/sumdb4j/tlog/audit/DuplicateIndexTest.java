package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel, hash-set duplicate scan agrees with a plain map of fingerprint to record ids. */
class DuplicateIndexTest {
  @TempDir Path dir;

  @Test
  void forEachCollision_repeatsZerosAndReappends_sameAsNaive() throws Exception {
    check(256, 0);
    check(4096, DuplicateIndex.MAX_ID - 20_000); // fewest stored bits per bucket, widest ids
  }

  @Test
  void append_idOutsideFortyBits_rejected() throws Exception {
    try (DuplicateIndex index = new DuplicateIndex(dir.resolve("wide"), 256)) {
      ByteBuffer scratch = ByteBuffer.allocate(64);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.append(new long[] {5, DuplicateIndex.MAX_ID}, 1, scratch));
      assertTrue(e.getMessage().contains("2^40"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> index.append(new long[] {5, -1}, 1, scratch));
    }
  }

  private void check(int buckets, long firstId) throws Exception {
    Random rnd = new Random(11);
    long[] pool = new long[300];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = rnd.nextLong();
    }
    pool[0] = 0; // a fingerprint of 0 is a valid fingerprint, not an empty slot
    pool[1] = Long.MIN_VALUE;
    pool[2] = -1;
    List<long[]> batches = new ArrayList<>();
    Map<Long, TreeSet<Long>> want = new TreeMap<>(Long::compareUnsigned);
    long id = firstId;
    for (int b = 0; b < 5; b++) {
      int n = 2000;
      long[] pairs = new long[2 * n];
      for (int i = 0; i < n; i++) {
        // mostly distinct fingerprints, some drawn from a small pool (repeats), some ids re-appended
        long fp = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : rnd.nextLong();
        if (b == 0 && i % 2 == 1 && i < 20) {
          // a different fingerprint with the same slot and 32-bit tag in the scan's table as the
          // previous one: a candidate that the exact second pass must drop
          fp = pairs[2 * (i - 1)] ^ (1L << 24);
        }
        long rid = rnd.nextInt(20) == 0 && id > firstId ? firstId + rnd.nextLong(id - firstId) : id++;
        if (rid != id - 1) {
          fp = fingerprintOf(batches, rid, fp);
        }
        pairs[2 * i] = fp;
        pairs[2 * i + 1] = rid;
        want.computeIfAbsent(fp, k -> new TreeSet<>()).add(rid);
      }
      batches.add(pairs);
    }
    want.values().removeIf(ids -> ids.size() < 2);
    for (int threads : new int[] {1, 2, 3}) {
      Path d = dir.resolve("b" + buckets + "t" + threads);
      try (DuplicateIndex index = new DuplicateIndex(d, buckets)) {
        for (long[] pairs : batches) {
          index.append(pairs, pairs.length / 2, ByteBuffer.allocate(pairs.length * 8));
        }
      }
      Map<Long, List<Long>> got = new TreeMap<>(Long::compareUnsigned);
      List<Long> order = new ArrayList<>();
      try (DuplicateIndex index = new DuplicateIndex(d, buckets)) {
        index.forEachCollision(threads, (fp, ids) -> {
          order.add(fp);
          List<Long> l = new ArrayList<>();
          for (long x : ids) {
            l.add(x);
          }
          got.put(fp, l);
        });
      }
      Map<Long, List<Long>> wantLists = new TreeMap<>(Long::compareUnsigned);
      want.forEach((k, v) -> wantLists.put(k, new ArrayList<>(v)));
      assertEquals(wantLists, got, "threads " + threads);
      assertEquals(new ArrayList<>(wantLists.keySet()), order, "unsigned fingerprint order");
      assertEquals(true, Files.isDirectory(d));
      try (DuplicateIndex index = new DuplicateIndex(d, buckets)) {
        // lookups by fingerprint: a repeated one, a unique one, and one never appended
        long repeated = wantLists.keySet().iterator().next();
        long unique = batches.get(0)[0];
        Map<Long, List<Long>> found = index.find(Set.of(repeated, unique, 0x1234_5678_9abc_def0L));
        assertEquals(wantLists.get(repeated), found.get(repeated));
        assertTrue(found.get(unique).contains(batches.get(0)[1]), "unique fingerprint found");
        assertNull(found.get(0x1234_5678_9abc_def0L));
      }
    }
  }

  /** The fingerprint a re-appended record id had (an entry written twice is the same entry). */
  private static long fingerprintOf(List<long[]> batches, long rid, long orElse) {
    for (long[] pairs : batches) {
      for (int i = 0; i < pairs.length; i += 2) {
        if (pairs[i + 1] == rid) {
          return pairs[i];
        }
      }
    }
    return orElse;
  }
}
