package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A Go module proxy read over HTTP (the GOPROXY protocol): {@code <base>/<escaped path>/@v/list},
 * {@code @latest}, {@code <version>.mod} and {@code <version>.zip}. Bodies are streamed: a zip goes
 * to a file and is hashed (SHA-256 of the bytes served) while it arrives, never held in memory;
 * every body is capped at the largest size its kind of file may have. A request fails when no byte
 * arrives for the stall timeout (connection, headers or body), so a proxy that stops sending mid-body
 * fails within that time. 404 and 410 raise {@link GoneException}; connection failures, 429 and 5xx
 * are retried a few times with backoff; any other status is an {@link IOException}.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class ModuleProxy {
  /** The largest {@code @v/list} or {@code @latest} body read: 16 MiB. */
  public static final long MAX_LIST_BYTES = 16L << 20;

  private final HttpClient http;
  private final String base;
  private final Duration stall;
  private final int maxRetries;
  private final String userAgent;

  private ModuleProxy(HttpClient http, String base, Duration stall, int maxRetries, String userAgent) {
    this.http = http;
    this.base = base;
    this.stall = stall;
    this.maxRetries = maxRetries;
    this.userAgent = userAgent;
  }

  /** {@return a builder; see its setters for the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the proxy's base URL} */
  public String base() {
    return base;
  }

  /**
   * The full URL of a request path (the base without trailing {@code /}, then {@code path}).
   *
   * @param path the request path, starting with {@code /}
   * @return the URL
   */
  public String url(String path) {
    String b = base;
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b + path;
  }

  /**
   * The request path of a version's go.mod.
   *
   * @param mv the module version
   * @return {@code /<escaped path>/@v/<escaped version>.mod}
   */
  public static String modPath(ModuleVersion mv) {
    return versionPath(mv) + ".mod";
  }

  /**
   * The request path of a version's zip.
   *
   * @param mv the module version
   * @return {@code /<escaped path>/@v/<escaped version>.zip}
   */
  public static String zipPath(ModuleVersion mv) {
    return versionPath(mv) + ".zip";
  }

  private static String versionPath(ModuleVersion mv) {
    try {
      return "/" + ModulePaths.escapePath(mv.path()) + "/@v/" + ModulePaths.escapeVersion(mv.version());
    } catch (MalformedInputException e) {
      throw new AssertionError("bad math: a checked module version must escape", e);
    }
  }

  /**
   * A body held in memory, with what was served.
   *
   * @param served what was served
   * @param body the body
   */
  public record Fetched(Served served, byte[] body) {
    /**
     * Copies the body.
     *
     * @param served what was served
     * @param body the body
     */
    public Fetched {
      Objects.requireNonNull(served, "served");
      body = body.clone();
    }

    /** {@return a copy of the body} */
    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * Reads {@code path} (starting with {@code /}) into memory, at most {@code limit} bytes.
   *
   * @param path the request path, starting with {@code /}
   * @param limit the largest body accepted, in bytes
   * @return the body and what was served
   * @throws GoneException on 404 or 410
   * @throws ResponseTooLargeException past {@code limit}
   * @throws IOException on other failures, after retries
   */
  public Fetched get(String path, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Served s = fetch(path, limit, b -> {
      if (b.hasArray()) {
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      } else {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        out.write(copy, 0, copy.length);
      }
    }, out::reset);
    return new Fetched(s, out.toByteArray());
  }

  /**
   * Streams {@code path} into {@code file} (created, or emptied on a retry; never a link), at most
   * {@code limit} bytes, hashing the bytes as they arrive.
   *
   * @param path the request path, starting with {@code /}
   * @param file the file to write, which must not exist
   * @param limit the largest body accepted, in bytes
   * @return what was served
   * @throws GoneException on 404 or 410
   * @throws ResponseTooLargeException past {@code limit}
   * @throws IOException on other failures, after retries
   */
  public Served download(String path, Path file, long limit) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return fetch(path, limit, b -> {
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }, () -> ch.truncate(0).position(0));
    }
  }

  /**
   * The versions the proxy lists for {@code modulePath}: the lines of {@code @v/list} (blank lines
   * dropped, duplicates kept once, in order), then the {@code Version} of {@code @latest} if not
   * listed. A 404 or 410 for either is an empty answer for it.
   *
   * @param modulePath the module path
   * @return the versions, each once, in order
   * @throws IOException on failures other than 404/410
   * @throws MalformedInputException if the path is invalid or {@code @latest} is not JSON with a Version
   */
  public List<String> list(String modulePath) throws IOException, MalformedInputException {
    String esc = "/" + ModulePaths.escapePath(modulePath) + "/@";
    List<String> out = new ArrayList<>();
    try {
      String text = new String(get(esc + "v/list", MAX_LIST_BYTES).body(), StandardCharsets.UTF_8);
      for (String line : text.split("\n", -1)) {
        String v = line.strip();
        int space = v.indexOf(' ');
        if (space >= 0) {
          v = v.substring(0, space); // Go's proxy list lines may carry a time after the version
        }
        if (!v.isEmpty() && !out.contains(v)) {
          out.add(v);
        }
      }
    } catch (GoneException e) {
      // no list
    }
    try {
      Fetched latest = get(esc + "latest", MAX_LIST_BYTES);
      String v = LatestInfo.version(url(esc + "latest"), latest.body());
      if (!out.contains(v)) {
        out.add(v);
      }
    } catch (GoneException e) {
      // no latest
    }
    return out;
  }

  @FunctionalInterface
  private interface Reset {
    void reset() throws IOException;
  }

  private Served fetch(String path, long limit, BodySink.Sink sink, Reset reset) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("request path must start with /: " + path);
    }
    String url = url(path);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + url + ": " + e.getMessage(), e);
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(uri, url, limit, sink);
      } catch (RetryableException e) {
        if (attempt >= maxRetries) {
          throw e.failure;
        }
        reset.reset();
        sleep(Duration.ofMillis(Math.min(8000, 250L << attempt)), url);
      }
    }
  }

  private static void sleep(Duration d, String url) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading " + url);
    }
  }

  /** A failure worth another attempt. */
  private static final class RetryableException extends Exception {
    final IOException failure;

    RetryableException(IOException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  private Served attempt(URI uri, String url, long limit, BodySink.Sink sink) throws IOException, RetryableException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().header("User-Agent", userAgent).timeout(stall);
    BodySink body = new BodySink(url, limit, sink);
    CompletableFuture<HttpResponse<Long>> f = http.sendAsync(rb.build(), info -> {
      if (info.statusCode() == 200) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limit) {
          return HttpResponse.BodySubscribers.replacing(-2L);
        }
        return body;
      }
      return HttpResponse.BodySubscribers.replacing(-1L);
    });
    body.watch(f, stall);
    HttpResponse<Long> resp;
    try {
      resp = f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      body.abort(new InterruptedIOException("interrupted reading " + url));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading " + url);
    } catch (java.util.concurrent.CancellationException e) {
      throw body.failure != null ? body.failure : new IOException("reading " + url + ": cancelled");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (body.failure != null) {
        throw body.failure;
      }
      IOException io = c instanceof IOException x ? x : new IOException(c);
      IOException wrapped = new IOException("reading " + url + ": " + describe(c), io);
      if (c instanceof HttpConnectTimeoutException || c instanceof ConnectException
          || (c instanceof IOException && !(c instanceof java.net.http.HttpTimeoutException)
              && !(c instanceof javax.net.ssl.SSLHandshakeException))) {
        throw new RetryableException(wrapped);
      }
      throw wrapped;
    }
    int status = resp.statusCode();
    if (status == 200) {
      if (resp.body() == -2L) {
        throw new ResponseTooLargeException(url, limit);
      }
      return new Served(url, status, resp.headers().map(), body.hex(), body.size);
    }
    if (status == 404 || status == 410) {
      throw new GoneException(url, status);
    }
    IOException failure = new IOException("reading " + url + ": " + status);
    if (status == 429 || status >= 500) {
      throw new RetryableException(failure);
    }
    throw failure;
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  /** Configures a {@link ModuleProxy}. */
  public static final class Builder {
    private String base;
    private Duration stall = Duration.ofSeconds(30);
    private Duration connect = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private String userAgent = dev.sumdb4j.tlog.http.HttpFetcher.DEFAULT_USER_AGENT;
    private Executor executor;
    private NetworkEnvironment network = NetworkEnvironment.none();

    private Builder() {}

    /**
     * The proxy's base URL, http or https (one GOPROXY entry). Required.
     *
     * @param url the base URL
     * @return this builder
     * @throws MalformedInputException if {@code url} is not {@code http(s)://host[:port][/path]}
     */
    public Builder baseUri(String url) throws MalformedInputException {
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        throw new MalformedInputException("proxy URL", -1, "invalid proxy URL " + url + ": " + e.getMessage());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new MalformedInputException("proxy URL", -1, "proxy URL must be http or https: " + url);
      }
      if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
        throw new MalformedInputException("proxy URL", -1, "proxy URL must be scheme://host[:port][/path]: " + url);
      }
      this.base = url;
      return this;
    }

    /**
     * How long a request may go without receiving a byte (default 30 s).
     *
     * @param d the timeout, positive
     * @return this builder
     */
    public Builder stallTimeout(Duration d) {
      this.stall = positive(d);
      return this;
    }

    /**
     * How long to wait for a connection (default 10 s).
     *
     * @param d the timeout, positive
     * @return this builder
     */
    public Builder connectTimeout(Duration d) {
      this.connect = positive(d);
      return this;
    }

    /**
     * Retries on connection failures, 429 and 5xx (default 3).
     *
     * @param n the number of retries, not negative
     * @return this builder
     */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries < 0");
      }
      this.maxRetries = n;
      return this;
    }

    /**
     * The HttpClient's executor (default: its own).
     *
     * @param e the executor, or null for the client's own
     * @return this builder
     */
    public Builder executor(Executor e) {
      this.executor = e;
      return this;
    }

    /**
     * The go command's network environment (HTTP proxies, {@code .netrc} credentials answering a
     * 401 from exactly their host, extra CAs; default: none, a direct connection with the JDK's CAs).
     *
     * @param network the network environment
     * @return this builder
     */
    public Builder network(NetworkEnvironment network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /**
     * The {@code User-Agent} header.
     *
     * @param ua the header's value
     * @return this builder
     */
    public Builder userAgent(String ua) {
      this.userAgent = Objects.requireNonNull(ua, "userAgent");
      return this;
    }

    /** {@return a new proxy client} */
    public ModuleProxy build() {
      if (base == null) {
        throw new IllegalStateException("baseUri is required");
      }
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connect)
          .followRedirects(HttpClient.Redirect.NORMAL);
      if (base.regionMatches(true, 0, "http:", 0, 5)) {
        b.version(HttpClient.Version.HTTP_1_1);
      }
      if (executor != null) {
        b.executor(executor);
      }
      network.configure(b, base.regionMatches(true, 0, "http:", 0, 5));
      return new ModuleProxy(b.build(), base, stall, maxRetries, userAgent);
    }

    private static Duration positive(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      return d;
    }
  }

  @Override
  public String toString() {
    return "ModuleProxy{" + base + "}";
  }
}
