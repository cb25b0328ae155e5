package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.note.KeyId;
import java.util.Objects;

/**
 * A witness cosignature that verified on a checkpoint: the witness key's name and ID, and the
 * time the witness says it cosigned (POSIX seconds).
 */
public record SeenCosignature(String name, KeyId keyId, long timestamp) {
  /**
   * Validates the fields.
   *
   * @param name the witness key's name
   * @param keyId the witness key's ID
   * @param timestamp when the witness cosigned, in POSIX seconds
   */
  public SeenCosignature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyId, "keyId");
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature timestamp < 0: " + timestamp);
    }
  }

  /** Returns {@code name+keyid@timestamp}. */
  @Override
  public String toString() {
    return name + "+" + keyId + "@" + timestamp;
  }
}
