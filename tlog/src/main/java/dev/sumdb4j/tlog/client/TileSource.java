package dev.sumdb4j.tlog.client;

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
 * Where one authentication step's tiles come from, after x/mod's tileReader: the store first (a
 * partial tile may be cut from a cached full tile; skipped when {@code useCache} is false), then
 * the remote (a partial tile may be cut from the remote full tile). Tiles are untrusted: the
 * {@code TileHashReader} above authenticates them and hands the result to {@link #saveTiles}, which
 * only keeps them for {@link #verified()}; this class never writes the store.
 *
 * <p>Each tile's read is a {@link TileRead} value. When some are missing (offline) or cached with
 * the wrong length (offline), {@link #readTiles} records them in {@link #gap()} and ends the read
 * with {@link GapSignal}, which {@link AuthenticatedTiles} turns back into a value at once (the
 * {@link TileReader} interface leaves no other way out of a {@code TileHashReader}).
 */
final class TileSource implements TileReader {
  /** One tile's read. */
  sealed interface TileRead {
    /** The tile's bytes, of the right length; {@code fromCache}: read from the store. */
    record Data(byte[] bytes, boolean fromCache) implements TileRead {}

    /** Offline, the tile (cache name {@code name}) is not cached. */
    record Missing(String name) implements TileRead {}

    /** Offline, the cached tile {@code name} has the wrong length. */
    record WrongLength(String name) implements TileRead {}

    /** The remote could not serve the tile. */
    record Failed(IOException failure) implements TileRead {}
  }

  /** What kept a read from completing: the tiles missing and the cached tiles of the wrong length. */
  record Gap(List<String> missing, List<String> wrongLength) {}

  /** Ends a {@code TileHashReader}'s read when {@link #gap()} is set; never leaves the client. */
  static final class GapSignal extends IOException {
    private static final long serialVersionUID = 1L;

    GapSignal() {
      super("tiles missing or corrupt in the cache", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final int height;
  private final SumdbStore store;
  private final RemoteReads remote;
  private final Parallel parallel;
  private final boolean useCache;
  /** Tiles this source served from the store (not to be written back). */
  private final Set<Tile> fromCache = ConcurrentHashMap.newKeySet();
  /** Authenticated tiles not read from the store, in order. */
  private final Map<Tile, VerifiedTile> verified = new LinkedHashMap<>();
  private volatile Gap gap;

  /** A source of tiles of height {@code height}; {@code remote} null: offline. */
  TileSource(int height, SumdbStore store, RemoteReads remote, Parallel parallel, boolean useCache) {
    this.height = height;
    this.store = store;
    this.remote = remote;
    this.parallel = parallel;
    this.useCache = useCache;
  }

  @Override
  public int height() {
    return height;
  }

  /** Whether this source reads the store before the remote. */
  boolean useCache() {
    return useCache;
  }

  /** Whether any tile this source returned came from the store. */
  boolean usedCache() {
    return !fromCache.isEmpty();
  }

  /** The cache names of the tiles served from the store, sorted. */
  List<String> cachedTileNames() {
    return fromCache.stream().map(Tile::path).sorted().toList();
  }

  /** What the last read lacked, if it ended with {@link GapSignal}. */
  Gap gap() {
    return gap;
  }

  /** The authenticated tiles to cache: those the {@code TileHashReader} saved and the store lacks. */
  List<VerifiedTile> verified() {
    synchronized (verified) {
      return List.copyOf(verified.values());
    }
  }

  /**
   * Reads {@code tiles}: the store first, on the calling thread, then the misses from the remote
   * concurrently.
   *
   * @param tiles the tiles to read
   * @return their bytes, in order, each of its tile's length (not authenticated yet)
   * @throws IOException if the remote fails, or ({@link GapSignal}) tiles are missing or of the
   *     wrong length offline
   */
  @Override
  public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
    List<TileRead> reads = parallel.cacheFirst(tiles, t -> useCache ? readCached(t) : null, this::readRemote);
    List<String> missing = new ArrayList<>();
    List<String> wrongLength = new ArrayList<>();
    List<byte[]> out = new ArrayList<>(reads.size());
    IOException first = null;
    for (TileRead r : reads) {
      if (r instanceof TileRead.Data d) {
        out.add(d.bytes());
      } else if (r instanceof TileRead.Missing m) {
        missing.add(m.name());
      } else if (r instanceof TileRead.WrongLength w) {
        wrongLength.add(w.name());
      } else if (r instanceof TileRead.Failed f && first == null) {
        first = f.failure();
      }
    }
    if (!missing.isEmpty() || !wrongLength.isEmpty()) {
      gap = new Gap(List.copyOf(missing), List.copyOf(wrongLength));
      throw new GapSignal();
    }
    if (first != null) {
      throw first;
    }
    return out;
  }

  /**
   * The tile {@code t} from the store (a partial tile may be cut from the cached full tile);
   * offline, a cached tile of the wrong length is {@link TileRead.WrongLength}; null when it is to
   * be read from the remote.
   */
  private TileRead readCached(Tile t) {
    int want = t.width() * Hash.SIZE;
    Optional<byte[]> c = readQuietly(t.path());
    if (c.isPresent()) {
      if (c.get().length == want) {
        fromCache.add(t);
        return new TileRead.Data(c.get(), true);
      }
      return remote == null ? new TileRead.WrongLength(t.path()) : null;
    }
    if (!t.isFull()) {
      Optional<byte[]> f = readQuietly(t.full().path());
      if (f.isPresent() && f.get().length == Hash.SIZE << height) {
        fromCache.add(t);
        return new TileRead.Data(Arrays.copyOf(f.get(), want), true);
      }
    }
    return null;
  }

  /** The tile {@code t} from the remote (a partial tile may be cut from the full one); offline, {@link TileRead.Missing}. */
  private TileRead readRemote(Tile t) {
    if (remote == null) {
      return new TileRead.Missing(t.path());
    }
    int want = t.width() * Hash.SIZE;
    int fullLen = Hash.SIZE << height;
    IOException firstError;
    try {
      byte[] data = remote.get("/" + t.path());
      if (data.length == want) {
        return new TileRead.Data(data, false);
      }
      firstError = new IOException("remote tile /" + t.path() + " has " + data.length + " bytes, want " + want);
    } catch (IOException e) {
      firstError = e;
    }
    if (!t.isFull()) {
      try {
        byte[] full = remote.get("/" + t.full().path());
        if (full.length == fullLen) {
          return new TileRead.Data(Arrays.copyOf(full, want), false);
        }
      } catch (IOException e) {
        firstError.addSuppressed(e);
      }
    }
    return new TileRead.Failed(firstError);
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
    synchronized (verified) {
      for (VerifiedTile t : tiles) {
        if (!fromCache.contains(t.tile())) {
          verified.put(t.tile(), t);
        }
      }
    }
  }
}
