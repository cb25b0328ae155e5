package dev.sumdb4j.sumdb;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Go checksum database, set up as the go command would use it: the entry point for embedders.
 *
 * <pre>{@code
 * try (Sumdb sumdb = Sumdb.fromEnvironment()) {     // GOSUMDB, GOPROXY, GOPATH, GONOSUMDB... as go reads them
 *   System.out.println(sumdb.verify(Path.of("go.sum")).summary());
 * }
 * }</pre>
 *
 * <p>It reads the configuration the go command reads (the environment and the go env file),
 * finds the database's URL through GOPROXY as the go command does, caches authenticated data in the
 * go command's own cache ({@code $GOMODCACHE/cache/download/sumdb} and {@code $GOPATH/pkg/sumdb}),
 * and keeps one consistent history of the log's signed trees. Thread-safe and reusable: build one
 * and share it.
 *
 * <p>A database holds network resources: the connection pool of the HTTP client it built, and the
 * thread pools it made. {@link #close} releases them; a database made per request or per tenant
 * must be closed (try-with-resources), or its connections stay open until it is garbage collected.
 * It closes only what it made itself: a {@link Builder#remote}, {@link Builder#executor} or {@link
 * Builder#store} given by the caller stays open, the caller's to close.
 *
 * <p>Failures follow the taxonomy of package {@link dev.sumdb4j}: {@link MalformedInputException}
 * for input the caller gave (a configuration, a go.sum, a module path), a {@link
 * dev.sumdb4j.VerificationException} when the database misbehaved (data failed authentication, it
 * served malformed data, it signed inconsistent trees), a {@link dev.sumdb4j.LocalStateException}
 * when a cache or state file is damaged (offline), and an {@link IOException} when data could not be
 * had (network, offline and not cached).
 */
public final class Sumdb implements AutoCloseable {
  /** The default timeout of each HTTP request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final SumdbConfig config;
  private final SumdbConfig.Database database;
  private final SumdbStore store;
  private final Remote remote;
  private final SumdbClient client;
  /** What this database made and closes: its HTTP client (null if none) and thread pools. */
  private final HttpFetcher fetcher;
  private final List<ExecutorService> pools;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Sumdb(SumdbConfig config, SumdbConfig.Database database, SumdbStore store, Remote remote,
      SumdbClient client, HttpFetcher fetcher, List<ExecutorService> pools) {
    this.config = config;
    this.database = database;
    this.store = store;
    this.remote = remote;
    this.client = client;
    this.fetcher = fetcher;
    this.pools = List.copyOf(pools);
  }

  /**
   * Closes what this database made: the HTTP client's connection pool (idle connections at once,
   * one in use when its request ends) and its thread pools (their threads end once their tasks are
   * done). A remote, executor or store given to the {@link Builder} is the caller's and stays open.
   * Later calls of {@link #verify}, {@link #lookup} and {@link #latest} fail with an {@link
   * IllegalStateException}. Idempotent and safe to call from any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (fetcher != null) {
      fetcher.close();
    }
    pools.forEach(ExecutorService::shutdown);
  }

  /** Whether every thread pool this database made is shut down (tests). */
  boolean poolsShutDown() {
    return pools.stream().allMatch(ExecutorService::isShutdown);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("checksum database " + database.name() + " is closed");
    }
  }

  /**
   * {@return the database the go command would use in this process's environment, online, with
   * the go command's cache} Same as {@code builder().build()}.
   *
   * @throws MalformedInputException if the configuration is invalid, GOSUMDB is off, or the
   *     cache cannot be located (no GOPATH and no home directory)
   */
  public static Sumdb fromEnvironment() throws MalformedInputException {
    return builder().build();
  }

  /** {@return a builder: by default the process's environment, online, with the go command's cache} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies every line of the go.sum file {@code goSum}, as {@code go mod verify} checks it
   * against the database (lines of modules matching GONOSUMDB or GOPRIVATE are skipped). Each
   * line's verdict, and why, is in the report.
   *
   * @param goSum the go.sum file
   * @return one result per line, in line order
   * @throws MalformedInputException if the file is not a valid go.sum
   * @throws dev.sumdb4j.VerificationException if the database misbehaved (then no line is verified;
   *     a fork is a {@code LogMisbehaviorException} with evidence)
   * @throws dev.sumdb4j.LocalStateException if a cache or state file is damaged (offline)
   * @throws IOException if the file cannot be read, or data cannot be had (network; offline and not
   *     cached: {@code MissingDataException})
   * @throws IllegalStateException if this database is closed
   */
  public GoSumReport verify(Path goSum) throws IOException, SumdbException {
    ensureOpen();
    return verify(List.of(GoSumFile.read(goSum)));
  }

  /**
   * Verifies every line of {@code goSums}, looking every module version up once.
   *
   * @param goSums the go.sum files, parsed
   * @return one result per line, in file and line order
   * @throws dev.sumdb4j.VerificationException if the database misbehaved
   * @throws dev.sumdb4j.LocalStateException if a cache or state file is damaged (offline)
   * @throws IOException if data cannot be had
   * @throws IllegalStateException if this database is closed
   */
  public GoSumReport verify(List<GoSumFile> goSums) throws IOException, SumdbException {
    ensureOpen();
    return new GoSumVerifier(client, config::skip).verify(goSums);
  }

  /**
   * Looks up {@code path}@{@code version} and returns the record, authenticated: proved in a signed
   * tree consistent with every tree seen before.
   *
   * @param path the module path
   * @param version the module version, possibly ending in {@code /go.mod}
   * @return the authenticated record
   * @throws MalformedInputException if the module path or version is invalid
   * @throws dev.sumdb4j.tlog.http.NotFoundException if the database does not know the module version
   * @throws dev.sumdb4j.VerificationException if the database misbehaved
   * @throws dev.sumdb4j.LocalStateException if a cache or state file is damaged (offline)
   * @throws IOException if data cannot be had
   * @throws IllegalStateException if this database is closed
   */
  public LookupResult lookup(String path, String version) throws IOException, SumdbException {
    ensureOpen();
    return client.lookup(path, version);
  }

  /**
   * {@return the newest signed tree: online, the database's {@code /latest}, proved consistent with
   * the stored history (which it then advances); offline, the stored one (the empty tree if none)}
   *
   * @throws dev.sumdb4j.VerificationException if the database misbehaved (a bad signature, a
   *     malformed note, a tree inconsistent with the history)
   * @throws dev.sumdb4j.LocalStateException if the stored latest note is damaged
   * @throws IOException if the database cannot be reached, or the proof's tiles cannot be had
   * @throws IllegalStateException if this database is closed
   */
  public SignedTree latest() throws IOException, SumdbException {
    ensureOpen();
    if (remote == null) {
      return client.mergeStored();
    }
    byte[] body = remote.get("/latest");
    try {
      return client.merge("/latest", body); // the note is verified once, first
    } catch (MalformedInputException e) {
      throw new MalformedResponseException(e); // the server's data, not the caller's
    }
  }

  /** {@return whether this database is used offline (the cache only)} */
  public boolean isOffline() {
    return remote == null;
  }

  /** {@return the configuration read (GOSUMDB, GOPROXY, GONOSUMDB, GOPRIVATE, GOPATH...)} */
  public SumdbConfig config() {
    return config;
  }

  /** {@return the database: its name, verifier key and URL} */
  public SumdbConfig.Database database() {
    return database;
  }

  /** {@return where authenticated data is cached} */
  public SumdbStore store() {
    return store;
  }

  /** {@return where data is read from; empty offline} */
  public Optional<Remote> remote() {
    return Optional.ofNullable(remote);
  }

  /** {@return the client underneath, for what this class does not offer (batches, proofs, hash readers)} */
  public SumdbClient client() {
    return client;
  }

  @Override
  public String toString() {
    return "Sumdb{" + database.name() + (remote == null ? ", offline" : "") + ", " + store
        + (closed.get() ? ", closed" : "") + "}";
  }

  /** Configures a {@link Sumdb}; every setting has the go command's default. */
  public static final class Builder {
    private Map<String, String> environment;
    private String gosumdb;
    private Path gopath;
    private SumdbStore store;
    private boolean offline;
    private Remote remote;
    private Executor executor;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /**
     * Sets the environment to read the configuration from (default: this process's, {@link
     * System#getenv()}).
     *
     * @param environment the environment variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Sets the database, as a GOSUMDB value: a name ({@code sum.golang.org}), a verifier key, either
     * followed by a URL (default: the environment's GOSUMDB, else sum.golang.org).
     *
     * @param gosumdb the GOSUMDB value
     * @return this builder
     */
    public Builder gosumdb(String gosumdb) {
      this.gosumdb = Objects.requireNonNull(gosumdb, "gosumdb");
      return this;
    }

    /**
     * Sets the GOPATH whose cache is used: {@code <gopath>/pkg/mod/cache/download/sumdb} and {@code
     * <gopath>/pkg/sumdb} (default: the environment's GOPATH and GOMODCACHE, as the go command).
     *
     * @param gopath the GOPATH directory
     * @return this builder
     */
    public Builder gopath(Path gopath) {
      this.gopath = Objects.requireNonNull(gopath, "gopath");
      return this;
    }

    /**
     * Sets where authenticated data is cached instead of the go command's cache, for example a
     * {@code MemoryStore} to keep nothing on disk.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(SumdbStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets whether to use the cache only, with no network (default false).
     *
     * @param offline whether to stay offline
     * @return this builder
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /**
     * Sets where to read the database from instead of its URL (found through GOPROXY): a custom
     * transport, or a test server. Ignored offline.
     *
     * @param remote the remote
     * @return this builder
     */
    public Builder remote(Remote remote) {
      this.remote = Objects.requireNonNull(remote, "remote");
      return this;
    }

    /**
     * Sets what runs the concurrent lookups and tile reads (default: a pool of daemon threads whose
     * idle threads end). HTTP responses are handled by a small pool of daemon threads of this
     * database's.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the timeout of each HTTP request (default 30 s); connecting takes at most 10 s of it.
     *
     * @param timeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("request timeout must be positive, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Reads the configuration and builds the database. Nothing is fetched yet.
     *
     * @return the database
     * @throws MalformedInputException if the configuration is invalid, GOSUMDB is off, or the
     *     cache cannot be located (no GOPATH and no home directory) and no store was given
     */
    public Sumdb build() throws MalformedInputException {
      Map<String, String> env = new HashMap<>(environment != null ? environment : System.getenv());
      if (gosumdb != null) {
        env.put("GOSUMDB", gosumdb);
      }
      if (gopath != null) {
        env.put("GOPATH", gopath.toString());
        env.remove("GOMODCACHE");
      }
      SumdbConfig config = SumdbConfig.fromEnvironment(env);
      if (config.off()) {
        throw new MalformedInputException("GOSUMDB", -1, "checksum database disabled by GOSUMDB=off");
      }
      SumdbConfig.Database database;
      SumdbStore s = store;
      try {
        database = config.requireDatabase();
        if (s == null) {
          s = DiskStore.of(config);
        }
      } catch (SumdbException e) {
        throw new MalformedInputException("the environment", 0, -1, e.getMessage(), e);
      }
      Remote r = null;
      HttpFetcher fetcher = null;
      List<ExecutorService> pools = new ArrayList<>();
      if (!offline) {
        if (remote != null) {
          r = remote;
        } else {
          ExecutorService http = DaemonThreads.pool("sumdb4j-http", 4); // this database's; idle threads end
          pools.add(http);
          fetcher = fetcher(database, env, http);
          try {
            r = SumdbEndpoint.of(config, fetcher).remote();
          } catch (SumdbException e) {
            fetcher.close();
            http.shutdown();
            throw new MalformedInputException("the environment", 0, -1, e.getMessage(), e);
          }
        }
      }
      SumdbClient.Builder b = SumdbClient.builder().verifierKey(database.verifier()).store(s).remote(r);
      if (executor != null) {
        b.executor(executor);
      } else {
        // The client's default pool, made here so that close() can shut it down.
        ExecutorService own = DaemonThreads.pool("sumdb4j-client", SumdbClient.DEFAULT_MAX_CONCURRENT_REQUESTS);
        pools.add(own);
        b.executor(own);
      }
      return new Sumdb(config, database, s, r, b.build(), fetcher, pools);
    }

    private HttpFetcher fetcher(SumdbConfig.Database database, Map<String, String> env, ExecutorService http)
        throws MalformedInputException {
      return HttpFetcher.builder()
          .network(NetworkEnvironment.from(env)) // proxies, extra CAs and .netrc, as the go command
          .baseUri(database.url().orElse(database.directUrl()))
          .requestTimeout(requestTimeout)
          .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? requestTimeout : Duration.ofSeconds(10))
          .executor(http)
          .build();
    }
  }
}
