package dev.sumdb4j.testdata.vectors;

import java.util.List;

/** The tile vectors ({@code vectors/tile/tiles.json}). */
public final class TileVectors {
  private TileVectors() {}

  /** A tile (level -1 = data tile) and its path. */
  public record TileVec(int height, int level, long index, int width, String path) {}

  /** A string ParseTilePath rejects, with Go's error. */
  public record BadPath(String path, String goError) {}

  /** TileForIndex(height, storedIndex) = tile. */
  public record ForIndex(int height, long storedIndex, TileVec tile) {}

  /** HashFromTile(tile, data, storedIndex) = hash, over the record tree of tlog/tree.json. */
  public record HashFromTile(TileVec tile, String dataB64, long storedIndex, String hash) {}

  /** A data tile: the record texts and the tile bytes as sum.golang.org serves them. */
  public record DataTile(TileVec tile, List<String> records, String want, String goV070Bytes, String divergence) {}

  /** {@code tile/tiles.json}. */
  public record TilesFile(String desc, String source, List<TileVec> paths, List<BadPath> badPaths,
      List<ForIndex> forIndex, List<HashFromTile> hashFromTile, DataTile dataTile) {}

  /** Loads {@code tile/tiles.json}. */
  public static TilesFile tiles() {
    return Vectors.load("tile/tiles.json", TilesFile.class);
  }
}
