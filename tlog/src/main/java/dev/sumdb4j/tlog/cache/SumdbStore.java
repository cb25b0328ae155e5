package dev.sumdb4j.tlog.cache;

import java.io.IOException;
import java.util.Optional;

/**
 * Local storage of one checksum database's authenticated data: lookups, tiles and the newest
 * signed tree note ({@code latest}).
 *
 * <p>Security contract: callers write only data they have authenticated against a signed tree;
 * everything read back is untrusted and authenticated again before use. An empty stored file
 * counts as missing. Implementations must be safe for concurrent use, and the disk one between
 * processes.
 */
public interface SumdbStore {
  /** The cached {@code /lookup} body for {@code key} ({@code <escaped path>@<escaped version>}). */
  Optional<byte[]> readLookup(String key) throws IOException;

  /** Stores an authenticated {@code /lookup} body, atomically. */
  void writeLookup(String key, byte[] body) throws IOException;

  /** The cached tile at {@code tilePath} (as {@code Tile.path()}, e.g. {@code tile/8/0/x001/234.p/5}). */
  Optional<byte[]> readTile(String tilePath) throws IOException;

  /** Stores an authenticated tile, atomically. */
  void writeTile(String tilePath, byte[] data) throws IOException;

  /** The stored newest signed tree note, or an empty array when there is none. */
  byte[] readLatest() throws IOException;

  /**
   * Replaces the stored newest signed tree note with {@code replacement} if it currently equals
   * {@code expected} (an empty array meaning "none"), atomically; returns false on a conflict.
   */
  boolean compareAndSwapLatest(byte[] expected, byte[] replacement) throws IOException;
}
