package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.note.cosignature.CosignatureVerifier;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one configured witness's cosignature on a checkpoint amounted to.
 *
 * @param witness the witness key
 * @param state the outcome
 * @param timestamp the cosignature's timestamp (POSIX seconds) when one verified
 * @param detail why, in words (empty for {@link State#VALID})
 */
public record WitnessStatus(CosignatureVerifier witness, State state, OptionalLong timestamp, String detail) {
  /** The outcome for one witness. */
  public enum State {
    /** A cosignature by this witness verified, with a plausible timestamp. */
    VALID,
    /** The checkpoint carries no cosignature by this witness. */
    MISSING,
    /** A cosignature line names this witness but does not verify. */
    INVALID,
    /** The cosignature verified but its timestamp is in the future beyond the allowed clock skew. */
    FUTURE;
  }

  /**
   * Validates the fields.
   *
   * @param witness the witness key
   * @param state the outcome
   * @param timestamp the cosignature's timestamp (POSIX seconds) when one verified
   * @param detail why, in words (empty for {@link State#VALID})
   */
  public WitnessStatus {
    Objects.requireNonNull(witness, "witness");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@return the witness as {@code name+keyid}} */
  public String witnessName() {
    return witness.name() + "+" + witness.keyId();
  }

  /** Returns {@code name+keyid: STATE[: detail]}. */
  @Override
  public String toString() {
    return witnessName() + ": " + state.name().toLowerCase(java.util.Locale.ROOT)
        + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
