package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import java.util.Objects;

/**
 * A checksum-database record whose inclusion in a signed checkpoint has been checked.
 *
 * @param source where the proof came from (a file, or a bundle entry), for messages
 * @param index the record's leaf index
 * @param recordText the record text (go.sum lines), the leaf data the proof was checked for
 * @param checkpoint the authenticated checkpoint the record is in
 */
public record ProvedRecord(String source, long index, String recordText, Checkpoint checkpoint) {
  /** Validates the fields. */
  public ProvedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(recordText, "recordText");
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (index < 0 || index >= checkpoint.size()) {
      throw new IllegalArgumentException("record " + index + " is not in tree of size " + checkpoint.size());
    }
  }
}
