package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test only: the tile-authentication loop of golang.org/x/mod before v0.40.0, whose child loop
 * starts at the number of subtree INDEXES instead of the number of distinct tree-hash tiles
 * (CVE-2026-56865). Used to show that the regression tests bite. Reads one hash.
 */
final class BuggyTileHashReader {
  private BuggyTileHashReader() {}

  static Hash read(Tree tree, TileReader tr, long x) throws IOException, SumdbException {
    int h = tr.height();
    long n = tree.size();
    List<Tile> tiles = new ArrayList<>();
    Map<Tile, Integer> order = new HashMap<>();
    long[] stx = StoredHashes.subtrees(0, n);
    int[] stxTile = new int[stx.length];
    for (int i = 0; i < stx.length; i++) {
      Tile t = Tile.forIndex(h, stx[i]).parent(0, n).orElseThrow();
      if (!order.containsKey(t)) {
        order.put(t, tiles.size());
        tiles.add(t);
      }
      stxTile[i] = order.get(t);
    }
    Tile base = Tile.forIndex(h, x);
    int k = 0;
    while (!order.containsKey(base.parent(k, n).orElse(null))) {
      k++;
    }
    for (int kk = k - 1; kk >= 0; kk--) {
      Tile p = base.parent(kk, n).orElseThrow();
      order.put(p, tiles.size());
      tiles.add(p);
    }
    int slot = order.get(base.parent(0, n).orElseThrow());
    List<byte[]> data = tr.readTiles(tiles);
    Hash acc = tiles.get(stxTile[stx.length - 1]).hashFromTile(data.get(stxTile[stx.length - 1]), stx[stx.length - 1]);
    for (int i = stx.length - 2; i >= 0; i--) {
      acc = Hash.ofNode(tiles.get(stxTile[i]).hashFromTile(data.get(stxTile[i]), stx[i]), acc);
    }
    if (!acc.equals(tree.hash())) {
      throw new SumdbException("downloaded inconsistent tile");
    }
    for (int i = stx.length; i < tiles.size(); i++) { // THE BUG: stx.length, not distinct tiles
      Tile t = tiles.get(i);
      Tile p = t.parent(1, n).orElseThrow();
      Hash want = p.hashFromTile(data.get(order.get(p)), StoredHashes.index(p.level() * h, t.index()));
      if (!Hash.ofSubtree(data.get(i), 0, t.width()).equals(want)) {
        throw new SumdbException("downloaded inconsistent tile");
      }
    }
    return tiles.get(slot).hashFromTile(data.get(slot), x);
  }
}
