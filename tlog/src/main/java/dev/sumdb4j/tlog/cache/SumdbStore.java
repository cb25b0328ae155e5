package dev.sumdb4j.tlog.cache;

import dev.sumdb4j.tlog.client.VerifiedLookup;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Local storage of one checksum database's authenticated data: lookups, tiles and the newest
 * signed tree note ({@code latest}).
 *
 * <p>Security contract: only authenticated data is written, by type: {@link #writeLookup} takes a
 * {@link VerifiedLookup}, which only the client creates after authenticating the record, and
 * {@link #writeTile} a {@link VerifiedTile}, which only the {@code TileHashReader} creates after
 * authenticating the tile against a signed tree; the {@code latest} note is written by the client
 * after its signature and consistency were checked. Everything read back is untrusted and
 * authenticated again before use. An empty stored file counts as missing. Implementations must be
 * safe for concurrent use, and the disk one between processes.
 */
public interface SumdbStore {
  /**
   * The cached {@code /lookup} body for {@code key} ({@code <escaped path>@<escaped version>}).
   *
   * @param key the lookup key
   * @return the body, or empty when the store has none
   * @throws IOException if the store cannot be read
   */
  Optional<byte[]> readLookup(String key) throws IOException;

  /**
   * Stores an authenticated {@code /lookup} body under its key, atomically.
   *
   * @param lookup an authenticated lookup
   * @throws IOException if the store cannot be written
   */
  void writeLookup(VerifiedLookup lookup) throws IOException;

  /**
   * The cached tile at {@code tilePath} (as {@code Tile.path()}, e.g. {@code tile/8/0/x001/234.p/5}).
   *
   * @param tilePath the tile's path
   * @return the tile's content, or empty when the store has none
   * @throws IOException if the store cannot be read
   */
  Optional<byte[]> readTile(String tilePath) throws IOException;

  /**
   * Stores an authenticated tile at its path, atomically.
   *
   * @param tile an authenticated tile
   * @throws IOException if the store cannot be written
   */
  void writeTile(VerifiedTile tile) throws IOException;

  /**
   * {@return the stored newest signed tree note, or an empty array when there is none}
   *
   * @throws IOException if the store cannot be read
   */
  byte[] readLatest() throws IOException;

  /**
   * Replaces the stored newest signed tree note with {@code replacement} if it currently equals
   * {@code expected} (an empty array meaning "none"), atomically; returns false on a conflict.
   *
   * @param expected the note the caller read before (empty for none)
   * @param replacement the new note, already verified by the caller
   * @return whether the note was replaced
   * @throws IOException if the store cannot be read or written
   */
  boolean compareAndSwapLatest(byte[] expected, byte[] replacement) throws IOException;

  /**
   * The file that holds entry {@code name} ({@code latest}, {@code lookup/<key>} or a tile path such
   * as {@code tile/8/0/000}), for naming it when it is found damaged; empty for a store that keeps
   * no files (the default).
   *
   * @param name the entry's name
   * @return the file, or empty for a store that keeps no files
   */
  default Optional<Path> pathOf(String name) {
    return Optional.empty();
  }
}
