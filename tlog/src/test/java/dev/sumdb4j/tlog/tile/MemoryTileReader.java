package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.HashReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tile server in memory: serves hash tiles computed from a log, with optional forged full
 * tiles (a partial request gets the forged tile's prefix). Records what was requested and saved.
 */
final class MemoryTileReader implements TileReader {
  private final int height;
  private final HashReader log;
  final Map<Tile, byte[]> forged = new HashMap<>();
  final List<List<Tile>> requests = new ArrayList<>();
  final List<List<Tile>> saved = new ArrayList<>();

  MemoryTileReader(int height, HashReader log) {
    this.height = height;
    this.log = log;
  }

  @Override
  public int height() {
    return height;
  }

  /** The honest content of {@code t}. */
  byte[] honest(Tile t) throws IOException, SumdbException {
    return Tiles.readTileData(t, log);
  }

  /**
   * Replaces the content of tile {@code t} (and of every narrower or wider request for the same
   * tile): flips bit {@code bit} of its hash {@code entry}.
   */
  void forge(Tile t, int entry, int bit) throws IOException, SumdbException {
    byte[] d = honest(t);
    d[entry * 32 + bit / 8] ^= (byte) (1 << (bit % 8));
    forged.put(t.full(), d);
  }

  @Override
  public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
    requests.add(List.copyOf(tiles));
    List<byte[]> out = new ArrayList<>();
    for (Tile t : tiles) {
      byte[] f = forged.get(t.full());
      if (f != null && f.length < t.width() * 32) {
        byte[] wide = honest(t);
        System.arraycopy(f, 0, wide, 0, f.length);
        f = wide;
      }
      out.add(f != null ? Arrays.copyOf(f, t.width() * 32) : honest(t));
    }
    return out;
  }

  @Override
  public void saveTiles(List<VerifiedTile> tiles) {
    saved.add(tiles.stream().map(VerifiedTile::tile).toList());
  }

  /** The paths of the last request. */
  List<String> lastPaths() {
    List<String> p = new ArrayList<>();
    for (Tile t : requests.get(requests.size() - 1)) {
      p.add(t.path());
    }
    return p;
  }
}
