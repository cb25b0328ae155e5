package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.List;

/**
 * Reads tiles for a {@link TileHashReader}, typically from a cache and then from the network.
 *
 * <p>Security contract: {@link #readTiles} returns untrusted bytes and must not persist them.
 * {@link #saveTiles} receives tiles authenticated against a signed tree ({@link VerifiedTile}s,
 * which only the {@link TileHashReader} creates); only those may an implementation cache. Implementations shared between threads must be
 * thread-safe.
 */
public interface TileReader {
  /** {@return the tile height H (8 for sum.golang.org); every requested tile has this height} */
  int height();

  /**
   * {@return the data of each of {@code tiles}, in order: W * 32 bytes for a tile of width W} For a
   * partial tile an implementation may return the first W * 32 bytes of the full tile.
   *
   * @param tiles the tiles to read
   * @throws IOException if a tile cannot be fetched
   * @throws SumdbException if a tile is malformed or missing for a reason other than transport
   */
  List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException;

  /**
   * Offers {@code tiles}, authenticated against a signed tree, for persistence. Failures must not
   * be reported (persisting is best effort).
   *
   * @param tiles tiles that passed authentication
   */
  void saveTiles(List<VerifiedTile> tiles);
}
