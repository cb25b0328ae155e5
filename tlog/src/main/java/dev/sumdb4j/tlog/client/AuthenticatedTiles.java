package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.tlog.tile.TileHashReader;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.util.List;

/**
 * The layer above {@link TileSource}: hashes of a signed tree read through a {@link
 * TileHashReader}, which authenticates every tile before any hash is used. The cache is read first;
 * when its tiles fail authentication, the remote alone (online). Every way a read can end short of
 * hashes is a {@link HashRead} value, not an exception: the layer above ({@link History}) decides
 * what each means. Transport failures other than "not found" are exceptions, and end the call.
 * Nothing is cached here: authenticated tiles travel up in {@link HashRead.Hashes#tiles()}.
 */
final class AuthenticatedTiles {
  private static final int HASHING_PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** How a read of authenticated hashes ended. */
  sealed interface HashRead {
    /**
     * The hashes asked for, authenticated; {@code tiles}, the authenticated tiles to cache; {@code
     * more}, a reader of further hashes of the same tree from the same source (not cached).
     */
    record Hashes(List<Hash> hashes, List<VerifiedTile> tiles, HashReader more) implements HashRead {}

    /** Offline, these tiles (cache names) are not cached. */
    record Missing(List<String> names) implements HashRead {}

    /** Offline, these cached tiles failed their checks: the local cache is damaged. */
    record CorruptCache(List<String> names, String reason, Exception cause) implements HashRead {}

    /**
     * The tiles do not authenticate against the tree ({@link InconsistentTileException}), or the
     * server does not have them ({@link NotFoundException}): evidence is to be looked for.
     */
    record Unauthentic(Exception failure) implements HashRead {}
  }

  private final int height;
  private final SumdbStore store;
  private final RemoteReads remote;
  private final Parallel parallel;

  /** Reads tiles of height {@code height} from {@code store}, then {@code remote} (null: offline). */
  AuthenticatedTiles(int height, SumdbStore store, RemoteReads remote, Parallel parallel) {
    this.height = height;
    this.store = store;
    this.remote = remote;
    this.parallel = parallel;
  }

  boolean online() {
    return remote != null;
  }

  /**
   * The authenticated hashes of {@code tree} at {@code idx}: cache first; if the cached tiles fail
   * authentication, the remote alone online (the corrupt cached tiles are then overwritten by what
   * the caller caches), a {@link HashRead.CorruptCache} offline.
   */
  HashRead read(SignedTree tree, long[] idx) throws IOException, SumdbException {
    TileSource cached = source(true);
    HashRead r = readFrom(tree, idx, cached);
    if (!(r instanceof HashRead.Unauthentic u && u.failure() instanceof InconsistentTileException e
        && cached.usedCache())) {
      return r;
    }
    if (!online()) {
      return new HashRead.CorruptCache(cached.cachedTileNames(),
          "cached tiles do not authenticate against " + tree + ": " + e.getMessage(), e);
    }
    return readFrom(tree, idx, source(false));
  }

  /**
   * One read of {@code tree}'s hashes at {@code idx}, from the cache and the remote ({@code
   * useCache}) or the remote alone.
   */
  HashRead readOnce(SignedTree tree, long[] idx, boolean useCache) throws IOException, SumdbException {
    return readFrom(tree, idx, source(useCache));
  }

  /** The exception that states a read that ended without hashes. */
  static Exception failureOf(HashRead r) {
    if (r instanceof HashRead.Missing m) {
      return new MissingDataException(m.names());
    }
    if (r instanceof HashRead.CorruptCache c) {
      return new CorruptCacheException(c.names(), c.reason(), c.cause());
    }
    if (r instanceof HashRead.Unauthentic u) {
      return u.failure();
    }
    throw new AssertionError("bad math in failureOf: hashes are no failure");
  }

  private TileSource source(boolean useCache) {
    return new TileSource(height, store, remote, parallel, useCache);
  }

  private HashReader reader(SignedTree tree, TileSource tiles) {
    return new TileHashReader(tree.tree(), tiles, parallel.executor(), HASHING_PARALLELISM);
  }

  private HashRead readFrom(SignedTree tree, long[] idx, TileSource tiles) throws IOException, SumdbException {
    try {
      List<Hash> hashes = reader(tree, tiles).readHashes(idx);
      return new HashRead.Hashes(hashes, tiles.verified(), reader(tree, source(tiles.useCache())));
    } catch (TileSource.GapSignal signal) {
      TileSource.Gap gap = tiles.gap();
      if (!gap.wrongLength().isEmpty()) {
        return new HashRead.CorruptCache(gap.wrongLength(), "cached tile has the wrong length", null);
      }
      return new HashRead.Missing(gap.missing());
    } catch (InconsistentTileException | NotFoundException e) {
      return new HashRead.Unauthentic(e);
    }
  }
}
