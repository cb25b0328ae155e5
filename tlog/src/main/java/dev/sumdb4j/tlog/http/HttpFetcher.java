package dev.sumdb4j.tlog.http;

import dev.sumdb4j.internal.Codecs;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Reads a checksum database (or a proxy of one) over HTTP with {@link java.net.http.HttpClient}
 * (HTTP/2 when the server offers it).
 *
 * <p>A request path is appended to the base URL as the go command does: the base path with its
 * trailing {@code /} trimmed, then the request path, with no percent-encoding ({@code !}, {@code
 * @} and {@code +} stay as they are). Only 200 is success. 404 and 410 raise {@link
 * NotFoundException} at once; connection failures, 429 and 5xx are retried up to {@code
 * maxRetries} times with exponential backoff and jitter, honouring {@code Retry-After} (capped);
 * any other status is an {@link IOException} reading {@code reading <url>: <status>}, followed by
 * the first lines of a {@code text/plain} body.
 *
 * <p>{@code requestTimeout} bounds the whole of one {@link #get}: every attempt, the backoff
 * between them and any {@code Retry-After} wait. An attempt still running at the deadline fails with
 * {@link HttpTimeoutException} (a timed-out attempt is not retried); a retry that could only start at
 * or after the deadline is not made: the request fails at once, saying so (for example {@code
 * server asked to retry after 999999 s, beyond the 5 s timeout}).
 *
 * <p>Every body is capped by the kind of request ({@link ResponseCaps}: 64 KiB for {@code /latest},
 * about 72 KiB for a lookup, 8 KiB for a hash tile and 2 MiB for a data tile at height 8), and
 * never above {@code maxResponseBytes}: a declared {@code Content-Length} above the cap is rejected
 * before the body is read, and a body that grows past it is abandoned at once. A body is held once,
 * in one array, so the bodies of {@code n} requests in flight take at most {@code n × 2 × cap}
 * bytes (2 while the array grows or is trimmed): with {@link
 * dev.sumdb4j.tlog.client.SumdbClient}'s 64 requests in flight, about 9 MiB for lookups and 1 MiB
 * for tiles (256 MiB for data tiles, which only an audit mirror reads, 8 at a time by default:
 * 32 MiB).
 *
 * <p>An {@link Error} (such as {@link OutOfMemoryError}) raised while a request is handled fails
 * that request's future with the Error itself, and {@link #get} rethrows it: it is never turned
 * into an {@link IOException}, lost in the client's threads, or left as a future that never
 * completes.
 *
 * <p>Returned bytes are untrusted. Instances are immutable and safe for concurrent use.
 */
public final class HttpFetcher implements Remote {
  /** The default {@code User-Agent}: {@code sumdb4j/<version>}. */
  public static final String DEFAULT_USER_AGENT = "sumdb4j/" + version();

  private static final int ERROR_BODY_BYTES = 4096;
  private static final int ERROR_BODY_LINES = 8;
  private static final int ERROR_BODY_CHARS = 648;

  private final HttpClient client;
  private final String base;
  private final Settings settings;
  private final Shared shared;

  /**
   * What a fetcher and its {@link #withBase} copies share: the request counter, the hosts that
   * failed (fail-fast) and the overall deadline (ticker nanos; {@code Long.MAX_VALUE} for none).
   */
  private record Shared(AtomicLong requests, ConcurrentHashMap<String, HostUnavailableException> failedHosts,
      long deadline) {}

  /** How to wait before a retry: completes after {@code delay} (tests complete it at once). */
  @FunctionalInterface
  public interface Sleeper {
    /** A stage that completes normally after {@code delay}. */
    CompletionStage<Void> sleep(Duration delay);

    /** Real waiting, without blocking a thread. */
    static Sleeper system() {
      return d -> CompletableFuture.runAsync(() -> {},
          CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS));
    }
  }

  private record Settings(String userAgent, Duration requestTimeout, int maxRetries, Duration initialBackoff,
      Duration maxBackoff, Duration maxRetryAfter, long maxResponseBytes, Sleeper sleeper, Clock clock,
      LongSupplier ticker, DoubleSupplier random, boolean versionChosen, Duration connectTimeout,
      boolean failFast, Duration deadline, ProxyConfig proxies) {}

  /** How much longer than {@code requestTimeout} {@link #get} waits for a future that should have completed. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private HttpFetcher(HttpClient client, String base, Settings settings, Shared shared) {
    this.client = client;
    this.base = base;
    this.settings = settings;
    this.shared = shared;
  }

  /** A builder with the defaults documented on its setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** The TLS context of the underlying client (tests). */
  javax.net.ssl.SSLContext sslContext() {
    return client.sslContext();
  }

  /**
   * The same fetcher (same connection pool, settings and request counter) for another base URL,
   * e.g. a proxy's {@code <proxy>/sumdb/<name>}.
   */
  public HttpFetcher withBase(String baseUri) {
    return new HttpFetcher(client, checkBase(baseUri), settings, shared);
  }

  /** The base URL requests are joined to. */
  public String base() {
    return base;
  }

  /** The number of HTTP requests sent so far (attempts, retries included), shared with {@link #withBase} copies. */
  public long requestCount() {
    return shared.requests().get();
  }

  /** The full URL for a request path: the base without trailing {@code /}, then {@code path}. */
  public String url(String path) {
    return join(base, path);
  }

  /** Go's URL join: {@code base} without trailing {@code /}, then {@code path} with one leading {@code /}. */
  static String join(String base, String path) {
    Objects.requireNonNull(path, "path");
    String b = base;
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b + (path.startsWith("/") ? path : "/" + path);
  }

  @Override
  public byte[] get(String path) throws IOException {
    CompletableFuture<byte[]> f = getAsync(path);
    try {
      // The attempts end by the deadline; never wait forever should the client's threads be gone.
      return f.get(settings.requestTimeout().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException("reading " + url(path) + ": no answer within " + seconds(settings.requestTimeout())
          + " (the HTTP client never completed the request)");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException x = new InterruptedIOException("interrupted reading " + url(path));
      x.initCause(e);
      throw x;
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Fetches {@code path} without blocking; the future fails with the exceptions {@link #get}
   * throws ({@link NotFoundException}, {@link IOException}). Cancelling it abandons the request
   * and any retry.
   */
  public CompletableFuture<byte[]> getAsync(String path) {
    String url = url(path);
    URI uri;
    try {
      uri = checkRequestPath(path, url);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long now = settings.ticker().getAsLong();
    long own = now + settings.requestTimeout().toNanos();
    long deadline = Math.min(own, shared.deadline());
    Exchange x = new Exchange(uri, url, hostKey(uri), ResponseCaps.forPath(path, settings.maxResponseBytes()),
        deadline, deadline < own, result);
    try {
      attempt(x, 0);
    } catch (Throwable t) {
      result.completeExceptionally(t);
    }
    return result;
  }

  /**
   * One request: where (and the host's key for fail-fast), its body cap, its deadline (ticker nanos;
   * {@code overall} if the fetcher's overall deadline set it), and the future its attempts complete.
   */
  private record Exchange(URI uri, String url, String hostKey, long cap, long deadline, boolean overall,
      CompletableFuture<byte[]> result) {}

  private void attempt(Exchange x, int attempt) {
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    HostUnavailableException failed = shared.failedHosts().get(x.hostKey());
    if (failed != null) {
      result.completeExceptionally(failed.notSent()); // no new request to a host that failed
      return;
    }
    long remaining = x.deadline() - settings.ticker().getAsLong();
    if (remaining <= 0) {
      result.completeExceptionally(timedOut(x, null));
      return;
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(x.uri())
        .GET()
        .header("User-Agent", settings.userAgent())
        .timeout(Duration.ofNanos(remaining));
    if (!settings.versionChosen() && "http".equalsIgnoreCase(x.uri().getScheme())) {
      // HTTP/2 over plain http is an h2c upgrade attempt: one more round trip per connection,
      // for servers (like x/mod's and most proxies) that answer in HTTP/1.1 anyway.
      rb.version(HttpClient.Version.HTTP_1_1);
    }
    HttpRequest request = rb.build();
    shared.requests().incrementAndGet();
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(request, info -> bodySubscriber(info, url, x.cap()));
    // A caller that cancels the result also abandons the exchange in flight.
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) {
        response.cancel(true);
      }
    });
    // HttpRequest.timeout covers only the wait for the headers: bound the whole exchange too.
    CompletableFuture<HttpResponse<byte[]>> bounded = response.copy()
        .orTimeout(remaining, TimeUnit.NANOSECONDS);
    bounded.whenComplete((resp, failure) -> {
      try {
        if (failure != null) {
          response.cancel(true);
        }
        onResponse(x, attempt, resp, failure);
      } catch (Throwable t) {
        // Whatever went wrong here (an OutOfMemoryError, a bug), the caller must hear of it.
        result.completeExceptionally(t);
      }
    });
  }

  private void onResponse(Exchange x, int attempt, HttpResponse<byte[]> resp, Throwable failure) {
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    if (failure != null) {
      Throwable cause = unwrap(failure);
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c instanceof Error err) {
          result.completeExceptionally(err); // never disguised as an I/O failure
          return;
        }
        if (c instanceof ResponseTooLargeException) {
          result.completeExceptionally(new ResponseTooLargeException(url, x.cap()));
          return;
        }
      }
      HostUnavailableException unreachable = hostFailure(x, cause);
      if (cause instanceof TimeoutException) {
        result.completeExceptionally(timedOut(x, null));
      } else if (isConnectionFailure(cause) && attempt < settings.maxRetries()) {
        Duration delay = backoff(attempt);
        if (!beyondDeadline(x, delay)) {
          retryLater(x, attempt, delay);
        } else if (unreachable != null) {
          result.completeExceptionally(failHost(x, unreachable));
        } else {
          result.completeExceptionally(new IOException("reading " + url + ": " + describe(cause)
              + ": no time left to retry within the " + seconds(settings.requestTimeout()) + " timeout", cause));
        }
      } else if (unreachable != null) {
        result.completeExceptionally(failHost(x, unreachable));
      } else if (cause instanceof HttpTimeoutException && (settings.failFast() || x.overall())) {
        result.completeExceptionally(timedOut(x, cause));
      } else if (cause instanceof IOException && "No credentials provided".equals(cause.getMessage())) {
        // The JDK's answer to a 401 (or 407) its authenticator had no credentials for.
        Optional<String> proxy = settings.proxies().describeFor(x.uri());
        result.completeExceptionally(new IOException("reading " + url + ": 401 Unauthorized: no credentials for "
            + x.uri().getHost() + " in .netrc (NETRC or ~/.netrc)"
            + (proxy.isPresent() && !settings.proxies().hasCredentialsFor(x.uri()) ? ", nor for " + proxy.get() : ""),
            cause));
      } else if (cause instanceof IOException) {
        result.completeExceptionally(cause instanceof HttpTimeoutException
            ? timeout(url, cause) : new IOException("reading " + url + ": " + describe(cause), cause));
      } else {
        result.completeExceptionally(new IOException("reading " + url + ": " + describe(cause), cause));
      }
      return;
    }
    int status = resp.statusCode();
    if (status == 407 && settings.proxies().describeFor(x.uri()).isPresent()) {
      // The proxy (not the server) wants credentials the environment did not give, or refused them.
      boolean had = settings.proxies().hasCredentialsFor(x.uri());
      result.completeExceptionally(failHost(x, new HostUnavailableException(x.uri().getHost(),
          had ? "proxy authentication failed" : "proxy authentication required",
          settings.proxies().describeFor(x.uri()).get() + (had ? ": the proxy refused the credentials in its URL"
              + " (if they are right, run java with -Djdk.http.auth.tunneling.disabledSchemes= : the JDK sends no"
              + " Basic credentials to a tunnelling proxy otherwise)" : ": put user:password@ in the proxy URL"),
          null)));
      return;
    }
    if (status == 200) {
      result.complete(resp.body());
    } else if (status == 404 || status == 410) {
      result.completeExceptionally(new NotFoundException(url, statusMessage(url, resp, null)));
    } else if ((status == 429 || status >= 500) && attempt < settings.maxRetries()) {
      Optional<Duration> asked = requestedRetryAfter(resp);
      Duration delay = asked.map(this::capRetryAfter).orElseGet(() -> backoff(attempt));
      if (!beyondDeadline(x, delay)) {
        retryLater(x, attempt, delay);
      } else if (asked.isPresent()) {
        result.completeExceptionally(new IOException(statusMessage(url, resp, "server asked to retry after "
            + seconds(asked.get()) + ", beyond the " + seconds(settings.requestTimeout()) + " timeout")));
      } else {
        result.completeExceptionally(new IOException(statusMessage(url, resp,
            "no time left to retry within the " + seconds(settings.requestTimeout()) + " timeout")));
      }
    } else {
      result.completeExceptionally(new IOException(statusMessage(url, resp, null)));
    }
  }

  private void retryLater(Exchange x, int attempt, Duration delay) {
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    CompletionStage<Void> slept;
    try {
      slept = settings.sleeper().sleep(delay);
    } catch (RuntimeException e) {
      result.completeExceptionally(new IOException("reading " + url + ": cannot wait to retry", e));
      return;
    }
    slept.whenComplete((v, failure) -> {
      try {
        if (failure != null) {
          result.completeExceptionally(new IOException("reading " + url + ": cannot wait to retry", failure));
        } else if (!result.isDone()) {
          attempt(x, attempt + 1);
        }
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
  }

  /** Exponential backoff with jitter: a random delay in [b/2, b] for b = initial * 2^attempt, capped. */
  private Duration backoff(int attempt) {
    long initial = settings.initialBackoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    long b = initial;
    for (int i = 0; i < attempt && b < cap; i++) {
      b *= 2;
    }
    b = Math.min(b, cap);
    double r = settings.random().getAsDouble();
    if (!(r >= 0 && r <= 1)) {
      r = 1;
    }
    return Duration.ofMillis(b / 2 + Math.round(r * (b - b / 2)));
  }

  /** The Retry-After delay (seconds or HTTP-date), capped at maxRetryAfter, if the header is usable. */
  Optional<Duration> retryAfter(HttpResponse<?> resp) {
    return requestedRetryAfter(resp).map(this::capRetryAfter);
  }

  /** The Retry-After delay the server asked for (seconds or HTTP-date), if the header is usable. */
  private Optional<Duration> requestedRetryAfter(HttpResponse<?> resp) {
    return resp.headers().firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, settings.clock()));
  }

  private Duration capRetryAfter(Duration d) {
    return d.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : d;
  }

  /** Whether a retry after {@code delay} would start at or after the request's deadline. */
  private boolean beyondDeadline(Exchange x, Duration delay) {
    long remaining = x.deadline() - settings.ticker().getAsLong();
    return delay.toNanos() >= remaining;
  }

  /**
   * The failure of a request whose deadline passed: with fail-fast, a {@link HostUnavailableException}
   * that stops further requests to the host; else an {@link HttpTimeoutException}.
   */
  private IOException timedOut(Exchange x, Throwable cause) {
    if (settings.failFast() || x.overall()) {
      String reason = x.overall()
          ? "gave up: the overall deadline of " + seconds(settings.deadline()) + " passed"
          : "timed out after " + seconds(settings.requestTimeout()) + " without an answer";
      return failHost(x, new HostUnavailableException(x.uri().getHost(), reason, "reading " + x.url(), cause));
    }
    HttpTimeoutException e = new HttpTimeoutException("reading " + x.url() + ": timed out after "
        + settings.requestTimeout().toMillis() + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** Records (with fail-fast) that {@code x}'s host failed with {@code e}, and returns the failure to report. */
  private HostUnavailableException failHost(Exchange x, HostUnavailableException e) {
    if (!settings.failFast()) {
      return e;
    }
    HostUnavailableException first = shared.failedHosts().putIfAbsent(x.hostKey(), e);
    return first == null ? e : first.notSent();
  }

  /** The key of a URL's host for fail-fast: scheme, host and port. */
  private static String hostKey(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":"
        + port(uri);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * {@code cause} as a failure to reach {@code x}'s host (connection refused, no such host, connect
   * timeout, TLS handshake, proxy), or null if it is something else.
   */
  private HostUnavailableException hostFailure(Exchange x, Throwable cause) {
    String host = x.uri().getHost();
    Optional<String> proxy = settings.proxies().describeFor(x.uri());
    if (proxy.isPresent()) {
      for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
        String m = c.getMessage() == null ? "" : c.getMessage();
        if (m.contains("407")) {
          return new HostUnavailableException(host, "proxy authentication required", proxy.get(), cause);
        }
        if (m.startsWith("Tunnel failed") || m.contains("tunnel")) {
          return new HostUnavailableException(host, "proxy refused the tunnel: " + m, proxy.get(), cause);
        }
      }
    }
    String dial = proxy.map(p -> "dial " + p).orElse("dial " + host + ":" + port(x.uri()));
    String via = proxy.isPresent() ? "proxy: " : "";
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return new HostUnavailableException(host, via + "no such host", dial, cause);
      }
    }
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return new HostUnavailableException(host, via + "connect timed out after "
            + seconds(settings.connectTimeout()), dial, cause);
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return new HostUnavailableException(host, Tls.reason(c), Tls.detail(c, host), cause);
      }
      if (c instanceof ConnectException) {
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        String m = root.getMessage() == null ? "" : root.getMessage().toLowerCase(Locale.ROOT);
        String reason = root instanceof ClosedChannelException || m.contains("refused") ? "connection refused"
            : m.isEmpty() ? "cannot connect" : "cannot connect: " + root.getMessage();
        return new HostUnavailableException(host, via + reason, dial, cause);
      }
    }
    return null;
  }

  /** A duration for messages: whole seconds as {@code 5 s}, anything else in milliseconds. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.trim();
    if (!v.isEmpty() && v.length() <= 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean isConnectionFailure(Throwable t) {
    // Failures before any response: refused, reset, closed. A request timeout is not retried.
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
        || t instanceof ClosedChannelException) {
      return true;
    }
    if (t instanceof HttpTimeoutException || t instanceof ResponseTooLargeException
        || t instanceof javax.net.ssl.SSLHandshakeException) {
      return false; // a timed-out attempt, an oversized answer or a bad certificate will not improve
    }
    return t instanceof IOException;
  }

  private static HttpTimeoutException timeout(String url, Throwable cause) {
    HttpTimeoutException e = new HttpTimeoutException("reading " + url + ": " + describe(cause));
    e.initCause(cause);
    return e;
  }

  /** {@code t}'s message, else its first cause's, else the kind of failure in words. */
  private static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isEmpty()) {
        return m;
      }
    }
    if (t instanceof ClosedChannelException) {
      return "connection closed";
    }
    if (t instanceof java.io.EOFException) {
      return "connection closed before the response ended";
    }
    return "I/O error (" + t.getClass().getSimpleName() + ")";
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static IOException rethrow(Throwable t) {
    Throwable c = unwrap(t);
    if (c instanceof IOException) {
      return (IOException) c;
    }
    if (c instanceof CancellationException) {
      return new InterruptedIOException("request cancelled");
    }
    if (c instanceof RuntimeException) {
      throw (RuntimeException) c;
    }
    if (c instanceof Error) {
      throw (Error) c;
    }
    return new IOException(c);
  }

  /**
   * Go's message: {@code reading <url>: <code> <reason>}, then {@code : <detail>} if not null, then the
   * first lines of a text/plain body.
   */
  private static String statusMessage(String url, HttpResponse<byte[]> resp, String detail) {
    StringBuilder b = new StringBuilder("reading ").append(url).append(": ").append(status(resp.statusCode()));
    if (detail != null) {
      b.append(": ").append(detail);
    }
    String type = resp.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    byte[] body = resp.body();
    if (type.startsWith("text/plain") && body != null && body.length > 0) {
      String text = new String(body, StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      StringBuilder shown = new StringBuilder();
      for (int i = 0; i < lines.length && i < ERROR_BODY_LINES; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() && i == lines.length - 1) {
          break;
        }
        if (shown.length() > 0) {
          shown.append("\n\t");
        }
        shown.append(printable(line));
        if (shown.length() >= ERROR_BODY_CHARS) {
          shown.setLength(ERROR_BODY_CHARS);
          shown.append(" [truncated]");
          break;
        }
      }
      if (shown.length() > 0) {
        b.append("\n\tserver response: ").append(shown);
      }
    }
    return b.toString();
  }

  /** {@code s} with every control a terminal would act on ({@link Codecs#isUnsafeControl}) as {@code ?}. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Codecs.isUnsafeControl(c) ? '?' : c));
    return b.toString();
  }

  /** {@code <code> <reason phrase>}, as Go's {@code resp.Status}. */
  static String status(int code) {
    String reason;
    switch (code) {
      case 400: reason = "Bad Request"; break;
      case 401: reason = "Unauthorized"; break;
      case 403: reason = "Forbidden"; break;
      case 404: reason = "Not Found"; break;
      case 405: reason = "Method Not Allowed"; break;
      case 408: reason = "Request Timeout"; break;
      case 410: reason = "Gone"; break;
      case 429: reason = "Too Many Requests"; break;
      case 500: reason = "Internal Server Error"; break;
      case 501: reason = "Not Implemented"; break;
      case 502: reason = "Bad Gateway"; break;
      case 503: reason = "Service Unavailable"; break;
      case 504: reason = "Gateway Timeout"; break;
      default: reason = "";
    }
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }

  private static HttpResponse.BodySubscriber<byte[]> bodySubscriber(HttpResponse.ResponseInfo info, String url,
      long cap) {
    if (info.statusCode() == 200) {
      long declared;
      try {
        declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      } catch (NumberFormatException e) {
        declared = -1; // the client rejects the framing itself
      }
      return new CappedBody(url, cap, true, declared);
    }
    return new CappedBody(url, ERROR_BODY_BYTES, false, -1);
  }

  /** A response body exceeded the configured cap. */
  static final class ResponseTooLargeException extends IOException {
    ResponseTooLargeException(String url, long cap) {
      super("response from " + url + " exceeds " + cap + " bytes");
    }
  }

  /**
   * Collects a body up to {@code cap} bytes into one array (each buffer the client hands over is
   * copied at once and released; a declared {@code Content-Length} sizes the array exactly and one
   * above the cap is rejected before any byte is read). Beyond the cap, either fails and cancels the
   * download (success bodies) or stops reading and keeps what it has (error bodies, used only for
   * the message). Holds at most twice {@code cap} bytes at any moment (while growing or trimming).
   */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private static final int INITIAL = 16 << 10;
    private final String url;
    private final long cap;
    private final boolean failOnOverflow;
    private final long declared;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private byte[] buf = new byte[0];
    private int size;
    private Flow.Subscription subscription;

    CappedBody(String url, long cap, boolean failOnOverflow, long declared) {
      this.url = url;
      this.cap = cap;
      this.failOnOverflow = failOnOverflow;
      this.declared = declared;
      // Cancelling the stage (e.g. on a timeout) stops the download.
      body.whenComplete((v, e) -> {
        if (e != null) {
          cancel();
        }
      });
    }

    private synchronized void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (this) {
        subscription = s;
      }
      if (failOnOverflow && declared > cap) {
        s.cancel();
        body.completeExceptionally(new ResponseTooLargeException(url, cap));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      try {
        for (ByteBuffer b : items) {
          int n = b.remaining();
          if (size + (long) n > cap) {
            cancel();
            if (failOnOverflow) {
              body.completeExceptionally(new ResponseTooLargeException(url, cap));
            } else {
              append(b, (int) (cap - size));
              body.complete(trimmed());
            }
            return;
          }
          append(b, n);
        }
      } catch (Throwable t) { // e.g. OutOfMemoryError: fail this body, never the client's thread
        cancel();
        buf = null;
        body.completeExceptionally(t);
      }
    }

    private void append(ByteBuffer b, int n) {
      if (size + n > buf.length) {
        long want = declared >= 0 && declared <= cap && size == 0 ? declared : Math.max(INITIAL, 2L * buf.length);
        want = Math.min(cap, Math.max(want, (long) size + n));
        buf = Arrays.copyOf(buf, (int) want);
      }
      b.get(buf, size, n);
      size += n;
    }

    private byte[] trimmed() {
      byte[] out = size == buf.length ? buf : Arrays.copyOf(buf, size);
      buf = null;
      return out;
    }

    @Override
    public void onError(Throwable t) {
      buf = null;
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (!body.isDone()) {
        try {
          body.complete(trimmed());
        } catch (Throwable t) {
          body.completeExceptionally(t);
        }
      }
    }
  }

  static URI checkRequestPath(String path, String url) throws IOException {
    if (!path.startsWith("/")) {
      throw new IOException("invalid request path (must start with /): " + path);
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '%' || c == '\\') {
        throw new IOException("invalid character " + String.format(java.util.Locale.ROOT, "U+%04X", (int) c) + " in request path: " + path);
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IOException("invalid dot segment in request path: " + path);
      }
    }
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + url + ": " + e.getMessage(), e);
    }
  }

  private static String checkBase(String baseUri) {
    Objects.requireNonNull(baseUri, "baseUri");
    URI u;
    try {
      u = new URI(baseUri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid base URL " + baseUri + ": " + e.getMessage(), e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("base URL must be http or https: " + baseUri);
    }
    if (u.getRawAuthority() == null || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null
        || u.getRawUserInfo() != null) {
      throw new IllegalArgumentException("base URL must be scheme://host[:port][/path]: " + baseUri);
    }
    return baseUri;
  }

  @Override
  public String toString() {
    return "HttpFetcher{" + base + ", " + shared.requests().get() + " requests}";
  }

  /** The version from the jar's Maven metadata (kept by shading too), else the manifest, else "dev". */
  private static String version() {
    try (InputStream in = HttpFetcher.class.getResourceAsStream(
        "/META-INF/maven/dev.sumdb4j/sumdb4j-tlog/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
          return v;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    Package pkg = HttpFetcher.class.getPackage();
    String v = pkg == null ? null : pkg.getImplementationVersion();
    return v == null || v.isEmpty() ? "dev" : v;
  }

  /**
   * Configures an {@link HttpFetcher}. Defaults: user agent {@code sumdb4j/<version>},
   * connect timeout 10 s, request timeout 60 s, 3 retries, backoff from 250 ms doubling up to 8 s,
   * Retry-After capped at 60 s, responses up to 16 MiB (below that, each kind's {@link ResponseCaps}
   * cap), the HttpClient's default executor.
   */
  public static final class Builder {
    private String baseUri;
    private String userAgent = DEFAULT_USER_AGENT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private long maxResponseBytes = 16L << 20;
    private Executor executor;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private HttpClient.Version version = HttpClient.Version.HTTP_2;
    private boolean versionChosen;
    private boolean failFast;
    private Duration deadline;
    private NetworkEnvironment network = NetworkEnvironment.none();

    private Builder() {}

    /** The base URL (http or https; may have a path, e.g. {@code https://proxy.golang.org/sumdb/sum.golang.org}). Required. */
    public Builder baseUri(String baseUri) {
      this.baseUri = checkBase(baseUri);
      return this;
    }

    /** The {@code User-Agent} header. */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isEmpty() || userAgent.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("invalid user agent: " + userAgent);
      }
      this.userAgent = userAgent;
      return this;
    }

    /** How long to wait for a connection. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /**
     * How long one request may take: every attempt (headers and body), the backoff between them and
     * any {@code Retry-After} wait.
     */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** Retries after the first attempt on connection failures, 429 and 5xx (0 = none). */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries < 0: " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /** The first retry's backoff (before jitter) and its cap. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive(initial, "initial backoff");
      this.maxBackoff = positive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff < initial backoff");
      }
      return this;
    }

    /** The longest {@code Retry-After} honoured; longer requests wait this long. */
    public Builder maxRetryAfter(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must be >= 0");
      }
      this.maxRetryAfter = d;
      return this;
    }

    /** The largest accepted response body of any kind (each kind has its own lower cap: {@link ResponseCaps}). */
    public Builder maxResponseBytes(long n) {
      if (n <= 0 || n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxResponseBytes out of range: " + n);
      }
      this.maxResponseBytes = n;
      return this;
    }

    /** The executor for the HttpClient's asynchronous work (null = its default). */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** How to wait between retries (tests: record and return at once). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic time in nanoseconds each request's deadline is measured with (tests: a fake). */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The source of jitter, uniform in [0, 1]. */
    public Builder jitter(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The preferred HTTP version. Default: HTTP/2 for https URLs (falling back to HTTP/1.1 when not
     * offered), HTTP/1.1 for plain http URLs (no h2c upgrade round trip).
     */
    public Builder httpVersion(HttpClient.Version version) {
      this.version = Objects.requireNonNull(version, "version");
      this.versionChosen = true;
      return this;
    }

    /**
     * After a request fails to reach its host ({@link HostUnavailableException}: connection refused,
     * no such host, connect or request timeout, TLS or proxy failure), send no further request to
     * that host, retries included: they fail at once with the same message. Default: off (every
     * request tries again). For one-shot runs; a long-lived fetcher would never try again.
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * A deadline for every request of this fetcher and its {@link HttpFetcher#withBase} copies,
     * measured from {@link #build}: a request still running then fails with a {@link
     * HostUnavailableException}, and later ones are not sent. Default: none.
     */
    public Builder deadline(Duration d) {
      this.deadline = positive(d, "deadline");
      return this;
    }

    /**
     * The network environment ({@link NetworkEnvironment#from}): extra trusted CAs, proxies, .netrc
     * credentials. Default: none (the JDK's trust store only, no proxy, no credentials).
     */
    public Builder network(NetworkEnvironment network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** A new fetcher. */
    public HttpFetcher build() {
      if (baseUri == null) {
        throw new IllegalStateException("baseUri is required");
      }
      HttpClient.Builder b = HttpClient.newBuilder()
          .version(version)
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NORMAL);
      if (executor != null) {
        b.executor(executor);
      }
      network.configure(b, baseUri.regionMatches(true, 0, "http:", 0, 5));
      Settings s = new Settings(userAgent, requestTimeout, maxRetries, initialBackoff, maxBackoff, maxRetryAfter,
          maxResponseBytes, sleeper, clock, ticker, random, versionChosen, connectTimeout, failFast, deadline,
          network.proxies());
      long end = deadline == null ? Long.MAX_VALUE : saturatedAdd(ticker.getAsLong(), deadline.toNanos());
      return new HttpFetcher(b.build(), baseUri, s, new Shared(new AtomicLong(), new ConcurrentHashMap<>(), end));
    }

    private static long saturatedAdd(long a, long b) {
      long r = a + b;
      return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
