package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.VerifyReport;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Watches a checksum database stay append-only, one run at a time (for a cron job): each {@link
 * #watch} fetches the newest signed tree ({@code GET /latest}), checks its signature and the
 * required witness cosignatures, proves it consistent with the last tree in the {@link
 * CheckpointHistory} (with {@link SumdbClient}'s history rules, so a conflict is a {@link
 * LogMisbehaviorException} with {@link dev.sumdb4j.tlog.client.Evidence}), appends it, and then
 * verifies go.sum files against it.
 *
 * <p>The first run trusts the tree it sees (trust on first use). Immutable and thread-safe, but
 * runs on one history are serialized by its lock.
 */
public final class LogWatcher {
  private final VerifierKey key;
  private final Remote remote;
  private final SumdbStore store;
  private final WitnessPolicy witnesses;
  private final Clock clock;
  private final Predicate<String> skip;
  private final int tileHeight;

  private LogWatcher(Builder b) {
    this.key = b.key;
    this.remote = b.remote;
    this.store = b.store != null ? b.store : new MemoryStore();
    this.witnesses = b.witnesses;
    this.clock = b.clock;
    this.skip = b.skip;
    this.tileHeight = b.tileHeight;
  }

  /** Returns a builder; {@link Builder#verifierKey} and {@link Builder#remote} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one watch step on {@code history} and verifies {@code goSums} (may be empty) against the
   * new tree. On a conflict the evidence is written into the history's directory first.
   *
   * @throws ForkDetectedException if the log's trees conflict with the history (or each other)
   * @throws WitnessException if the new tree lacks the required witness cosignatures
   * @throws VerificationException if {@code /latest}, a tile or a record fails authentication
   * @throws IOException if the log cannot be reached (or the history cannot be written)
   * @throws SumdbException on any other failed check
   */
  public WatchResult watch(CheckpointHistory history, List<GoSumFile> goSums) throws IOException, SumdbException {
    Optional<HistoryEntry> previous = history.last();
    byte[] body = remote.get("/latest");
    SignedTree latest;
    try {
      latest = SignedTree.open("/latest", body, Verifiers.of(key));
    } catch (SumdbException e) {
      throw new VerificationException("/latest: the signed tree does not authenticate: " + e.getMessage(), e);
    }
    WitnessCheck check = witnesses.check("/latest", body, key);
    if (!check.satisfied()) {
      throw new WitnessException("/latest " + latest, check);
    }

    SumdbClient client = SumdbClient.builder().verifierKey(key).remote(remote).store(store).storeLatest(false)
        .tileHeight(tileHeight).build();
    try {
      if (previous.isPresent()) {
        client.merge("history " + previous.get(), previous.get().noteBytes()); // trusted: an empty history
      }
      client.merge("/latest", body); // proved consistent with the history's last tree
    } catch (LogMisbehaviorException e) {
      throw fork(history, e);
    }
    long newest = Math.max(latest.size(), previous.map(HistoryEntry::size).orElse(0L));
    if (client.latest().size() != newest) {
      throw new AssertionError("bad math in watch: the client's tree " + client.latest() + " is not the newest seen");
    }

    WatchResult.Status status;
    Optional<HistoryEntry> appended = Optional.empty();
    if (previous.isPresent() && Arrays.equals(previous.get().noteBytes(), body)) {
      status = WatchResult.Status.UNCHANGED;
    } else if (previous.isPresent() && latest.size() < previous.get().size()) {
      status = WatchResult.Status.OLDER;
    } else {
      status = previous.isEmpty() ? WatchResult.Status.BOOTSTRAPPED : WatchResult.Status.APPENDED;
      HistoryEntry e = HistoryEntry.of(latest, clock.instant(), check.seen());
      history.append(e);
      appended = Optional.of(e);
    }

    Optional<VerifyReport> report = Optional.empty();
    if (!goSums.isEmpty()) {
      try {
        report = Optional.of(new GoSumVerifier(client, skip).verify(goSums));
      } catch (LogMisbehaviorException e) {
        throw fork(history, e);
      }
    }
    return new WatchResult(status, previous, latest, appended, check, report);
  }

  private ForkDetectedException fork(CheckpointHistory history, LogMisbehaviorException e) throws IOException {
    return new ForkDetectedException(e, history.writeEvidence(e.evidence(), clock.instant()));
  }

  /** Configures a {@link LogWatcher}. */
  public static final class Builder {
    private VerifierKey key;
    private Remote remote;
    private SumdbStore store;
    private WitnessPolicy witnesses = WitnessPolicy.none();
    private Clock clock = Clock.systemUTC();
    private Predicate<String> skip = p -> false;
    private int tileHeight = SumdbClient.DEFAULT_TILE_HEIGHT;

    private Builder() {}

    /** The log's verifier key (required). */
    public Builder verifierKey(VerifierKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Where {@code /latest}, tiles and lookups are read (required). */
    public Builder remote(Remote remote) {
      this.remote = Objects.requireNonNull(remote, "remote");
      return this;
    }

    /**
     * Where authenticated tiles and lookups are cached (default: memory). Its latest note is
     * neither read nor written: the history plays that part.
     */
    public Builder store(SumdbStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The witnesses accepted and required (default: none). */
    public Builder witnesses(WitnessPolicy witnesses) {
      this.witnesses = Objects.requireNonNull(witnesses, "witnesses");
      return this;
    }

    /** The clock for observation times and evidence file names (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Which module paths go.sum verification skips (e.g. GONOSUMDB/GOPRIVATE; default: none). */
    public Builder skip(Predicate<String> skip) {
      this.skip = Objects.requireNonNull(skip, "skip");
      return this;
    }

    /** The log's tile height (default {@value SumdbClient#DEFAULT_TILE_HEIGHT}). */
    public Builder tileHeight(int h) {
      SumdbClient.builder().tileHeight(h); // the client's own check: 1..30
      this.tileHeight = h;
      return this;
    }

    /** Builds the watcher. */
    public LogWatcher build() {
      if (key == null || remote == null) {
        throw new IllegalStateException("LogWatcher.Builder: verifierKey and remote are required");
      }
      return new LogWatcher(this);
    }
  }
}
