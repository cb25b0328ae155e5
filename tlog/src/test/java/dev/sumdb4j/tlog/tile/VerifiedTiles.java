package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.Tree;

/**
 * Makes {@link VerifiedTile}s out of thin air, for tests of stores only: production code gets them
 * from a {@link TileHashReader} alone.
 */
public final class VerifiedTiles {
  private VerifiedTiles() {}

  /** A "verified" tile at {@code path} holding {@code data}, unchecked. */
  public static VerifiedTile unchecked(String path, byte[] data) {
    try {
      return new VerifiedTile(Tile.parsePath(path), data, new Tree(0, Hash.emptyTree()));
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
