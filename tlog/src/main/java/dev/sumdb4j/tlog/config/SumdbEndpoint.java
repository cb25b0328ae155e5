package dev.sumdb4j.tlog.config;

import dev.sumdb4j.tlog.http.FileRemote;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a checksum database is read from, found as the go command finds it: the URL given in
 * GOSUMDB if any; else the first GOPROXY entry whose {@code <proxy>/sumdb/<name>/supported}
 * answers 200 (then used for good); a 404 or 410 moves on to the next entry, as does any error
 * on an entry followed by {@code |}; any other error on an entry followed by {@code ,} is fatal.
 * Reaching {@code direct} means {@code https://<name>}; reaching {@code off} or the end of the
 * list means {@code https://<name>} too, unless a proxy failed with something other than
 * not-found on the way (then that failure is fatal, as in the go command's {@code TryProxies}).
 *
 * <p>The discovery runs once, on first use, and its outcome (including a fatal error) is kept
 * for the life of this object, as in the go command. Safe for concurrent use.
 *
 * <p>An endpoint made by {@link #of(SumdbConfig)} owns the {@link HttpFetcher} it built, and {@link
 * #close} closes it; one given a fetcher or a factory of remotes by its caller owns nothing, and
 * closing it leaves them open (they are the caller's to close).
 */
public final class SumdbEndpoint implements AutoCloseable {
  private final SumdbConfig.Database database;
  private final List<SumdbConfig.ProxyEntry> proxies;
  private final Function<String, Remote> remotes;
  /** The fetcher this endpoint built, closed with it; null if it was given one. */
  private final HttpFetcher owned;
  private final Object lock = new Object();
  private String base;
  private IOException failure;
  private Remote remote;

  private SumdbEndpoint(SumdbConfig.Database database, List<SumdbConfig.ProxyEntry> proxies,
      Function<String, Remote> remotes, HttpFetcher owned) {
    this.database = Objects.requireNonNull(database, "database");
    this.proxies = List.copyOf(proxies);
    this.remotes = Objects.requireNonNull(remotes, "remotes");
    this.owned = owned;
  }

  /**
   * The endpoint of {@code database} reached through {@code proxies}; {@code remotes} makes a
   * {@link Remote} for a base URL (it is called for probes and for the chosen base).
   *
   * @param database the checksum database
   * @param proxies the GOPROXY entries, in order
   * @param remotes makes the {@link Remote} for a base URL
   * @return the endpoint, not yet resolved
   */
  public static SumdbEndpoint of(SumdbConfig.Database database, List<SumdbConfig.ProxyEntry> proxies,
      Function<String, Remote> remotes) {
    return new SumdbEndpoint(database, proxies, remotes, null);
  }

  /**
   * The endpoint for {@code config}'s database with a default {@link HttpFetcher}, which the
   * endpoint owns: {@link #close} closes it.
   *
   * @param config the GOSUMDB and GOPROXY configuration
   * @return the endpoint, not yet resolved
   * @throws dev.sumdb4j.SumdbException if GOSUMDB is off
   */
  public static SumdbEndpoint of(SumdbConfig config) throws dev.sumdb4j.SumdbException {
    SumdbConfig.Database db = config.requireDatabase();
    HttpFetcher fetcher = HttpFetcher.builder().baseUri(db.directUrl()).build();
    return new SumdbEndpoint(db, config.proxies(), remotes(fetcher), fetcher);
  }

  /**
   * The endpoint for {@code config}'s database, reading {@code http(s)} through {@code fetcher}'s
   * settings, connection pool and request counter (its own base URL is not used) and {@code
   * file://} bases from disk. The fetcher stays the caller's: closing the endpoint leaves it open.
   *
   * @param config the GOSUMDB and GOPROXY configuration
   * @param fetcher the fetcher whose settings, pool and counter {@code http(s)} bases share
   * @return the endpoint, not yet resolved
   * @throws dev.sumdb4j.SumdbException if GOSUMDB is off
   */
  public static SumdbEndpoint of(SumdbConfig config, HttpFetcher fetcher) throws dev.sumdb4j.SumdbException {
    Objects.requireNonNull(fetcher, "fetcher");
    return new SumdbEndpoint(config.requireDatabase(), config.proxies(), remotes(fetcher), null);
  }

  private static Function<String, Remote> remotes(HttpFetcher fetcher) {
    return base -> isFile(base) ? FileRemote.of(base, 16L << 20) : fetcher.withBase(base);
  }

  /**
   * Closes the {@link HttpFetcher} this endpoint built, if it built one (then later requests through
   * {@link #remote} fail with an {@link IllegalStateException}); a fetcher or remotes given by the
   * caller are left open. Idempotent and safe to call from any thread.
   */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }

  private static boolean isFile(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("file:");
  }

  /**
   * {@return the database's name}
   */
  public String name() {
    return database.name();
  }

  /**
   * The base URL every request is joined to, discovering it on the first call.
   *
   * @return the base URL, direct or through a proxy
   * @throws IOException the fatal proxy error, on this and every later call
   */
  public String baseUrl() throws IOException {
    synchronized (lock) {
      resolve();
      return base;
    }
  }

  /**
   * {@return a {@link Remote} that resolves the base URL on first use, then reads from it}
   */
  public Remote remote() {
    return path -> current().get(path);
  }

  private Remote current() throws IOException {
    synchronized (lock) {
      resolve();
      if (remote == null) {
        remote = remotes.apply(base);
      }
      return remote;
    }
  }

  private void resolve() throws IOException {
    if (failure != null) {
      throw copy(failure);
    }
    if (base != null) {
      return;
    }
    try {
      base = discover();
    } catch (IOException e) {
      failure = e;
      throw copy(e);
    }
  }

  private static IOException copy(IOException e) {
    IOException c = e instanceof NotFoundException
        ? new NotFoundException(((NotFoundException) e).url(), e.getMessage()) : new IOException(e.getMessage());
    c.initCause(e);
    return c;
  }

  private String discover() throws IOException {
    if (database.url().isPresent()) {
      return database.url().get();
    }
    // As the go command's TryProxies: a failure that was fallen through (after a '|') is still
    // reported if no later proxy answers and no "direct" entry is reached.
    IOException proxyError = null;
    for (SumdbConfig.ProxyEntry p : proxies) {
      if (p.url().equals("direct")) {
        return database.directUrl();
      }
      if (p.url().equals("off")) {
        break;
      }
      String candidate = join(p.url(), "sumdb/" + database.name());
      try {
        checkUsable(candidate);
        remotes.apply(candidate).get("/supported");
        return candidate;
      } catch (NotFoundException e) {
        continue;
      } catch (IOException e) {
        proxyError = e;
        if (!p.fallBackOnError()) {
          break;
        }
      }
    }
    if (proxyError != null) {
      throw proxyError;
    }
    return database.directUrl();
  }

  /** The go command's {@code web.Join}: one trailing slash of {@code base} is dropped, no more. */
  private static String join(String base, String path) {
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + path;
  }

  /**
   * Fails, as a failure of this proxy (so that {@code |} falls through as in the go command), for
   * what sumdb4j does not send: credentials in a plain-http URL (the go command refuses them too,
   * in the same words), credentials in an https URL (the go command sends them; sumdb4j reads
   * credentials from .netrc only), a query or a fragment. The password is never shown.
   */
  private static void checkUsable(String base) throws IOException {
    if (isFile(base)) {
      return;
    }
    URI u;
    try {
      u = new URI(base);
    } catch (URISyntaxException e) {
      throw new IOException("invalid GOPROXY URL " + Gosumdb.redactUserInfo(base) + ": " + e.getReason());
    }
    String shown = Gosumdb.redactUserInfo(base);
    if (u.getRawUserInfo() != null) {
      throw new IOException("http".equalsIgnoreCase(u.getScheme())
          ? "refusing to pass credentials to insecure URL: " + shown + "/supported"
          : "reading " + shown + "/supported: credentials in a GOPROXY URL are not supported;"
              + " put them in .netrc (NETRC or ~/.netrc) instead");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IOException("reading " + shown + "/supported: a GOPROXY URL with a query or fragment is not supported");
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "SumdbEndpoint{" + database.name() + " at "
          + (base != null ? base : failure != null ? "(failed: " + failure.getMessage() + ")" : "(not yet resolved)") + "}";
    }
  }
}
