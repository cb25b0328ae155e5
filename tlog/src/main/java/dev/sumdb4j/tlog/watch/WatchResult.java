package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.verify.VerifyReport;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one watch run that found the log consistent.
 *
 * @param status how the new tree relates to the history
 * @param previous the history's newest entry before this run (empty on the first run)
 * @param latest the signed tree {@code /latest} served, authenticated and proved consistent
 * @param appended the entry appended to the history (empty if nothing new was seen)
 * @param witnesses the witness cosignatures on {@code latest}
 * @param goSum the go.sum verification (empty when no go.sum file was given)
 */
public record WatchResult(Status status, Optional<HistoryEntry> previous, SignedTree latest,
    Optional<HistoryEntry> appended, WitnessCheck witnesses, Optional<VerifyReport> goSum) {
  /** How the tree served at {@code /latest} relates to the history. */
  public enum Status {
    /** The history was empty: the tree was trusted on first use and recorded. */
    BOOTSTRAPPED,
    /** The log grew (or the note gained signatures): proved consistent and recorded. */
    APPENDED,
    /** The same signed note as the history's last line: nothing recorded. */
    UNCHANGED,
    /**
     * An older tree than the history's last (a stale or rolled-back server): proved consistent
     * (a prefix of what was seen), not recorded.
     */
    OLDER;
  }

  /** Validates the fields. */
  public WatchResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(appended, "appended");
    Objects.requireNonNull(witnesses, "witnesses");
    Objects.requireNonNull(goSum, "goSum");
  }
}
