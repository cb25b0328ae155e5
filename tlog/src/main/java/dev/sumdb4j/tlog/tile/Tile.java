package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import java.util.Optional;

/**
 * A tile of a log: {@code width} consecutive hashes at tree level {@code height * level}
 * starting at node {@code index << height}, or, for level -1, the record data of leaves {@code
 * index << height} onwards. See the package documentation for the path syntax.
 *
 * @param height the tile height H, 1 to 30 (sum.golang.org uses 8)
 * @param level the tile level L, 0 to 63, or -1 for a data tile
 * @param index the tile index N within its level, at least 0
 * @param width the number of hashes (or records) W, 1 to 2^H; 2^H is a full tile
 */
public record Tile(int height, int level, long index, int width) {
  /**
   * Validates the ranges of a tile the caller computed (as {@link #forIndex}, {@link Tiles#newTiles}
   * and {@link #parent} do); a value out of range is a bug. Numbers from outside (a file, a URL, a
   * user) go through {@link #of}, which throws a checked {@link MalformedInputException} instead,
   * or {@link #parsePath}.
   *
   * @param height the tile height H, 1 to 30 (sum.golang.org uses 8)
   * @param level the tile level L, 0 to 63, or -1 for a data tile
   * @param index the tile index N within its level, at least 0
   * @param width the number of hashes (or records) W, 1 to 2^H; 2^H is a full tile
   * @throws IllegalArgumentException if a field is out of range
   */
  public Tile {
    String problem = problem(height, level, index, width);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Makes a tile from outside input, checking every range.
   *
   * @param height the tile height H, 1 to 30 (sum.golang.org uses 8)
   * @param level the tile level L, 0 to 63, or -1 for a data tile
   * @param index the tile index N within its level, at least 0
   * @param width the number of hashes (or records) W, 1 to 2^H; 2^H is a full tile
   * @return the tile
   * @throws MalformedInputException if a field is out of range, naming it: {@code invalid tile
   *     {H=8 L=0 N=0 W=0}: width 0, want 1 to 256}
   */
  public static Tile of(int height, int level, long index, int width) throws MalformedInputException {
    String problem = problem(height, level, index, width);
    if (problem != null) {
      throw new MalformedInputException(null, -1, problem);
    }
    return new Tile(height, level, index, width);
  }

  /** {@return what is out of range, or null when every field is in range} */
  private static String problem(int height, int level, long index, int width) {
    String what;
    if (height < 1 || height > 30) {
      what = "height " + height + ", want 1 to 30";
    } else if (level < -1 || level > 63) {
      what = "level " + level + ", want -1 (data) or 0 to 63";
    } else if (index < 0) {
      what = "index " + index + ", want at least 0";
    } else if (width < 1 || width > 1 << height) {
      what = "width " + width + ", want 1 to " + (1 << height);
    } else {
      return null;
    }
    return "invalid tile {H=" + height + " L=" + level + " N=" + index + " W=" + width + "}: " + what;
  }

  /**
   * {@return the tile's path, {@code tile/<H>/<L>/<NNN>[.p/<W>]}: L is {@code data} for level -1,
   * N is written in 3-digit groups with an {@code x} before all but the last, and {@code .p/<W>}
   * marks a partial tile} For example {@code tile/8/0/x001/234.p/17}.
   */
  public String path() {
    return appendPath(new StringBuilder(32)).toString();
  }

  /**
   * Appends {@link #path()} to {@code b} and returns {@code b}.
   *
   * @param b the builder to append to
   * @return {@code b}
   */
  public StringBuilder appendPath(StringBuilder b) {
    b.append("tile/").append(height).append('/');
    if (level == -1) {
      b.append("data");
    } else {
      b.append(level);
    }
    b.append('/');
    long scale = 1;
    while (index / scale >= 1000) {
      scale *= 1000;
    }
    for (; scale > 0; scale /= 1000) {
      long v = index / scale % 1000;
      if (scale > 1) {
        b.append('x');
      }
      b.append((char) ('0' + v / 100)).append((char) ('0' + v / 10 % 10)).append((char) ('0' + v % 10));
      if (scale > 1) {
        b.append('/');
      }
    }
    if (!isFull()) {
      b.append(".p/").append(width);
    }
    return b;
  }

  /**
   * Parses a tile path, accepting exactly what {@link #path()} produces.
   *
   * @param path a path such as {@code tile/8/0/x001/234.p/17}
   * @throws MalformedInputException {@code malformed tile path "<path>"} with the reason
   * @return the tile
   */
  public static Tile parsePath(String path) throws MalformedInputException {
    Tile t = parseLenient(path);
    if (t == null || !t.path().equals(path)) {
      throw new MalformedInputException(null, -1, "malformed tile path " + Codecs.quote(path));
    }
    return t;
  }

  /** Parses the structure of a path, or returns null; the caller checks canonical form. */
  private static Tile parseLenient(String path) {
    if (path.length() > 200) {
      return null;
    }
    String[] f = path.split("/", -1);
    if (f.length < 4 || !f[0].equals("tile")) {
      return null;
    }
    long h = Codecs.parseCanonicalDecimal(f[1]);
    if (h < 1 || h > 30) {
      return null;
    }
    int l;
    if (f[2].equals("data")) {
      l = -1;
    } else {
      long lv = Codecs.parseCanonicalDecimal(f[2]);
      if (lv < 0 || lv > 63) {
        return null;
      }
      l = (int) lv;
    }
    long w = 1L << h;
    int end = f.length;
    if (f[end - 2].endsWith(".p")) {
      w = Codecs.parseCanonicalDecimal(f[end - 1]);
      if (w < 1 || w >= 1L << h) {
        return null;
      }
      f[end - 2] = f[end - 2].substring(0, f[end - 2].length() - 2);
      end--;
    }
    if (end <= 3) {
      return null;
    }
    long n = 0;
    for (int i = 3; i < end; i++) {
      String e = f[i];
      if (i < end - 1) {
        if (!e.startsWith("x")) {
          return null;
        }
        e = e.substring(1);
      }
      if (e.length() != 3) {
        return null;
      }
      long v = 0;
      for (int j = 0; j < 3; j++) {
        char c = e.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (n > (Long.MAX_VALUE - v) / 1000) {
        return null;
      }
      n = n * 1000 + v;
    }
    return new Tile((int) h, l, n, (int) w);
  }

  /**
   * {@return the narrowest tile of height {@code height} holding the hash at {@code storedIndex}:
   * the hash is either one of the tile's entries or the subtree hash of 2^j of them}
   *
   * @param height the tile height, 1 to 30
   * @param storedIndex a stored-hash index, not negative
   * @throws IllegalArgumentException if {@code height} is not in [1, 30] or {@code storedIndex} is
   *     negative or above {@link StoredHashes#MAX_INDEX}
   */
  public static Tile forIndex(int height, long storedIndex) {
    if (height < 1 || height > 30) {
      throw new IllegalArgumentException("invalid tile height " + height);
    }
    long[] ln = StoredHashes.split(storedIndex);
    int level = (int) ln[0];
    long n = ln[1];
    int l = level / height;
    int j = level - l * height; // level inside the tile
    long tn = (n << j) >>> height;
    long m = n - ((tn << height) >>> j); // position at level j inside the tile
    return new Tile(height, l, tn, (int) ((m + 1) << j));
  }

  /**
   * {@return the hash at {@code storedIndex} from this tile's {@code data} (W hashes of 32 bytes)}
   *
   * @param data the tile's content, read for this tile
   * @param storedIndex a stored-hash index
   * @throws SumdbException if this is a data tile, {@code data} is shorter than W hashes, or the
   *     hash at {@code storedIndex} is not in this tile ("index 7 is in tile/2/0/001.p/1 not ...")
   */
  public Hash hashFromTile(byte[] data, long storedIndex) throws SumdbException {
    if (level < 0) {
      throw new SumdbException("invalid tile " + path() + ": a data tile holds no hashes");
    }
    if (data.length < (long) width * Hash.SIZE) {
      throw new MalformedInputException(path(), -1, "data len " + data.length + " too short for tile "
          + path() + ", want " + (long) width * Hash.SIZE);
    }
    if (storedIndex < 0 || storedIndex > StoredHashes.MAX_INDEX) {
      throw new SumdbException("stored hash index " + storedIndex + " out of range");
    }
    long[] ln = StoredHashes.split(storedIndex);
    int lev = (int) ln[0];
    long n = ln[1];
    int l = lev / height;
    int j = lev - l * height;
    long tn = (n << j) >>> height;
    long m = n - ((tn << height) >>> j);
    long w = (m + 1) << j;
    if (l != level || tn != index || w > width) {
      throw new SumdbException("index " + storedIndex + " is in " + forIndex(height, storedIndex).path()
          + " not " + path());
    }
    return Hash.ofSubtree(data, (int) ((m << j) * Hash.SIZE), 1 << j);
  }

  /** {@return whether the tile is full: its width is 2^H} */
  public boolean isFull() {
    return width == 1 << height;
  }

  /** {@return the same tile with width 2^H} */
  public Tile full() {
    return new Tile(height, level, index, 1 << height);
  }

  /**
   * {@return the data tile (level -1) holding the records whose leaf hashes this level-0 tile
   * holds}
   *
   * @throws IllegalArgumentException if this is not a level-0 tile
   */
  public Tile dataTile() {
    if (level != 0) {
      throw new IllegalArgumentException("only a level-0 tile has a data tile, not " + path());
    }
    return new Tile(height, -1, index, width);
  }

  /**
   * {@return the tile {@code k} levels above this one that covers it, clipped to the right edge of
   * the tree of {@code treeSize} records; empty when that tile would hold no hash of the tree (or
   * lie above level 63)}
   *
   * @param k the number of levels up, at least 1
   * @param treeSize the number of records of the tree
   * @throws IllegalArgumentException if {@code k} or {@code treeSize} is negative, or this is a data
   *     tile
   */
  public Optional<Tile> parent(int k, long treeSize) {
    if (k < 0 || treeSize < 0 || level < 0) {
      throw new IllegalArgumentException("no parent " + k + " of " + path() + " in tree of size " + treeSize);
    }
    long l = (long) level + k;
    if (l > 63) {
      return Optional.empty();
    }
    long shift = (long) k * height;
    long n = shift > 62 ? 0 : index >>> shift;
    long levelShift = l * height;
    long max = levelShift > 62 ? 0 : treeSize >>> levelShift; // nodes at that tree level
    if (n > (Long.MAX_VALUE >>> height) - 1) {
      return Optional.empty();
    }
    long start = n << height;
    long w = 1L << height;
    if (start + w >= max) {
      if (start >= max) {
        return Optional.empty();
      }
      w = max - start;
    }
    return Optional.of(new Tile(height, (int) l, n, (int) w));
  }

  @Override
  public String toString() {
    return path();
  }
}
