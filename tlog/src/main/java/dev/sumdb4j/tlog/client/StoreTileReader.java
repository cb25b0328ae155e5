package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.TileReader;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's {@link TileReader} for one authentication step, after x/mod's tileReader: the store
 * first (a partial tile may be cut from a cached full tile), then the remote (a partial tile may be
 * cut from the remote full tile). Tiles are untrusted until the {@code TileHashReader} has
 * authenticated them; {@link #saveTiles} only collects them, and {@link #flush} writes them once the
 * whole step has succeeded (so tiles of a tree later found to be a fork are never cached).
 *
 * <p>A cached tile of the wrong length counts as corrupt: online it is fetched again (and
 * overwritten on {@link #flush}); offline it is a {@link CorruptCacheException}. Offline, every
 * missing tile of one {@link #readTiles} call is named in one {@link MissingDataException}.
 */
final class StoreTileReader implements TileReader {
  /** Concurrent batches of cache writes (each write is mostly file-system work in the kernel). */
  static final int WRITE_BATCHES = Math.max(2, Runtime.getRuntime().availableProcessors());
  private final int height;
  private final SumdbStore store;
  private final Fetcher fetcher;
  private final boolean useCache;
  /** Tiles this reader served from the store (not to be written back). */
  private final Set<Tile> fromCache = ConcurrentHashMap.newKeySet();
  /** Authenticated tiles waiting for {@link #flush}, in order. */
  private final Map<Tile, VerifiedTile> pending = new LinkedHashMap<>();

  StoreTileReader(int height, SumdbStore store, Fetcher fetcher, boolean useCache) {
    this.height = height;
    this.store = store;
    this.fetcher = fetcher;
    this.useCache = useCache;
  }

  @Override
  public int height() {
    return height;
  }

  /** Whether any tile this reader returned came from the store. */
  boolean usedCache() {
    return !fromCache.isEmpty();
  }

  /** The cache names of the tiles served from the store, sorted. */
  List<String> cachedTileNames() {
    return fromCache.stream().map(Tile::path).sorted().toList();
  }

  @Override
  public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
    List<Fetcher.Task<byte[]>> tasks = new ArrayList<>();
    for (Tile t : tiles) {
      tasks.add(() -> readTile(t));
    }
    List<Fetcher.Attempt<byte[]>> got = fetcher.all(tasks);
    List<String> missing = new ArrayList<>();
    List<String> corrupt = new ArrayList<>();
    List<byte[]> out = new ArrayList<>();
    Exception first = null;
    for (int i = 0; i < got.size(); i++) {
      Fetcher.Attempt<byte[]> a = got.get(i);
      if (a.error() instanceof MissingDataException m) {
        missing.addAll(m.missing());
      } else if (a.error() instanceof CorruptCacheException c) {
        corrupt.addAll(c.files());
      } else if (a.error() != null && first == null) {
        first = a.error();
      }
      out.add(a.value());
    }
    if (!corrupt.isEmpty()) {
      throw CorruptCacheException.in(store, corrupt, "cached tile has the wrong length", null);
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException(missing);
    }
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof SumdbException s) {
      throw s;
    }
    return out;
  }

  private byte[] readTile(Tile t) throws IOException, SumdbException {
    int want = t.width() * Hash.SIZE;
    int fullLen = Hash.SIZE << height;
    if (useCache) {
      Optional<byte[]> c = readQuietly(t.path());
      if (c.isPresent()) {
        if (c.get().length == want) {
          fromCache.add(t);
          return c.get();
        }
        if (!fetcher.online()) {
          throw CorruptCacheException.in(store, List.of(t.path()), "cached tile has the wrong length", null);
        }
      } else if (!t.isFull()) {
        Optional<byte[]> f = readQuietly(t.full().path());
        if (f.isPresent() && f.get().length == fullLen) {
          fromCache.add(t);
          return Arrays.copyOf(f.get(), want);
        }
      }
    }
    if (!fetcher.online()) {
      throw new MissingDataException(List.of(t.path()));
    }
    IOException firstError;
    try {
      byte[] data = fetcher.get("/" + t.path());
      if (data.length == want) {
        return data;
      }
      firstError = new IOException("remote tile /" + t.path() + " has " + data.length + " bytes, want " + want);
    } catch (IOException e) {
      firstError = e;
    }
    if (!t.isFull()) {
      try {
        byte[] full = fetcher.get("/" + t.full().path());
        if (full.length == fullLen) {
          return Arrays.copyOf(full, want);
        }
      } catch (IOException e) {
        firstError.addSuppressed(e);
      }
    }
    throw firstError;
  }

  private Optional<byte[]> readQuietly(String path) {
    try {
      Optional<byte[]> b = store.readTile(path);
      return b.filter(x -> x.length > 0);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // any failure means "not cached", as in x/mod
    }
  }

  @Override
  public void saveTiles(List<VerifiedTile> tiles) {
    synchronized (pending) {
      for (VerifiedTile t : tiles) {
        if (!fromCache.contains(t.tile())) {
          pending.put(t.tile(), t);
        }
      }
    }
  }

  /** Writes every authenticated tile not read from the store (best effort). */
  void flush() {
    List<VerifiedTile> todo;
    synchronized (pending) {
      todo = new ArrayList<>(pending.values());
      pending.clear();
    }
    List<Fetcher.Job> writes = new ArrayList<>();
    for (VerifiedTile t : todo) {
      writes.add(() -> {
        try {
          store.writeTile(t);
        } catch (IOException | RuntimeException ex) {
          // Best effort, as x/mod's WriteCache: the tile is fetched again next time.
        }
      });
    }
    try {
      fetcher.runBatched(writes, WRITE_BATCHES);
    } catch (IOException interrupted) {
      // Best effort: tiles not written yet are fetched again next time.
    }
  }
}
