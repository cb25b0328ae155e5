package dev.sumdb4j.tlog;

import java.util.Objects;

/**
 * A tree head: the number of records in the log and the RFC 6962 hash of the tree over them.
 *
 * @param size the number of records, at least 0
 * @param hash the tree hash ({@link Hash#emptyTree()} for size 0 in an honest log)
 */
public record Tree(long size, Hash hash) {
  /**
   * Validates the fields.
   *
   * @param size the number of records, at least 0
   * @param hash the tree hash ({@link Hash#emptyTree()} for size 0 in an honest log)
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public Tree {
    Objects.requireNonNull(hash, "hash");
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
  }

  @Override
  public String toString() {
    return "tree#" + size + " " + hash;
  }
}
