package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Verifiers verifiers;
  private final SumdbStore store;
  private final Fetcher fetcher;
  private final Timeline timeline;
  private final int tileHeight;
  private final ConcurrentHashMap<ByteBuffer, SignedTree> verifiedNotes = new ConcurrentHashMap<>();
  private static final int MAX_VERIFIED_NOTES = 1024;

  private SumdbClient(Builder b) {
    this.key = b.key;
    this.verifiers = Verifiers.of(b.key);
    this.store = b.store != null ? b.store : new MemoryStore();
    Executor executor = b.executor != null ? b.executor : defaultExecutor(b.maxConcurrentRequests);
    this.fetcher = new Fetcher(b.remote, b.maxConcurrentRequests, executor);
    this.tileHeight = b.tileHeight;
    this.timeline = new Timeline(verifiers, store, fetcher, b.tileHeight, b.storeLatest);
  }

  /** Returns a builder; {@link Builder#verifierKey} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The database name: the name of its verifier key, e.g. {@code sum.golang.org}. */
  public String name() {
    return key.name();
  }

  /** The database's verifier key (for checking {@link Evidence} with it, for example). */
  public VerifierKey verifierKey() {
    return key;
  }

  /** Whether the client is offline (built without a remote). */
  public boolean isOffline() {
    return !fetcher.online();
  }

  /** The newest signed tree this client has authenticated (the empty tree before any lookup). */
  public SignedTree latest() {
    return timeline.latest();
  }

  /**
   * Merges a signed tree note obtained out of band (such as the body of {@code GET /latest}, or a
   * checkpoint kept elsewhere) into the history, exactly like the note of a lookup response: its
   * signature is verified, it is proved consistent with every tree seen (through authenticated
   * tiles), and the newest tree is stored by compare-and-swap. On a client whose history is empty
   * (and whose store holds no latest note) the first note merged is trusted as is.
   *
   * @param source names the note in error messages (e.g. {@code /latest})
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
    SignedTree tree = openNote(source, Objects.requireNonNull(signedNote, "signedNote"));
    List<SignedTree> trees = new ArrayList<>();
    SignedTree stored = timeline.readStored();
    if (stored != null) {
      trees.add(stored);
    }
    trees.add(tree);
    timeline.prove(trees, List.of());
    timeline.sync();
    return timeline.latest();
  }

  /**
   * Returns a reader of hashes of the newest tree this client has authenticated ({@link #latest()}
   * at the time of this call), through tiles read like the client's own (the store first, then the
   * remote) and each authenticated against that tree before it is used or cached: cached tiles that
   * fail authentication are fetched again online, and are a {@link CorruptCacheException} offline.
   *
   * @throws IllegalStateException if the client has not authenticated any tree yet
   */
  public HashReader hashReader() {
    SignedTree tree = latest();
    if (tree.isEmpty()) {
      throw new IllegalStateException("no signed tree authenticated yet: look something up or merge a tree first");
    }
    return indexes -> timeline.readHashes(tree, indexes);
  }

  /**
   * Looks up {@code path}@{@code version} ({@code version} may end in {@code /go.mod}, which selects
   * the same record) and returns the authenticated record.
   *
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
   * @throws LogMisbehaviorException if the database signed inconsistent trees
   * @throws VerificationException if a signature, tile or record fails authentication, or a record is
   *     not about the module version it was served for
   * @throws CorruptCacheException offline, if cached data fails authentication
   * @throws dev.sumdb4j.LocalStateException if the stored latest note fails its checks
   * @throws IOException if the store fails
   */
  public Map<ModuleVersion, Outcome> lookupAll(Collection<ModuleVersion> modules) throws IOException, SumdbException {
    List<ModuleVersion> unique = new ArrayList<>(new LinkedHashSet<>(modules));
    Map<ModuleVersion, Outcome> out = new LinkedHashMap<>();
    List<Fetched> items = fetchAll(unique, true, out);
    List<Fetched> corrupt = new ArrayList<>();
    proveEach(items, out, corrupt);
    if (!corrupt.isEmpty()) {
      if (!fetcher.online()) {
        throw CorruptCacheException.in(store, corrupt.stream().map(f -> "lookup/" + f.key()).toList(),
            "cached record does not authenticate against " + timeline.latest()
            + " or is not about the module version it is filed under", null);
      }
      List<Fetched> again = fetchAll(corrupt.stream().map(Fetched::module).toList(), false, out);
      List<Fetched> stillBad = new ArrayList<>();
      prove(again, again, out, stillBad);
      if (!stillBad.isEmpty()) {
        throw new AssertionError("bad math in lookupAll: a remote record counted as cached");
      }
    }
    timeline.sync();
    Map<ModuleVersion, Outcome> ordered = new LinkedHashMap<>();
    for (ModuleVersion mv : unique) {
      ordered.put(mv, Objects.requireNonNull(out.get(mv), "bad math in lookupAll: no outcome"));
    }
    return ordered;
  }

  /** A lookup response read from the store or the remote, parsed and its note verified. */
  private record Fetched(ModuleVersion module, String key, byte[] body, boolean fromCache,
      LookupResponse response, SignedTree tree) {}

  /**
   * Phase 1: reads every lookup concurrently. Per-module failures (offline misses included) go to
   * {@code out}; verification failures abort after all reads finished.
   */
  private List<Fetched> fetchAll(List<ModuleVersion> modules, boolean useCache, Map<ModuleVersion, Outcome> out)
      throws IOException, SumdbException {
    List<Fetcher.Task<Fetched>> tasks = new ArrayList<>();
    for (ModuleVersion mv : modules) {
      tasks.add(() -> fetch(mv, useCache));
    }
    List<Fetcher.Attempt<Fetched>> got = fetcher.all(tasks);
    List<Fetched> items = new ArrayList<>();
    List<String> corrupt = new ArrayList<>();
    CorruptCacheException firstCorrupt = null;
    for (int i = 0; i < got.size(); i++) {
      Fetcher.Attempt<Fetched> a = got.get(i);
      Exception e = a.error();
      if (e == null) {
        items.add(a.value());
      } else if (e instanceof VerificationException v && !(e instanceof MalformedResponseException)) {
        throw v; // a malformed response stays the outcome of its own lookup
      } else if (e instanceof CorruptCacheException c) {
        corrupt.addAll(c.files());
        firstCorrupt = firstCorrupt == null ? c : firstCorrupt;
      } else {
        out.put(modules.get(i), Outcome.failed(modules.get(i), e));
      }
    }
    if (firstCorrupt != null) {
      throw corrupt.size() == 1 ? firstCorrupt
          : CorruptCacheException.in(store, corrupt, "cached lookups do not verify", firstCorrupt);
    }
    return items;
  }

  private Fetched fetch(ModuleVersion mv, boolean useCache) throws IOException, SumdbException {
    String key = mv.escaped();
    if (useCache) {
      Optional<byte[]> cached = readLookupQuietly(key);
      if (cached.isPresent()) {
        try {
          return parse(mv, key, cached.get(), true);
        } catch (SumdbException e) {
          if (!fetcher.online()) {
            throw CorruptCacheException.in(store, List.of("lookup/" + key), e.getMessage(), e);
          }
          // Online: ignore the corrupt file; the authenticated remote copy overwrites it.
        }
      }
    }
    if (!fetcher.online()) {
      throw new MissingDataException(List.of("lookup/" + key));
    }
    byte[] body = fetcher.get("/lookup/" + key);
    try {
      return parse(mv, key, body, false);
    } catch (MalformedInputException e) {
      throw new MalformedResponseException(e); // the server's data, not the caller's
    }
  }

  private Optional<byte[]> readLookupQuietly(String key) {
    try {
      return store.readLookup(key).filter(b -> b.length > 0);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // any failure means "not cached", as in x/mod
    }
  }

  private Fetched parse(ModuleVersion mv, String key, byte[] body, boolean fromCache) throws SumdbException {
    String source = (fromCache ? "cached lookup/" : "/lookup/") + key;
    LookupResponse r = LookupResponse.parse(source, body);
    byte[] note = r.signedNote();
    SignedTree tree = note.length == 0 ? null : openNote(source, note);
    return new Fetched(mv, key, body, fromCache, r, tree);
  }

  /**
   * Verifies a signed tree note, remembering the result for these exact bytes: the lookups of one
   * batch usually carry the same note, and a verified signature stays verified. Bounded.
   */
  private SignedTree openNote(String source, byte[] note) throws SumdbException {
    ByteBuffer key = ByteBuffer.wrap(note);
    SignedTree known = verifiedNotes.get(key);
    if (known != null) {
      return known;
    }
    if (verifiedNotes.size() >= MAX_VERIFIED_NOTES) {
      verifiedNotes.clear();
    }
    // The first lookups of a batch arrive together with the same note: one thread verifies it
    // while the others wait for its verdict. A failure is not remembered.
    try {
      return verifiedNotes.computeIfAbsent(ByteBuffer.wrap(note.clone()), k -> {
        try {
          return SignedTree.open(source, note, verifiers);
        } catch (SumdbException e) {
          throw new NoteFailure(e);
        }
      });
    } catch (NoteFailure f) {
      throw f.failure;
    }
  }

  /** Carries a note's verification failure out of {@code computeIfAbsent}. */
  private static final class NoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SumdbException failure;

    NoteFailure(SumdbException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /**
   * Phase 2 for a batch: {@link #prove} all at once; offline, if tiles are missing, the signed
   * trees alone and then each record alone (with its lookup's signed tree), so that a record whose
   * tiles are cached gets its outcome and only a record whose proofs need a missing tile fails,
   * naming what it needs. Records proved this way may be proved in different trees.
   */
  private void proveEach(List<Fetched> items, Map<ModuleVersion, Outcome> out, List<Fetched> corrupt)
      throws IOException, SumdbException {
    try {
      prove(items, items, out, corrupt);
      return;
    } catch (MissingDataException whole) {
      if (items.size() <= 1) {
        items.forEach(f -> out.put(f.module(), Outcome.failed(f.module(), whole)));
        return;
      }
    }
    try {
      prove(items, List.of(), out, corrupt); // every signed tree consistent with the history
    } catch (MissingDataException m) {
      // Some lookup's own signed tree cannot be checked either: each record alone, with its tree.
    }
    for (Fetched f : items) {
      try {
        prove(List.of(f), List.of(f), out, corrupt);
      } catch (MissingDataException m) {
        out.put(f.module(), Outcome.failed(f.module(), m));
      }
    }
  }

  /**
   * Phase 2: merges the signed trees of {@code treeSources} (and the stored latest) into the
   * history, proves every record of {@code items} in the newest tree, and records outcomes. Cached
   * records that fail go to {@code corrupt}.
   */
  private void prove(List<Fetched> treeSources, List<Fetched> items, Map<ModuleVersion, Outcome> out,
      List<Fetched> corrupt) throws IOException, SumdbException {
    List<SignedTree> trees = new ArrayList<>();
    SignedTree stored = timeline.readStored();
    if (stored != null) {
      trees.add(stored);
    }
    for (Fetched f : treeSources) {
      if (f.tree() != null) {
        trees.add(f.tree());
      }
    }
    List<Timeline.Leaf> leaves = new ArrayList<>();
    for (Fetched f : items) {
      leaves.add(new Timeline.Leaf(f.response().id(),
          Hash.ofRecord(f.response().text().getBytes(StandardCharsets.UTF_8))));
    }
    if (items.isEmpty() && trees.isEmpty()) {
      return;
    }
    Timeline.Proved p = timeline.prove(trees, leaves);
    List<Fetcher.Job> writes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Fetched f = items.get(i);
      String where = (f.fromCache() ? "cached lookup/" : "/lookup/") + f.key();
      if (!p.leafOk()[i]) {
        if (f.fromCache()) {
          corrupt.add(f);
          continue;
        }
        throw new VerificationException(where + ": cannot authenticate record data in server response: record "
            + f.response().id() + " is not leaf " + f.response().id() + " of " + p.tree());
      }
      List<String> lines = LookupResult.linesFor(f.module(), f.response().text());
      if (lines.isEmpty() && f.fromCache()) {
        corrupt.add(f); // a genuine record filed under the wrong name: the cache was tampered with
        continue;
      }
      if (lines.isEmpty()) {
        throw new VerificationException(where + ": record " + f.response().id() + " (authenticated in "
            + p.tree() + ") has no go.sum lines for " + f.module() + ": the server answered with another record");
      }
      out.put(f.module(), Outcome.of(new LookupResult(f.module(), f.response().id(), f.response().text(),
          lines, p.tree())));
      if (!f.fromCache()) {
        VerifiedLookup verified = new VerifiedLookup(f.key(), f.body(), p.tree());
        writes.add(() -> {
          try {
            store.writeLookup(verified);
          } catch (IOException | RuntimeException e) {
            // Best effort, as x/mod's WriteCache.
          }
        });
      }
    }
    try {
      fetcher.runBatched(writes, StoreTileReader.WRITE_BATCHES);
    } catch (IOException interrupted) {
      // Best effort: lookups not written yet are fetched again next time.
    }
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

    /** The database's verifier key (required); its name is the database name. */
    public Builder verifierKey(VerifierKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The database name, checked against the key's name (they are the same thing: {@code
     * sum.golang.org}); optional.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where to fetch lookups and tiles; without one the client is offline. */
    public Builder remote(Remote remote) {
      this.remote = remote;
      return this;
    }

    /** Where authenticated data and the latest tree are kept; default: process memory. */
    public Builder store(SumdbStore store) {
      this.store = store;
      return this;
    }

    /**
     * Whether the history's newest tree is read from and written to the store's latest note
     * (default true). With false the history lives in this client's memory only and starts empty
     * (seed it with {@link SumdbClient#merge}); the store still caches lookups and tiles.
     */
    public Builder storeLatest(boolean storeLatest) {
      this.storeLatest = storeLatest;
      return this;
    }

    /** Runs concurrent reads; default: a pool of at most {@link #maxConcurrentRequests} daemon threads. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** The bound on concurrent remote requests (default {@value SumdbClient#DEFAULT_MAX_CONCURRENT_REQUESTS}). */
    public Builder maxConcurrentRequests(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + n);
      }
      this.maxConcurrentRequests = n;
      return this;
    }

    /** The tile height H, 1..30 (default {@value SumdbClient#DEFAULT_TILE_HEIGHT}, sum.golang.org's). */
    public Builder tileHeight(int h) {
      if (h < 1 || h > 30) {
        throw new IllegalArgumentException("tile height must be in 1..30, got " + h);
      }
      this.tileHeight = h;
      return this;
    }

    /** Builds the client. */
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
