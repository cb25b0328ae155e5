package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link HashReader} for a signed tree that reads tiles from a {@link TileReader} and returns a
 * hash only after authenticating every tile it came from: the tiles holding the tree's complete
 * subtrees must hash to the tree hash, and every other tile must hash to its entry in its
 * (authenticated) parent tile. Only then are the tiles offered to {@link TileReader#saveTiles}.
 *
 * <p>Unlike golang.org/x/mod before v0.40.0, every tile that is not a tree-hash tile is checked
 * against its parent (CVE-2026-56865: x/mod skipped the first few child tiles).
 */
public final class TileHashReader implements HashReader {
  private final Tree tree;
  private final TileReader reader;

  /** Creates a reader of the hashes of {@code tree} (trusted, e.g. from a verified note). */
  public TileHashReader(Tree tree, TileReader reader) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /**
   * Returns the authenticated hashes at {@code storedIndexes}, in order.
   *
   * @throws SumdbException if an index is not in the tree ("indexes not in tree"), the tile reader
   *     returns the wrong number or size of tiles
   * @throws InconsistentTileException if a tile does not match the signed tree
   * @throws IOException if the tile reader fails
   */
  @Override
  public List<Hash> readHashes(long[] storedIndexes) throws IOException, SumdbException {
    int h = reader.height();
    if (h < 1 || h > 30) {
      throw new SumdbException("invalid tile height " + h + " from TileReader");
    }
    long n = tree.size();
    long limit = StoredHashes.count(n);
    for (long x : storedIndexes) {
      if (x < 0 || x >= limit) {
        throw new SumdbException("indexes not in tree: stored hash " + x + " is not in a tree of size " + n);
      }
    }
    List<Tile> tiles = new ArrayList<>();
    Map<Tile, Integer> order = new HashMap<>();
    long[] stx = StoredHashes.subtrees(0, n);
    int[] stxTile = new int[stx.length];
    for (int i = 0; i < stx.length; i++) {
      Tile t = clip(Tile.forIndex(h, stx[i]), 0, n);
      stxTile[i] = order.computeIfAbsent(t, k -> add(tiles, k));
    }
    // The CVE-2026-56865 fix: children start after the DISTINCT tree-hash tiles.
    int treeTiles = tiles.size();
    int[] indexTile = new int[storedIndexes.length];
    for (int i = 0; i < storedIndexes.length; i++) {
      Tile base = Tile.forIndex(h, storedIndexes[i]);
      int k = 0;
      while (!order.containsKey(parentOrNull(base, k, n))) {
        if (++k > 64) {
          throw new AssertionError("bad math in tileHashReader: no planned ancestor of " + base.path());
        }
      }
      for (int kk = k - 1; kk >= 0; kk--) {
        Tile p = clip(base, kk, n);
        if (!p.isFull()) {
          throw new AssertionError("bad math in tileHashReader: " + base.path() + " parent " + kk
              + " is partial " + p.path() + " in tree of size " + n);
        }
        order.put(p, tiles.size());
        tiles.add(p);
      }
      indexTile[i] = order.get(clip(base, 0, n));
    }

    List<byte[]> data = checkShape(tiles, reader.readTiles(List.copyOf(tiles)));

    // Authenticate the tree-hash tiles against the signed tree hash.
    if (n > 0) {
      Hash acc = tiles.get(stxTile[stx.length - 1]).hashFromTile(data.get(stxTile[stx.length - 1]), stx[stx.length - 1]);
      for (int i = stx.length - 2; i >= 0; i--) {
        acc = Hash.ofNode(tiles.get(stxTile[i]).hashFromTile(data.get(stxTile[i]), stx[i]), acc);
      }
      if (!acc.equals(tree.hash())) {
        throw new InconsistentTileException(tiles.get(treeTiles - 1), tiles.subList(0, treeTiles), tree, acc, tree.hash());
      }
    }
    // Authenticate every other tile against its parent, which comes earlier in the list.
    for (int i = treeTiles; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      Tile p = parentOrNull(t, 1, n);
      Integer j = p == null ? null : order.get(p);
      if (j == null || j >= i) {
        throw new AssertionError("bad math in tileHashReader: lost parent of " + t.path());
      }
      Hash want = p.hashFromTile(data.get(j), StoredHashes.index(p.level() * p.height(), t.index()));
      Hash got = Hash.ofSubtree(data.get(i), 0, t.width());
      if (!got.equals(want)) {
        throw new InconsistentTileException(t, List.of(t), tree, got, want);
      }
    }
    reader.saveTiles(List.copyOf(tiles), List.copyOf(data));

    List<Hash> out = new ArrayList<>(storedIndexes.length);
    for (int i = 0; i < storedIndexes.length; i++) {
      out.add(tiles.get(indexTile[i]).hashFromTile(data.get(indexTile[i]), storedIndexes[i]));
    }
    return out;
  }

  private static int add(List<Tile> tiles, Tile t) {
    tiles.add(t);
    return tiles.size() - 1;
  }

  private static Tile parentOrNull(Tile t, int k, long n) {
    return t.parent(k, n).orElse(null);
  }

  private static Tile clip(Tile t, int k, long n) {
    Optional<Tile> p = t.parent(k, n);
    if (p.isEmpty()) {
      throw new AssertionError("bad math in tileHashReader: " + t.path() + " parent " + k
          + " is outside tree of size " + n);
    }
    return p.get();
  }

  private static List<byte[]> checkShape(List<Tile> tiles, List<byte[]> data) throws SumdbException {
    if (data == null || data.size() != tiles.size()) {
      throw new SumdbException("TileReader returned bad result slice (len="
          + (data == null ? "null" : data.size()) + ", want " + tiles.size() + ")");
    }
    List<byte[]> copy = new ArrayList<>(data.size());
    for (int i = 0; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      byte[] d = data.get(i);
      long want = (long) t.width() * Hash.SIZE;
      if (d == null || d.length != want) {
        throw new MalformedInputException(t.path(), -1, "TileReader returned bad result slice ("
            + t.path() + " len=" + (d == null ? "null" : d.length) + ", want " + want + ")");
      }
      copy.add(d.clone()); // the reader must not change what we authenticated
    }
    return copy;
  }

  @Override
  public String toString() {
    return "TileHashReader(" + tree + ")";
  }
}
