package dev.sumdb4j.tlog;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.List;

/**
 * Reads stored hashes of a log by their {@linkplain StoredHashes#index stored index}.
 *
 * <p>Contract: the result has exactly one hash per requested index, in request order. Callers
 * check the count; whether the hashes are authentic is the implementation's promise (a {@code
 * TileHashReader} authenticates them against a signed tree; a server reads its own storage).
 */
@FunctionalInterface
public interface HashReader {
  /**
   * {@return the hashes stored at {@code storedIndexes}, in the same order}
   *
   * @param storedIndexes stored-hash indexes (see {@link StoredHashes#index})
   * @throws IOException if the hashes cannot be read (network, disk)
   * @throws SumdbException if the data read fails authentication or is malformed
   */
  List<Hash> readHashes(long[] storedIndexes) throws IOException, SumdbException;
}
