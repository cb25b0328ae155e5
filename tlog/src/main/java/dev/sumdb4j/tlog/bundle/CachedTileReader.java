package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.TileReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TileReader} for a {@code TileHashReader}: tiles from the store first (a partial tile may
 * be cut from a cached full tile), else from the remote (falling back to the full tile); without a
 * remote, a missing tile is a {@link MissingDataException} naming every tile missing. Tiles are
 * written to the store only through {@link #saveTiles}, which the {@code TileHashReader} calls only
 * for tiles it has authenticated.
 */
public final class CachedTileReader implements TileReader {
  private final int height;
  private final SumdbStore store;
  private final Remote remote;

  /** Reads tiles of {@code height} from {@code store}, then {@code remote} (null: offline). */
  public CachedTileReader(int height, SumdbStore store, Remote remote) {
    if (height < 1 || height > 30) {
      throw new IllegalArgumentException("tile height must be in 1..30, got " + height);
    }
    this.height = height;
    this.store = store;
    this.remote = remote;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
    List<byte[]> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Tile t : tiles) {
      byte[] data = readTile(t);
      if (data == null) {
        missing.add(t.path());
      }
      out.add(data);
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException(missing);
    }
    return out;
  }

  private byte[] readTile(Tile t) throws IOException {
    int want = t.width() * Hash.SIZE;
    int fullLen = Hash.SIZE << height;
    Optional<byte[]> c = readQuietly(t.path());
    if (c.isPresent() && c.get().length == want) {
      return c.get();
    }
    if (!t.isFull()) {
      Optional<byte[]> f = readQuietly(t.full().path());
      if (f.isPresent() && f.get().length == fullLen) {
        return Arrays.copyOf(f.get(), want);
      }
    }
    if (remote == null) {
      return null;
    }
    IOException first;
    try {
      byte[] data = remote.get("/" + t.path());
      if (data.length == want) {
        return data;
      }
      first = new IOException("remote tile /" + t.path() + " has " + data.length + " bytes, want " + want);
    } catch (IOException e) {
      first = e;
    }
    if (!t.isFull()) {
      try {
        byte[] full = remote.get("/" + t.full().path());
        if (full.length == fullLen) {
          return Arrays.copyOf(full, want);
        }
      } catch (IOException e) {
        first.addSuppressed(e);
      }
    }
    throw first;
  }

  private Optional<byte[]> readQuietly(String path) {
    try {
      return store.readTile(path).filter(b -> b.length > 0);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable cached tile counts as not cached
    }
  }

  @Override
  public void saveTiles(List<Tile> tiles, List<byte[]> data) {
    for (int i = 0; i < tiles.size() && i < data.size(); i++) {
      try {
        store.writeTile(tiles.get(i).path(), data.get(i));
      } catch (IOException | RuntimeException e) {
        // best effort, as the go command's cache writes: the tile is read again next time
      }
    }
  }
}
