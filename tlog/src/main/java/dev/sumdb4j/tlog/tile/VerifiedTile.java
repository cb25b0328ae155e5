package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.tlog.Tree;
import java.util.Objects;

/**
 * A tile whose data a {@link TileHashReader} has authenticated against a signed tree: only it
 * creates these, and only after the check, so a cache that accepts only {@code VerifiedTile}s
 * (such as {@code SumdbStore.writeTile}) cannot be handed unverified data.
 */
public final class VerifiedTile {
  private final Tile tile;
  private final byte[] data;
  private final Tree tree;

  /** Created by {@link TileHashReader} after {@code data} of {@code tile} authenticated against {@code tree}. */
  VerifiedTile(Tile tile, byte[] data, Tree tree) {
    this.tile = Objects.requireNonNull(tile, "tile");
    this.data = data.clone();
    this.tree = Objects.requireNonNull(tree, "tree");
  }

  /** {@return the tile's coordinates} */
  public Tile tile() {
    return tile;
  }

  /** {@return the tile's authenticated data (a copy): {@code width * 32} bytes} */
  public byte[] data() {
    return data.clone();
  }

  /** {@return the signed tree the data was authenticated against} */
  public Tree tree() {
    return tree;
  }

  @Override
  public String toString() {
    return "VerifiedTile{" + tile.path() + " in tree " + tree.size() + "}";
  }
}
