package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.VerificationException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.Tree;
import java.util.List;

/**
 * A tile whose hashes do not match the signed tree they were read for: the server sent tiles
 * that are not part of the log it signed. This is evidence of misbehaviour (or corruption), never
 * a transient failure. Go reports it as "downloaded inconsistent tile".
 */
public class InconsistentTileException extends VerificationException {
  private final Tile tile;
  private final List<Tile> tiles;
  private final Tree tree;
  private final Hash computed;
  private final Hash expected;

  /**
   * Creates the exception for {@code tile} (one of {@code tiles}, which together failed to produce
   * {@code expected}) read for {@code tree}.
   *
   * @param tile the tile that failed
   * @param tiles the tiles read together with it
   * @param tree the trusted tree they were read for
   * @param computed the hash the tiles gave
   * @param expected the hash the tree requires
   */
  public InconsistentTileException(Tile tile, List<Tile> tiles, Tree tree, Hash computed, Hash expected) {
    super(message(tiles, tree, computed, expected));
    this.tile = tile;
    this.tiles = List.copyOf(tiles);
    this.tree = tree;
    this.computed = computed;
    this.expected = expected;
  }

  private static String message(List<Tile> tiles, Tree tree, Hash computed, Hash expected) {
    StringBuilder b = new StringBuilder("downloaded inconsistent tile");
    b.append(tiles.size() == 1 ? " " : "s ");
    for (int i = 0; i < tiles.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(tiles.get(i).path());
    }
    return b.append(" for tree size ").append(tree.size()).append(" hash ").append(tree.hash())
        .append(": computed ").append(computed).append(", want ").append(expected).toString();
  }

  /** {@return the tile that failed authentication (for the tree-hash tiles: the last of them)} */
  public Tile tile() {
    return tile;
  }

  /**
   * {@return the tiles whose hashes were combined: {@link #tile()} alone, or every tree-hash tile}
   */
  public List<Tile> tiles() {
    return tiles;
  }

  /** {@return the signed tree the tile was read for} */
  public Tree tree() {
    return tree;
  }

  /** {@return the hash computed from the downloaded tile data} */
  public Hash computed() {
    return computed;
  }

  /** {@return the hash the signed tree (or the authenticated parent tile) requires} */
  public Hash expected() {
    return expected;
  }
}
