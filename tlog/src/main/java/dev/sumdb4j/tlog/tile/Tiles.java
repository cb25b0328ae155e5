package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Server-side tile helpers: which tiles a log publishes, and their content. */
public final class Tiles {
  private Tiles() {}

  /**
   * {@return the hash tiles (levels 0 and up) that change when a log of height {@code height} grows
   * from {@code oldSize} to {@code newSize} records: the full tiles completed and the final partial
   * tile of each level, only those strictly necessary (as x/mod HEAD)}
   *
   * @param height the tile height, 1 to 30
   * @param oldSize the old number of records
   * @param newSize the new number of records, at least {@code oldSize}
   * @throws IllegalArgumentException if {@code height} is not in [1, 30] or the sizes are negative
   *     or out of order
   */
  public static List<Tile> newTiles(int height, long oldSize, long newSize) {
    if (height < 1 || height > 30 || oldSize < 0 || newSize < oldSize) {
      throw new IllegalArgumentException("bad newTiles(" + height + ", " + oldSize + ", " + newSize + ")");
    }
    List<Tile> out = new ArrayList<>();
    for (int level = 0; (long) height * level < 63 && (newSize >>> (height * level)) > 0; level++) {
      long oldN = oldSize >>> (height * level);
      long newN = newSize >>> (height * level);
      if (oldN == newN) {
        continue;
      }
      for (long n = oldN >>> height; n < newN >>> height; n++) {
        out.add(new Tile(height, level, n, 1 << height));
      }
      long n = newN >>> height;
      int w = (int) (newN - (n << height));
      if (w > 0) {
        out.add(new Tile(height, level, n, w));
      }
    }
    return out;
  }

  /**
   * {@return the content of hash tile {@code t}: its W hashes, read from {@code r}, concatenated}
   *
   * @param t a hash tile (level 0 or above)
   * @param r reads the stored hashes
   * @throws IllegalArgumentException if {@code t} is a data tile
   * @throws SumdbException if {@code r} fails or returns the wrong number of hashes
   * @throws IOException if {@code r} cannot read the hashes
   */
  public static byte[] readTileData(Tile t, HashReader r) throws IOException, SumdbException {
    if (t.level() < 0) {
      throw new IllegalArgumentException("data tile " + t.path() + " holds records, not hashes");
    }
    long start = t.index() << t.height();
    long[] indexes = new long[t.width()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = StoredHashes.index(t.level() * t.height(), start + i);
    }
    List<Hash> hashes = r.readHashes(indexes);
    if (hashes == null || hashes.size() != indexes.length) {
      throw new SumdbException("tlog: ReadHashes(" + indexes.length + " indexes) = "
          + (hashes == null ? "null" : hashes.size() + " hashes"));
    }
    byte[] out = new byte[indexes.length * Hash.SIZE];
    for (int i = 0; i < indexes.length; i++) {
      hashes.get(i).copyTo(out, i * Hash.SIZE);
    }
    return out;
  }
}
