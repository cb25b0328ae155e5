package dev.sumdb4j.tlog.client;

import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the client writes its cache: at the end of a call that succeeded, the tiles and
 * lookups it authenticated ({@link VerifiedTile}, {@link VerifiedLookup}: the store accepts no
 * other), in a few concurrent batches. Best effort, as x/mod's WriteCache: what is not written is
 * fetched again next time.
 */
final class CacheWriter {
  /** Concurrent batches of cache writes (each write is mostly file-system work in the kernel). */
  private static final int WRITE_BATCHES = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final SumdbStore store;
  private final Parallel parallel;

  CacheWriter(SumdbStore store, Parallel parallel) {
    this.store = store;
    this.parallel = parallel;
  }

  /** Writes {@code tiles} (each tile once), then {@code lookups}; failures are dropped. */
  void write(List<VerifiedTile> tiles, List<VerifiedLookup> lookups) {
    List<Parallel.Job> writes = new ArrayList<>(tiles.size() + lookups.size());
    Map<Tile, VerifiedTile> once = new LinkedHashMap<>(); // steps of one call may authenticate a tile twice
    tiles.forEach(t -> once.putIfAbsent(t.tile(), t));
    for (VerifiedTile t : once.values()) {
      writes.add(() -> {
        try {
          store.writeTile(t);
        } catch (IOException | RuntimeException e) {
          // Best effort: the tile is fetched again next time.
        }
      });
    }
    for (VerifiedLookup l : lookups) {
      writes.add(() -> {
        try {
          store.writeLookup(l);
        } catch (IOException | RuntimeException e) {
          // Best effort: the lookup is fetched again next time.
        }
      });
    }
    try {
      parallel.runBatched(writes, WRITE_BATCHES);
    } catch (IOException interrupted) {
      // Best effort: what is not written yet is fetched again next time.
    }
  }
}
