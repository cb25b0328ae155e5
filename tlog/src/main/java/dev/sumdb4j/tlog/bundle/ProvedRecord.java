package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.client.SignedTree;
import java.util.Objects;

/**
 * A checksum-database record whose inclusion in a signed checkpoint has been checked.
 *
 * @param source where the proof came from (a file, or a bundle entry), for messages
 * @param index the record's leaf index
 * @param recordText the record text (go.sum lines), the leaf data the proof was checked for
 * @param tree the authenticated signed checkpoint the record is in (with its exact note bytes)
 * @param proof the inclusion proof that was checked (it also shows hashes of subtrees of the tree,
 *     which {@link CheckpointConsistency} compares across checkpoints)
 */
public record ProvedRecord(String source, long index, String recordText, SignedTree tree, RecordProof proof) {
  /**
   * Validates the fields.
   *
   * @param source where the proof came from (a file, or a bundle entry), for messages
   * @param index the record's leaf index
   * @param recordText the record text (go.sum lines), the leaf data the proof was checked for
   * @param tree the authenticated signed checkpoint the record is in (with its exact note bytes)
   * @param proof the inclusion proof that was checked (it also shows hashes of subtrees of the tree, which {@link CheckpointConsistency} compares across checkpoints)
   */
  public ProvedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(recordText, "recordText");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(proof, "proof");
    if (tree.isEmpty() || index < 0 || index >= tree.size()) {
      throw new IllegalArgumentException("record " + index + " is not in tree of size " + tree.size());
    }
  }
}
