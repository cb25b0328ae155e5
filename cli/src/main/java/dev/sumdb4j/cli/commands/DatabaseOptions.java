package dev.sumdb4j.cli.commands;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.sumdb.Sumdb;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.http.Remote;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of commands that talk to the checksum database (a picocli mixin): which one, online
 * or not, timeouts; {@link #open} turns them into the library's {@link Sumdb} (configuration,
 * GOPROXY probing, HTTP fetcher, cache, client), with the CLI's usage errors.
 */
public final class DatabaseOptions {
  /** The command these options belong to (null when made by hand): its run owns the HTTP threads. */
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--offline", description = "use only the local cache (GOMODCACHE and GOPATH), no network")
  boolean offline;

  @Option(names = "--gosumdb", paramLabel = "VALUE",
      description = "the database, as GOSUMDB: a name, a verifier key, either followed by a URL"
          + " (overrides the GOSUMDB environment variable)")
  String gosumdb;

  @Option(names = "--gopath", paramLabel = "DIR",
      description = "use DIR as GOPATH and DIR/pkg/mod as the module cache, whatever GOPATH and"
          + " GOMODCACHE say (e.g. the repository's examples/gopath)")
  Path gopath;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "timeout of each HTTP request in seconds, retries and Retry-After waits included"
          + " (default: ${DEFAULT-VALUE})")
  int timeoutSeconds = 30;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "120",
      description = "give up on the database after this many seconds in all; in audit proxy, for each batch"
          + " of lookups (up to 256 module versions), not the whole run (default: ${DEFAULT-VALUE})")
  int deadlineSeconds = 120;

  /** Whether {@code --offline} was given. */
  public boolean offline() {
    return offline;
  }

  /** The configuration from {@code environment}, with {@code --gosumdb} and {@code --gopath} applied. */
  SumdbConfig config(Map<String, String> environment) throws UserInputException {
    if (gopath == null) {
      return config(environment, gosumdb);
    }
    Path dir = gopath.toAbsolutePath().normalize();
    Map<String, String> env = new HashMap<>(environment);
    env.put("GOPATH", dir.toString());
    env.put("GOMODCACHE", dir.resolve("pkg").resolve("mod").toString());
    return config(env, gosumdb);
  }

  /**
   * The configuration from {@code environment}, with {@code gosumdb} (if not null) as GOSUMDB.
   *
   * @throws UserInputException if the configuration is invalid
   */
  public static SumdbConfig config(Map<String, String> environment, String gosumdb) throws UserInputException {
    Map<String, String> env = new HashMap<>(environment);
    if (gosumdb != null) {
      env.put("GOSUMDB", gosumdb);
    }
    try {
      return SumdbConfig.fromEnvironment(env);
    } catch (MalformedInputException e) {
      throw new UserInputException("invalid configuration", e);
    }
  }

  /**
   * The network environment in {@code environment} (SSL_CERT_FILE, SSL_CERT_DIR).
   *
   * @throws UserInputException if it is unusable (an unreadable SSL_CERT_FILE, a malformed certificate)
   */
  public static NetworkEnvironment network(Map<String, String> environment) throws UserInputException {
    try {
      return NetworkEnvironment.from(environment);
    } catch (MalformedInputException e) {
      throw new UserInputException("invalid network configuration", e);
    }
  }

  private static HttpFetcher.Builder builder(SumdbConfig.Database database, int timeoutSeconds,
      NetworkEnvironment network) {
    return HttpFetcher.builder()
        .network(network)
        .baseUri(database.url().orElse(database.directUrl()))
        .requestTimeout(Duration.ofSeconds(timeoutSeconds))
        .connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10)));
  }

  /**
   * The fetcher of {@code database} (its URL, or the proxy's through {@code SumdbEndpoint}) for one run,
   * with {@code timeoutSeconds} per request (its retries included) and at most 10 s to connect: no request is sent after {@code deadlineSeconds}, nor to a
   * host that could not be reached once ({@link HttpFetcher.Builder#failFast}).
   *
   * @param database the database whose URL the fetcher reads
   * @param timeoutSeconds the budget of one request, retries included
   * @param deadlineSeconds the budget of the whole run
   * @param network the proxies, CAs and credentials to use
   * @return the fetcher
   */
  public static HttpFetcher oneShotFetcher(SumdbConfig.Database database, int timeoutSeconds, int deadlineSeconds,
      NetworkEnvironment network) {
    return builder(database, timeoutSeconds, network).failFast(true)
        .deadline(Duration.ofSeconds(deadlineSeconds)).build();
  }

  /**
   * Opens the configured database: its disk cache and, unless {@code --offline}, its remote.
   *
   * @throws UserInputException if the configuration is invalid or the database is off
   */
  public Session open(Map<String, String> environment) throws UserInputException, SumdbException {
    if (timeoutSeconds < 1) {
      throw new UserInputException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    if (deadlineSeconds < 1) {
      throw new UserInputException("--deadline must be at least 1 second, got " + deadlineSeconds);
    }
    SumdbConfig config = config(environment);
    if (config.off()) {
      throw new UserInputException("checksum database disabled by GOSUMDB=off");
    }
    SumdbConfig.Database database = config.requireDatabase();
    warnIfForeignKey(database);
    DiskStore store;
    try {
      store = DiskStore.of(config);
    } catch (SumdbException e) { // no GOPATH, GOMODCACHE or HOME: a configuration error
      throw new UserInputException(e.getMessage() + " (and no $HOME): set GOPATH or give --gopath DIR", e);
    }
    Sumdb.Builder b = Sumdb.builder().environment(environment).store(store).offline(offline)
        .requestTimeout(Duration.ofSeconds(timeoutSeconds));
    LazyRemote lazy = null;
    if (!offline) {
      NetworkEnvironment network = network(environment); // a bad SSL_CERT_FILE is a usage error now
      lazy = new LazyRemote(() -> oneShotFetcher(database, timeoutSeconds, deadlineSeconds, network),
          fetcher -> SumdbEndpoint.of(config, fetcher).remote());
      b.remote(lazy);
    }
    if (gosumdb != null) {
      b.gosumdb(gosumdb);
    }
    Sumdb sumdb;
    try {
      sumdb = b.build();
    } catch (MalformedInputException e) {
      throw new UserInputException("invalid configuration", e);
    }
    LazyRemote run = lazy;
    return new Session(config, database, store, sumdb.remote().orElse(null), sumdb, () -> {
      if (run != null) {
        run.newRun();
      }
    });
  }

  /**
   * Warns (on the command's standard error) when GOSUMDB gives the name {@code sum.golang.org}
   * another key than its published one: the go command accepts that, and every verdict then reads
   * "against sum.golang.org" while only that key vouches for it (an environment a CI job does not
   * control can set it), and the run keeps its notes in sum.golang.org's own cache directory.
   */
  private void warnIfForeignKey(SumdbConfig.Database database) {
    if (mixee == null || !database.name().equals(SumdbConfig.DEFAULT_GOSUMDB)
        || database.verifier().toString().equals(SumdbConfig.SUM_GOLANG_ORG_KEY)) {
      return;
    }
    java.io.PrintWriter err = mixee.commandLine().getErr();
    err.println("sumdb4j: warning: GOSUMDB gives " + database.name() + " the key " + database.verifier()
        + ", not its published key " + SumdbConfig.SUM_GOLANG_ORG_KEY
        + ": results below are vouched for by that key only");
    err.flush();
  }

  /**
   * A remote set up on its first request: a run that finds everything it needs in the cache builds
   * no HTTP client and no TLS context (about 25 ms and a few hundred classes of a short run).
   */
  private static final class LazyRemote implements Remote, AutoCloseable {
    /** Makes the remote on the fetcher; throws only what {@link SumdbEndpoint#of(SumdbConfig, HttpFetcher)} does. */
    interface Maker {
      Remote make(HttpFetcher fetcher) throws SumdbException;
    }

    private final java.util.function.Supplier<HttpFetcher> fetchers;
    private final Maker maker;
    private volatile Remote remote;
    private volatile HttpFetcher fetcher; // the one made, closed by close()
    private boolean closed;

    LazyRemote(java.util.function.Supplier<HttpFetcher> fetchers, Maker maker) {
      this.fetchers = fetchers;
      this.maker = maker;
    }

    /** Closes the fetcher made, if any; no fetcher is made afterwards. */
    @Override
    public synchronized void close() {
      closed = true;
      if (fetcher != null) {
        fetcher.close();
      }
    }

    @Override
    public byte[] get(String path) throws java.io.IOException {
      Remote r = remote;
      if (r == null) {
        synchronized (this) {
          r = remote;
          if (r == null) {
            if (closed) {
              throw new IllegalStateException("the session is closed");
            }
            if (fetcher == null) {
              fetcher = fetchers.get();
            }
            try {
              r = maker.make(fetcher);
            } catch (SumdbException e) { // GOSUMDB=off was refused before: cannot happen
              throw new java.io.IOException(e.getMessage(), e);
            }
            remote = r;
          }
        }
      }
      return r.get(path);
    }

    /** Starts a new run of the fetcher, if made ({@link HttpFetcher#newRun}). */
    void newRun() {
      HttpFetcher f = fetcher;
      if (f != null) {
        f.newRun();
      }
    }
  }

  /**
   * An opened database: the library's {@link Sumdb}, with the parts commands use. Close it when
   * done (its connection pool).
   *
   * @param config the configuration
   * @param database the database
   * @param store its disk cache
   * @param remote where to fetch from; null offline
   * @param sumdb the database as the library sets it up
   * @param newRun starts a new run of the remote: {@code --deadline} counts again from now, and a host that
   *     failed is tried again (for a long command made of one-shot steps: audit proxy's lookup batches)
   */
  public record Session(SumdbConfig config, SumdbConfig.Database database, DiskStore store, Remote remote,
      Sumdb sumdb, Runnable newRun) implements AutoCloseable {
    /** Closes the database and the HTTP client made for it, if one was made. Idempotent. */
    @Override
    public void close() {
      sumdb.close();
      if (remote instanceof LazyRemote lazy) {
        lazy.close();
      }
    }

    /** Whether there is no remote. */
    public boolean offline() {
      return remote == null;
    }

    /** The client of the database, keeping its history in the store (one per session, thread-safe). */
    public SumdbClient client() {
      return sumdb.client();
    }
  }
}
