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
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
 * <p>A server behind the history must serve the tiles of the history's newest tree for the proof.
 * When it cannot, {@code /latest} is proved against earlier recorded trees instead (a conflict is
 * still a fork), and a server that has stayed behind for longer than {@link Builder#maxLag} is
 * {@link WatchResult.Status#LAGGING} rather than unavailable.
 *
 * <p>The first run trusts the tree it sees (trust on first use). Immutable and thread-safe, but
 * runs on one history are serialized by its lock.
 */
public final class LogWatcher {
  /** The default maximum lag: 24 hours. */
  public static final Duration DEFAULT_MAX_LAG = Duration.ofHours(24);

  private final VerifierKey key;
  private final Remote remote;
  private final SumdbStore store;
  private final WitnessPolicy witnesses;
  private final Clock clock;
  private final Predicate<String> skip;
  private final int tileHeight;
  private final Duration maxLag;

  private LogWatcher(Builder b) {
    this.key = b.key;
    this.remote = b.remote;
    this.store = b.store != null ? b.store : new MemoryStore();
    this.witnesses = b.witnesses;
    this.clock = b.clock;
    this.skip = b.skip;
    this.tileHeight = b.tileHeight;
    this.maxLag = b.maxLag;
  }

  /** {@return a builder; {@link Builder#verifierKey} and {@link Builder#remote} are required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one watch step on {@code history} and verifies {@code goSums} (may be empty) against the
   * new tree. On a conflict the evidence is written into the history's directory first.
   *
   * @param history the history, opened and locked
   * @param goSums go.sum files to verify, possibly none
   * @throws ForkDetectedException if the log's trees conflict with each other or with the
   *     history's newest tree (or, when that cannot be checked, with an earlier recorded tree)
   * @throws WitnessException if the new tree lacks the required witness cosignatures
   * @throws IOException if the log cannot be reached, or (for a server behind the history, not yet
   *     for longer than the maximum lag) cannot show the tiles that prove its tree consistent, or
   *     the history cannot be written
   * @throws VerificationException if {@code /latest}, a tile or a record fails authentication
   * @throws SumdbException on any other failed check
   * @return the step's result
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

    SumdbClient client = client();
    Optional<WatchResult.Lag> lag = Optional.empty();
    boolean provedNewest = true;
    try {
      if (previous.isPresent()) {
        client.merge("history " + previous.get(), previous.get().noteBytes()); // trusted: an empty history
      }
      client.merge("/latest", body); // proved consistent with the history's last tree
    } catch (LogMisbehaviorException e) {
      throw fork(history, e);
    } catch (IOException | SumdbException e) {
      // A server that could not be reached (refused, silent, past the run's deadline) shows nothing
      // about what it has: that is unavailability, never evidence of a lag.
      if (previous.isEmpty() || latest.size() >= previous.get().size() || GoSumVerifier.unreachable(e).isPresent()) {
        throw e;
      }
      // The newest recorded tree cannot be checked (a server behind it must serve its tiles):
      // prove /latest against earlier recorded trees, then judge how long the server has lagged.
      Optional<HistoryEntry> consistent = proveAgainstEarlier(history, latest, body, e);
      lag = Optional.of(lag(history, latest, consistent, false, e.getMessage()));
      if (!(e instanceof IOException io)) {
        throw e; // tiles failed authentication: not a lag
      }
      if (!lag.get().exceeded()) {
        throw behind(io, lag.get());
      }
      provedNewest = false;
    }
    if (provedNewest) {
      long newest = Math.max(latest.size(), previous.map(HistoryEntry::size).orElse(0L));
      if (client.latest().size() != newest) {
        throw new AssertionError("bad math in watch: the client's tree " + client.latest() + " is not the newest seen");
      }
    }

    WatchResult.Status status;
    Optional<HistoryEntry> appended = Optional.empty();
    if (previous.isPresent() && Arrays.equals(previous.get().noteBytes(), body)) {
      status = WatchResult.Status.UNCHANGED;
    } else if (previous.isPresent() && latest.size() < previous.get().size()) {
      if (lag.isEmpty()) {
        lag = Optional.of(lag(history, latest, previous, true, null));
      }
      status = lag.get().exceeded() ? WatchResult.Status.LAGGING : WatchResult.Status.OLDER;
    } else {
      status = previous.isEmpty() ? WatchResult.Status.BOOTSTRAPPED : WatchResult.Status.APPENDED;
      HistoryEntry e = HistoryEntry.of(latest, clock.instant(), check.seen());
      history.append(e);
      appended = Optional.of(e);
    }

    Optional<GoSumReport> report = Optional.empty();
    if (!goSums.isEmpty() && provedNewest) {
      try {
        report = Optional.of(new GoSumVerifier(client, skip).verify(goSums));
      } catch (LogMisbehaviorException e) {
        throw fork(history, e);
      }
    }
    return new WatchResult(status, previous, latest, appended, check, report, lag);
  }

  private SumdbClient client() {
    return SumdbClient.builder().verifierKey(key).remote(remote).store(store).storeLatest(false)
        .tileHeight(tileHeight).build();
  }

  /**
   * Proves {@code latest} (older than the history's newest tree, which could not be checked)
   * consistent with the newest recorded tree no larger than it, else with the oldest recorded
   * tree larger than it (which needs that tree's tiles). Consistency with the first implies it
   * with every earlier recorded tree, which the history proved consistent when it recorded them.
   * Returns the entry proved against, or empty if none could be checked (the failures are added
   * to {@code failure}).
   *
   * @throws ForkDetectedException if {@code latest} conflicts with a recorded tree
   */
  private Optional<HistoryEntry> proveAgainstEarlier(CheckpointHistory history, SignedTree latest, byte[] body,
      Exception failure) throws IOException, ForkDetectedException {
    List<HistoryEntry> entries = history.entries();
    HistoryEntry below = null;
    HistoryEntry above = null;
    for (HistoryEntry e : entries.subList(0, entries.size() - 1)) {
      if (e.size() <= latest.size()) {
        below = e;
      } else if (above == null && e.size() < entries.get(entries.size() - 1).size()) {
        above = e;
      }
    }
    for (HistoryEntry e : Arrays.asList(below, above)) {
      if (e == null) {
        continue;
      }
      SumdbClient c = client();
      try {
        c.merge("history " + e, e.noteBytes());
        c.merge("/latest", body);
        return Optional.of(e);
      } catch (LogMisbehaviorException m) {
        throw fork(history, m);
      } catch (IOException | SumdbException x) {
        if (GoSumVerifier.unreachable(x).isPresent()) {
          throw (IOException) GoSumVerifier.unreachable(x).get(); // unavailable, not lagging
        }
        failure.addSuppressed(x);
      }
    }
    return Optional.empty();
  }

  /** How far {@code latest} is behind the history, as of now. */
  private WatchResult.Lag lag(CheckpointHistory history, SignedTree latest, Optional<HistoryEntry> consistentWith,
      boolean newest, String unchecked) {
    HistoryEntry ahead = history.entries().stream().filter(e -> e.size() > latest.size()).findFirst()
        .orElseThrow(() -> new AssertionError("bad math in lag: no recorded tree is larger than " + latest));
    Duration behind = Duration.between(ahead.observed(), clock.instant());
    return new WatchResult.Lag(ahead, ahead.observed(), behind.isNegative() ? Duration.ZERO : behind, maxLag,
        consistentWith, newest, unchecked);
  }

  /** {@code 25h3m}: whole hours and minutes ({@code 0m} under a minute). */
  private static String minutes(Duration d) {
    long h = d.toHours();
    return (h > 0 ? h + "h" : "") + d.toMinutesPart() + "m";
  }

  /** {@code e} with what the lag is: the server is behind, not yet for longer than the maximum lag. */
  private static IOException behind(IOException e, WatchResult.Lag lag) {
    return new IOException(e.getMessage() + "; the server is behind the recorded " + lag.ahead() + " (for "
        + minutes(lag.behind()) + ", not yet more than the maximum lag " + minutes(lag.maxLag()) + ")"
        + lag.consistentWith().map(c -> "; its tree is consistent with the recorded tree#" + c.size()).orElse(""), e);
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
    private Duration maxLag = DEFAULT_MAX_LAG;

    private Builder() {}

    /**
     * How long a server may serve a tree older than the history's newest before the run reports
     * {@link WatchResult.Status#LAGGING} (default {@link #DEFAULT_MAX_LAG}, 24 hours). The lag runs
     * from when the history recorded the oldest tree larger than the server's.
     *
     * @param maxLag the most lag allowed, not negative
     * @throws IllegalArgumentException if {@code maxLag} is negative
     * @return this builder
     */
    public Builder maxLag(Duration maxLag) {
      if (maxLag.isNegative()) {
        throw new IllegalArgumentException("negative maximum lag " + maxLag);
      }
      this.maxLag = maxLag;
      return this;
    }

    /**
     * The log's verifier key (required).
     *
     * @param key the log's key
     * @return this builder
     */
    public Builder verifierKey(VerifierKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Where {@code /latest}, tiles and lookups are read (required).
     *
     * @param remote the log server (untrusted)
     * @return this builder
     */
    public Builder remote(Remote remote) {
      this.remote = Objects.requireNonNull(remote, "remote");
      return this;
    }

    /**
     * Where authenticated tiles and lookups are cached (default: memory). Its latest note is
     * neither read nor written: the history plays that part.
     *
     * @param store the cache of authenticated data
     * @return this builder
     */
    public Builder store(SumdbStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The witnesses accepted and required (default: none).
     *
     * @param witnesses the witness policy
     * @return this builder
     */
    public Builder witnesses(WitnessPolicy witnesses) {
      this.witnesses = Objects.requireNonNull(witnesses, "witnesses");
      return this;
    }

    /**
     * The clock for observation times and evidence file names (default: system UTC): a test seam,
     * package-private so that a watcher in use always records real time.
     *
     * @param clock the clock
     * @return this builder
     */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Which module paths go.sum verification skips (e.g. GONOSUMDB/GOPRIVATE; default: none).
     *
     * @param skip true for the module paths to skip
     * @return this builder
     */
    public Builder skip(Predicate<String> skip) {
      this.skip = Objects.requireNonNull(skip, "skip");
      return this;
    }

    /**
     * The log's tile height (default {@value SumdbClient#DEFAULT_TILE_HEIGHT}).
     *
     * @param h the tile height, 1 to 30
     * @return this builder
     */
    public Builder tileHeight(int h) {
      SumdbClient.builder().tileHeight(h); // the client's own check: 1..30
      this.tileHeight = h;
      return this;
    }

    /**
     * Builds the watcher.
     *
     * @return the watcher
     */
    public LogWatcher build() {
      if (key == null || remote == null) {
        throw new IllegalStateException("LogWatcher.Builder: verifierKey and remote are required");
      }
      return new LogWatcher(this);
    }
  }
}
