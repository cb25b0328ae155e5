package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one watch run that found no misbehaviour.
 *
 * @param status how the new tree relates to the history
 * @param previous the history's newest entry before this run (empty on the first run)
 * @param latest the signed tree {@code /latest} served, authenticated (and, unless {@link
 *     Lag#consistentWithNewest()} says otherwise, proved consistent with the history)
 * @param appended the entry appended to the history (empty if nothing new was seen)
 * @param witnesses the witness cosignatures on {@code latest}
 * @param goSum the go.sum verification (empty when no go.sum file was given, or the server lags
 *     too far to verify against)
 * @param lag how far the server is behind the history, when {@code latest} is older than the
 *     history's newest tree ({@link Status#OLDER} and {@link Status#LAGGING})
 */
public record WatchResult(Status status, Optional<HistoryEntry> previous, SignedTree latest,
    Optional<HistoryEntry> appended, WitnessCheck witnesses, Optional<GoSumReport> goSum, Optional<Lag> lag) {
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
    OLDER,
    /**
     * An older tree than the history's last, served for longer than the watcher's maximum lag:
     * the log reached a larger tree (recorded at {@link Lag#since()}) and this server has not
     * caught up since. Not recorded; no fork was shown (it was proved consistent with the newest
     * recorded tree it could be checked against, see {@link Lag}), but a server stuck behind hides
     * what was logged since (a freeze), so it is reported rather than retried.
     */
    LAGGING;
  }

  /**
   * How far the server is behind the history.
   *
   * @param ahead the oldest recorded tree larger than the server's: the server has not reached it
   * @param since when {@code ahead} was recorded
   * @param behind how long ago that was
   * @param maxLag the watcher's limit (beyond it the status is {@link Status#LAGGING})
   * @param consistentWith the newest recorded tree the server's tree was proved consistent with
   *     (empty if none could be checked)
   * @param consistentWithNewest whether that is the history's newest tree
   * @param unchecked why the newer recorded trees could not be checked (null if they were)
   */
  public record Lag(HistoryEntry ahead, Instant since, Duration behind, Duration maxLag,
      Optional<HistoryEntry> consistentWith, boolean consistentWithNewest, String unchecked) {
    /**
     * Validates the fields.
     *
     * @param ahead the oldest recorded tree larger than the server's: the server has not reached it
     * @param since when {@code ahead} was recorded
     * @param behind how long ago that was
     * @param maxLag the watcher's limit (beyond it the status is {@link Status#LAGGING})
     * @param consistentWith the newest recorded tree the server's tree was proved consistent with (empty if none could be checked)
     * @param consistentWithNewest whether that is the history's newest tree
     * @param unchecked why the newer recorded trees could not be checked (null if they were)
     */
    public Lag {
      Objects.requireNonNull(ahead, "ahead");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(behind, "behind");
      Objects.requireNonNull(maxLag, "maxLag");
      Objects.requireNonNull(consistentWith, "consistentWith");
    }

    /** {@return whether the server has been behind for longer than {@link #maxLag()}} */
    public boolean exceeded() {
      return behind.compareTo(maxLag) > 0;
    }
  }

  /**
   * Validates the fields.
   *
   * @param status how the new tree relates to the history
   * @param previous the history's newest entry before this run (empty on the first run)
   * @param latest the signed tree {@code /latest} served, authenticated (and, unless {@link Lag#consistentWithNewest()} says otherwise, proved consistent with the history)
   * @param appended the entry appended to the history (empty if nothing new was seen)
   * @param witnesses the witness cosignatures on {@code latest}
   * @param goSum the go.sum verification (empty when no go.sum file was given, or the server lags too far to verify against)
   * @param lag how far the server is behind the history, when {@code latest} is older than the history's newest tree ({@link Status#OLDER} and {@link Status#LAGGING})
   */
  public WatchResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(appended, "appended");
    Objects.requireNonNull(witnesses, "witnesses");
    Objects.requireNonNull(goSum, "goSum");
    Objects.requireNonNull(lag, "lag");
    if ((status == Status.OLDER || status == Status.LAGGING) != lag.isPresent()) {
      throw new IllegalArgumentException("a lag goes with an older tree only, got " + status + " and " + lag);
    }
  }
}
