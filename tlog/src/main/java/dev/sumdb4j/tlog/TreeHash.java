package dev.sumdb4j.tlog;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.List;

/** Computes the RFC 6962 hash of a tree from its stored hashes. */
public final class TreeHash {
  private TreeHash() {}

  /**
   * {@return the hash of the tree of the first {@code treeSize} records, reading the hashes of its
   * complete subtrees (at most 63) from {@code r} in one call} The empty tree's hash is
   * SHA-256("") and needs no read.
   *
   * @param treeSize the number of records, not negative
   * @param r reads the stored hashes of the tree's complete subtrees
   * @throws IllegalArgumentException if {@code treeSize} is negative
   * @throws SumdbException if {@code r} fails or returns the wrong number of hashes
   * @throws IOException if {@code r} cannot read the hashes
   */
  public static Hash of(long treeSize, HashReader r) throws IOException, SumdbException {
    if (treeSize < 0) {
      throw new IllegalArgumentException("negative tree size " + treeSize);
    }
    if (treeSize == 0) {
      return Hash.emptyTree();
    }
    long[] indexes = StoredHashes.subtrees(0, treeSize);
    List<Hash> hashes = StoredHashes.readExactly(r, indexes);
    return StoredHashes.fold(hashes, 0, hashes.size());
  }
}
