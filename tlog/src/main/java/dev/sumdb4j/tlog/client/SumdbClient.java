package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A client of one Go checksum database (such as sum.golang.org): looks up module versions and
 * returns only records it has authenticated, keeping one consistent history of the log's signed
 * trees. Thread-safe; one instance is meant to be shared.
 *
 * <p>Every lookup response's signed note is verified with the configured key and merged into the
 * history: every tree seen must be consistent with the newest, which is stored in the {@link
 * SumdbStore} and only moves forward; a conflict is a {@link LogMisbehaviorException} carrying
 * {@link Evidence}. Every record is proved in the newest tree through tiles that are each
 * authenticated (CVE-2026-56865), and only the lines of the authenticated record text are returned
 * (CVE-2026-56864). Data is cached only after authentication and authenticated again on every use;
 * a corrupt cached file is fetched again online and reported offline.
 *
 * <p>Without a {@link Remote} the client is offline: it reads only the store, and anything missing
 * is a {@link MissingDataException} naming the missing lookups and tiles (in {@link #lookupAll}, the
 * outcome of each module version that needs them).
 *
 * <p>Failures are not remembered: unlike x/mod's client (built for the short-lived go command),
 * which memoises failed lookups and tiles for its lifetime, this client retries on the next call,
 * so a long-running service recovers from transient network errors. Concurrent identical requests
 * still share one fetch, and authenticated data is reused through the store.
 */
public final class SumdbClient {
  /** The default bound on concurrent remote requests. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
  /** The tile height of sum.golang.org. */
  public static final int DEFAULT_TILE_HEIGHT = 8;

  private final VerifierKey key;
  private final boolean online;
  private final NoteVerifier notes;
  private final History history;
  private final LookupService service;

  /**
   * Wires the layers, each reading only the one below it: {@link RemoteReads} (the remote, bounded
   * and shared requests) and the store, under {@link TileSource} (one step's tiles, cache first),
   * under {@link AuthenticatedTiles} (hashes only through authenticated tiles), under {@link
   * History} (the trusted tree, consistency, proofs), under {@link LookupService} (one call:
   * lookups read by {@link LookupReader}, outcomes, then the cache written by {@link CacheWriter}).
   */
  private SumdbClient(Builder b) {
    this.key = b.key;
    SumdbStore store = b.store != null ? b.store : new MemoryStore();
    Parallel parallel = new Parallel(b.executor != null ? b.executor : defaultExecutor(b.maxConcurrentRequests));
    RemoteReads remote = b.remote == null ? null : new RemoteReads(b.remote, b.maxConcurrentRequests);
    this.online = remote != null;
    this.notes = new NoteVerifier(Verifiers.of(b.key));
    AuthenticatedTiles tiles = new AuthenticatedTiles(b.tileHeight, store, remote, parallel);
    this.history = new History(Verifiers.of(b.key), store, tiles, b.storeLatest);
    LookupReader lookups = new LookupReader(store, remote, parallel, notes);
    this.service = new LookupService(store, lookups, history, new CacheWriter(store, parallel), online);
  }

  /** {@return a builder; {@link Builder#verifierKey} is required} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the database name: the name of its verifier key, e.g. {@code sum.golang.org}} */
  public String name() {
    return key.name();
  }

  /** {@return the database's verifier key (for checking {@link Evidence} with it, for example)} */
  public VerifierKey verifierKey() {
    return key;
  }

  /** {@return whether the client is offline (built without a remote)} */
  public boolean isOffline() {
    return !online;
  }

  /** {@return the newest signed tree this client has authenticated (the empty tree before any lookup)} */
  public SignedTree latest() {
    return history.latest();
  }

  /**
   * Merges a signed tree note obtained out of band (such as the body of {@code GET /latest}, or a
   * checkpoint kept elsewhere) into the history, exactly like the note of a lookup response: its
   * signature is verified, it is proved consistent with every tree seen (through authenticated
   * tiles), and the newest tree is stored by compare-and-swap. On a client whose history is empty
   * (and whose store holds no latest note) the first note merged is trusted as is.
   *
   * @param source names the note in error messages (e.g. {@code /latest})
   * @param signedNote the signed tree note, exact bytes
   * @return the newest tree after the merge (the note's tree, or a newer one seen before)
   * @throws VerificationException if the note's signature does not verify, or tiles fail authentication
   * @throws MalformedInputException if the note is malformed (a caller that got the note from the
   *     server reports that as the server's: {@link dev.sumdb4j.MalformedResponseException})
   * @throws LogMisbehaviorException if the note's tree conflicts with the history
   * @throws dev.sumdb4j.LocalStateException if the stored latest note fails its checks
   * @throws MissingDataException offline, if tiles needed for the proof are not cached
   * @throws IOException on transport or store failures
   */
  public SignedTree merge(String source, byte[] signedNote) throws IOException, SumdbException {
    Objects.requireNonNull(source, "source");
    return service.merge(notes.open(source, Objects.requireNonNull(signedNote, "signedNote")));
  }

  /**
   * Merges the signed tree the store holds (the latest note this client, or another process sharing
   * the store, stored) into the history, as every call does first, and returns the newest tree:
   * offline, the newest tree the cache can show. On a client whose history is empty, the stored
   * tree is trusted as it is (it was checked before it was stored).
   *
   * @return the newest tree after the merge (the empty tree if neither the history nor the store
   *     holds one)
   * @throws LogMisbehaviorException if the stored tree conflicts with the history
   * @throws DamagedStateException if the stored latest note does not verify (a {@link
   *     dev.sumdb4j.LocalStateException} naming the file)
   * @throws CorruptCacheException offline, if cached tiles needed for the proof fail authentication
   * @throws VerificationException if tiles fail authentication
   * @throws MissingDataException offline, if tiles needed for the proof are not cached
   * @throws IOException on transport or store failures
   */
  public SignedTree mergeStored() throws IOException, SumdbException {
    return service.mergeStored();
  }

  /**
   * Returns a reader of hashes of the newest tree this client has authenticated ({@link #latest()}
   * at the time of this call), through tiles read like the client's own (the store first, then the
   * remote) and each authenticated against that tree before it is used or cached: cached tiles that
   * fail authentication are fetched again online, and are a {@link CorruptCacheException} offline.
   *
   * @return the reader
   * @throws IllegalStateException if the client has not authenticated any tree yet
   */
  public HashReader hashReader() {
    SignedTree tree = latest();
    if (tree.isEmpty()) {
      throw new IllegalStateException("no signed tree authenticated yet: look something up or merge a tree first");
    }
    return indexes -> service.readHashes(tree, indexes);
  }

  /**
   * Looks up {@code path}@{@code version} ({@code version} may end in {@code /go.mod}, which selects
   * the same record) and returns the authenticated record.
   *
   * @param path the module path
   * @param version the module version, possibly ending in {@code /go.mod}
   * @return the authenticated record
   * @throws dev.sumdb4j.tlog.http.NotFoundException if the database does not know the module version
   * @throws MalformedInputException if the path or version is invalid
   * @throws LogMisbehaviorException if the database signed inconsistent trees
   * @throws VerificationException if a signature, tile or record fails authentication, the record
   *     is not about this module version, or the response is malformed ({@link
   *     dev.sumdb4j.MalformedResponseException})
   * @throws CorruptCacheException offline, if cached data fails authentication
   * @throws dev.sumdb4j.LocalStateException if the stored latest note fails its checks
   * @throws IOException on transport failures, or missing data offline ({@link MissingDataException})
   */
  public LookupResult lookup(String path, String version) throws IOException, SumdbException {
    String v = version.endsWith("/go.mod") ? version.substring(0, version.length() - "/go.mod".length()) : version;
    ModuleVersion mv = ModuleVersion.of(path, v);
    Outcome o = lookupAll(List.of(mv)).get(mv);
    Optional<Exception> failure = o.failure();
    if (failure.isPresent()) {
      Exception e = failure.get();
      if (e instanceof IOException io) {
        throw io;
      }
      throw (SumdbException) e;
    }
    return o.result().orElseThrow();
  }

  /**
   * Looks up every module version at once (duplicates collapsed), merges every signed tree received
   * into the history, and proves every record in the newest tree with one authenticated read of the
   * union of the tiles needed. Returns one outcome per distinct module version, in input order.
   *
   * <p>Per-module failures (not found, transport errors, malformed responses: {@link
   * dev.sumdb4j.MalformedResponseException}, and offline a lookup or tile that is not cached: a
   * {@link MissingDataException} naming what that module version needs) are outcomes: every other
   * module version still gets its answer. Other security failures abort the whole call.
   *
   * @param modules the module versions to look up
   * @return one outcome per distinct module version, in input order
   * @throws LogMisbehaviorException if the database signed inconsistent trees
   * @throws VerificationException if a signature, tile or record fails authentication, or a record is
   *     not about the module version it was served for
   * @throws CorruptCacheException offline, if cached data fails authentication
   * @throws dev.sumdb4j.LocalStateException if the stored latest note fails its checks
   * @throws IOException if the store fails
   */
  public Map<ModuleVersion, Outcome> lookupAll(Collection<ModuleVersion> modules) throws IOException, SumdbException {
    return service.lookupAll(modules);
  }

  /**
   * At most {@code threads} daemon threads (a task blocks for at most one request, so this keeps
   * every request permit usable), idle ones ending after a few seconds: a batch of 400 lookups
   * no longer starts 400 threads.
   */
  private static ExecutorService defaultExecutor(int threads) {
    return DaemonThreads.pool("sumdb4j-client", threads);
  }

  /** Configures a {@link SumdbClient}. */
  public static final class Builder {
    private VerifierKey key;
    private String name;
    private Remote remote;
    private SumdbStore store;
    private Executor executor;
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private int tileHeight = DEFAULT_TILE_HEIGHT;
    private boolean storeLatest = true;

    private Builder() {}

    /**
     * Sets the database's verifier key (required); its name is the database name.
     *
     * @param key the verifier key
     * @return this builder
     */
    public Builder verifierKey(VerifierKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The database name, checked against the key's name (they are the same thing: {@code
     * sum.golang.org}); optional.
     *
     * @param name the database name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets where to fetch lookups and tiles; without one the client is offline.
     *
     * @param remote the remote, or null for an offline client
     * @return this builder
     */
    public Builder remote(Remote remote) {
      this.remote = remote;
      return this;
    }

    /**
     * Sets where authenticated data and the latest tree are kept; default: process memory.
     *
     * @param store the store, or null for process memory
     * @return this builder
     */
    public Builder store(SumdbStore store) {
      this.store = store;
      return this;
    }

    /**
     * Whether the history's newest tree is read from and written to the store's latest note
     * (default true). With false the history lives in this client's memory only and starts empty
     * (seed it with {@link SumdbClient#merge}); the store still caches lookups and tiles.
     *
     * @param storeLatest whether the newest tree is kept in the store
     * @return this builder
     */
    public Builder storeLatest(boolean storeLatest) {
      this.storeLatest = storeLatest;
      return this;
    }

    /**
     * Sets what runs concurrent reads; default: a pool of at most {@link #maxConcurrentRequests}
     * daemon threads.
     *
     * @param executor the executor, or null for the default pool
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Sets the bound on concurrent remote requests (default {@value
     * SumdbClient#DEFAULT_MAX_CONCURRENT_REQUESTS}).
     *
     * @param n the bound, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Builder maxConcurrentRequests(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + n);
      }
      this.maxConcurrentRequests = n;
      return this;
    }

    /**
     * Sets the tile height H, 1..30 (default {@value SumdbClient#DEFAULT_TILE_HEIGHT}, sum.golang.org's).
     *
     * @param h the tile height
     * @return this builder
     * @throws IllegalArgumentException if {@code h} is not in 1..30
     */
    public Builder tileHeight(int h) {
      if (h < 1 || h > 30) {
        throw new IllegalArgumentException("tile height must be in 1..30, got " + h);
      }
      this.tileHeight = h;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no verifier key was set, or the name differs from the key's
     */
    public SumdbClient build() {
      if (key == null) {
        throw new IllegalStateException("SumdbClient.Builder: verifierKey is required");
      }
      if (name != null && !name.equals(key.name())) {
        throw new IllegalStateException("SumdbClient.Builder: database name " + name
            + " is not the verifier key's name " + key.name());
      }
      return new SumdbClient(this);
    }
  }
}
