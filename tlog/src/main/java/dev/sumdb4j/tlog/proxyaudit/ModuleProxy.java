package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.ResponseTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Go module proxy read over HTTP (the GOPROXY protocol): {@code <base>/<escaped path>/@v/list},
 * {@code @latest}, {@code <version>.mod} and {@code <version>.zip}, through the same HTTP stack as
 * the checksum database ({@link HttpFetcher#stream}: its proxies, {@code .netrc} credentials, extra
 * CAs, redirect policy, retries and failure messages). Bodies are streamed: a zip goes to a file and
 * is hashed (SHA-256 of the bytes served) while it arrives, never held in memory; every body is
 * capped at the largest size its kind of file may have (a larger declared length is refused before
 * any byte is read). A request fails when no byte arrives for the stall timeout (connection, headers
 * or body), so a proxy that stops sending mid-body fails within that time, and when its deadline
 * passes (default {@link #DEFAULT_DEADLINE}; retries included), so a proxy that sends a byte now
 * and then cannot keep a download going for ever. 404 and 410 raise {@link
 * GoneException}; connection failures, 429 and 5xx are retried a few times with backoff (honouring
 * {@code Retry-After}); any other status is an {@link IOException}.
 *
 * <p>A proxy client owns the {@link HttpFetcher} it builds (a pool of up to {@value
 * #MAX_CONNECTIONS} connections): {@link #close} releases it, and a closed client refuses every
 * request with an {@link IllegalStateException}. Types given a proxy client by their caller (as
 * {@link ProxyAuditor}) never close it.
 *
 * <p>Safe for concurrent use; but for {@link #close}, immutable.
 */
public final class ModuleProxy implements AutoCloseable {
  /** The largest {@code @v/list} or {@code @latest} body read: 16 MiB. */
  public static final long MAX_LIST_BYTES = 16L << 20;

  /**
   * The default deadline of one request, retries included: 30 minutes, time for the largest zip
   * the go command accepts (500 MiB) at about 2.3 Mbit/s, a slow but honest link.
   */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);

  /** The most connections to the proxy's host (as many as the largest {@code --jobs}). */
  static final int MAX_CONNECTIONS = 1024;

  private final HttpFetcher http;
  private final String base;
  private final Duration stall;
  private final Duration deadline;

  private ModuleProxy(HttpFetcher http, String base, Duration stall, Duration deadline) {
    this.http = http;
    this.base = base;
    this.stall = stall;
    this.deadline = deadline;
  }

  /** {@return a builder; see its setters for the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Closes the connections to the proxy (idle ones at once, one in use when its request ends).
   * Later requests fail with an {@link IllegalStateException}. Idempotent and safe to call from any
   * thread.
   */
  @Override
  public void close() {
    http.close();
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
    Served s = fetch(path, limit, new Sink() {
      @Override
      public void reset() {
        out.reset();
      }

      @Override
      public void write(byte[] b, int off, int len) {
        out.write(b, off, len);
      }
    });
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
        LinkOption.NOFOLLOW_LINKS)) {
      return fetch(path, limit, new Sink() {
        @Override
        public void reset() throws IOException {
          ch.truncate(0).position(0);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          ByteBuffer buf = ByteBuffer.wrap(b, off, len);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      });
    }
  }

  /**
   * A download kept in the caller's buffer when it fits there, else in its file.
   *
   * @param served what was served
   * @param length how many bytes at the start of the buffer the body is, or -1 when it is in the file
   */
  record Download(Served served, int length) {
    /** {@return whether the body is in the buffer (and no file was made)} */
    boolean inMemory() {
      return length >= 0;
    }
  }

  /**
   * As {@link #download(String, Path, long)}, but keeps the body in {@code buffer} while it fits:
   * {@code file} is made only for a larger body (it then holds the whole body), so that a small zip
   * is not written and read back.
   *
   * @param path the request path, starting with {@code /}
   * @param file the file to write if the body does not fit in {@code buffer}, which must not exist
   * @param limit the largest body accepted, in bytes
   * @param buffer where a body that fits is kept (the caller's, reused: memory stays bounded)
   * @return what was served, and where the body is
   * @throws GoneException on 404 or 410
   * @throws ResponseTooLargeException past {@code limit}
   * @throws IOException on other failures, after retries
   */
  Download download(String path, Path file, long limit, byte[] buffer) throws IOException {
    Spilling sink = new Spilling(file, buffer);
    try (sink) {
      Served s = fetch(path, limit, sink);
      return new Download(s, sink.channel == null ? sink.length : -1);
    }
  }

  /** Keeps a body in a buffer until it outgrows it, then writes it all to a file made then. */
  private static final class Spilling implements Sink, java.io.Closeable {
    private final Path file;
    private final byte[] buffer;
    private int length;
    private FileChannel channel;

    Spilling(Path file, byte[] buffer) {
      this.file = file;
      this.buffer = buffer;
    }

    @Override
    public void reset() throws IOException {
      length = 0;
      if (channel != null) {
        channel.truncate(0).position(0);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (channel == null && len <= buffer.length - length) {
        System.arraycopy(b, off, buffer, length, len);
        length += len;
        return;
      }
      if (channel == null) {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        writeAll(channel, buffer, 0, length);
      }
      writeAll(channel, b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }

  private static void writeAll(FileChannel ch, byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      ch.write(buf);
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

  /** Where a body goes: emptied when an attempt starts, then written. */
  private interface Sink {
    void reset() throws IOException;

    void write(byte[] b, int off, int len) throws IOException;
  }

  private Served fetch(String path, long limit, Sink sink) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("request path must start with /: " + path);
    }
    String url = url(path);
    Capped body = new Capped(url, limit, sink);
    HttpFetcher.Streamed got;
    try {
      got = http.stream(path, stall, deadline, body);
    } catch (NotFoundException e) {
      throw new GoneException(url, e.status() == 410 ? 410 : 404);
    } catch (HostUnavailableException e) {
      // Its message names the host, not what was asked of it.
      throw new IOException("reading " + url + ": " + e.getMessage(), e);
    }
    return new Served(url, got.status(), got.headers(), body.hex(), got.size());
  }

  /** Hashes and writes a body, refusing it past {@code limit} bytes (declared or received). */
  private static final class Capped implements HttpFetcher.BodyReceiver {
    private final String url;
    private final long limit;
    private final Sink sink;
    private final MessageDigest sha;
    private long size;

    Capped(String url, long limit, Sink sink) {
      this.url = url;
      this.limit = limit;
      this.sink = sink;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("bad math: every Java platform has SHA-256", e);
      }
    }

    @Override
    public void start(long declaredLength) throws IOException {
      if (declaredLength > limit) {
        throw tooLarge(url, limit, declaredLength);
      }
      sha.reset();
      size = 0;
      try {
        sink.reset();
      } catch (IOException e) {
        throw new IOException("reading " + url + ": writing the body: " + describe(e), e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      size += len;
      if (size > limit) {
        throw tooLarge(url, limit, -1);
      }
      sha.update(b, off, len);
      try {
        sink.write(b, off, len);
      } catch (IOException e) {
        throw new IOException("reading " + url + ": writing the body: " + describe(e), e);
      }
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  /** A body from {@code url} above {@code limit} bytes ({@code declared}, or -1 if it grew past it). */
  private static ResponseTooLargeException tooLarge(String url, long limit, long declared) {
    return new ResponseTooLargeException(url, limit, declared,
        "reading " + url + ": response larger than " + limit + " bytes");
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  /** Configures a {@link ModuleProxy}. */
  public static final class Builder {
    private String base;
    private Duration stall = Duration.ofSeconds(30);
    private Duration deadline = DEFAULT_DEADLINE;
    private Duration connect = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private String userAgent = HttpFetcher.DEFAULT_USER_AGENT;
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
     * How long one request (a go.mod, a zip, a list) may take in all, however its bytes arrive:
     * every attempt, the backoff between them and any {@code Retry-After} wait (default {@link
     * ModuleProxy#DEFAULT_DEADLINE}). A request still running then fails, naming its URL and the
     * deadline.
     *
     * @param d the deadline, positive
     * @return this builder
     */
    public Builder deadline(Duration d) {
      this.deadline = positive(d);
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
     * The go command's network environment (proxies, {@code .netrc} credentials answering a 401
     * from exactly their host, extra CAs; default: none, a direct connection with the JDK's CAs), as
     * {@link HttpFetcher.Builder#network}.
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
     * @param ua the header's value, printable ASCII
     * @return this builder
     * @throws IllegalArgumentException if {@code ua} is empty or not printable ASCII
     */
    public Builder userAgent(String ua) {
      Objects.requireNonNull(ua, "userAgent");
      if (ua.isEmpty() || ua.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("invalid user agent: " + ua);
      }
      this.userAgent = ua;
      return this;
    }

    /**
     * A new proxy client: HTTP/1.1 through the checksum database's transport, at most {@value
     * ModuleProxy#MAX_CONNECTIONS} connections to the proxy's host.
     *
     * @return the proxy client
     * @throws IllegalStateException if no base URL was set
     */
    public ModuleProxy build() {
      if (base == null) {
        throw new IllegalStateException("baseUri is required");
      }
      HttpFetcher http = HttpFetcher.builder().baseUri(base).connectTimeout(connect).maxRetries(maxRetries)
          .userAgent(userAgent).network(network).maxConnections(MAX_CONNECTIONS).build();
      return new ModuleProxy(http, base, stall, deadline);
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
