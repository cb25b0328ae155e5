package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Reads a checksum database (or a proxy of one) over HTTP: HTTP/1.1 through Apache HttpClient 5
 * (classic, pooled; chosen by measurement, issue 11), or {@link java.net.http.HttpClient} with
 * HTTP/2 when {@link Builder#httpVersion} asks for it. Redirects are followed, never to another
 * scheme than http or https and never from https to http.
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
 * <p>The work is split along its seams, each package-private: the {@link Transport} sends one GET
 * ({@link ApacheTransport}, {@link JdkTransport}); {@link RetryPolicy} decides what is retried and after how long; {@link
 * Budget} holds the timeout and the overall deadline; {@link CappedBody} reads a body up to its cap;
 * {@link HostState} remembers the hosts that failed (fail-fast); {@link Failures} puts failures in
 * words. This class ties them together.
 *
 * <p>A fetcher holds network resources (a connection pool; the HTTP/2 client's selector thread):
 * {@link #close} releases them. The fetcher made by {@link Builder#build} owns its transport, and
 * its {@link #withBase} copies share it: closing the original closes the pool for every copy, and
 * closing a copy closes only that copy. A closed fetcher (or a copy of a closed one) refuses every
 * request with an {@link IllegalStateException}: using it is a bug of the caller, not a network
 * failure to retry. Types that take a fetcher from their caller never close it; types that build one
 * close it when they are closed.
 *
 * <p>Returned bytes are untrusted. Instances are safe for concurrent use; but for {@link #close},
 * immutable.
 */
public final class HttpFetcher implements Remote, AutoCloseable {
  /** The default {@code User-Agent}: {@code sumdb4j/<version>}. */
  public static final String DEFAULT_USER_AGENT = "sumdb4j/" + version();

  /** The default most connections to one host for an http base URL ({@link Builder#maxConnections}). */
  public static final int DEFAULT_HTTP_CONNECTIONS = 64;
  /** The default most connections to one host for an https base URL ({@link Builder#maxConnections}). */
  public static final int DEFAULT_HTTPS_CONNECTIONS = 64;

  /** Runs {@link #getAsync}'s blocking exchanges when the builder was given no executor. */
  private static final class DefaultExecutor {
    static final java.util.concurrent.ExecutorService POOL = pool();

    private static java.util.concurrent.ExecutorService pool() {
      AtomicLong n = new AtomicLong();
      java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE,
          5, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sumdb4j-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      return p;
    }
  }

  /** How much longer than {@code requestTimeout} {@link #get} waits for a future that should have completed. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Transport transport;
  private final String base;
  private final Settings settings;
  private final Shared shared;
  /** Whether this fetcher was made by {@link Builder#build} (and so owns the transport). */
  private final boolean owner;
  /** Whether {@link #close} was called on this fetcher. */
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * What a fetcher and its {@link #withBase} copies share: the request counter, the hosts that
   * failed (fail-fast), the time budget (with the overall deadline) and whether the owner closed
   * the transport.
   */
  private record Shared(AtomicLong requests, HostState hosts, AtomicReference<Budget> run,
      java.util.concurrent.atomic.AtomicBoolean transportClosed) {
    /** The budget of the current run ({@link #newRun} starts another). */
    Budget budget() {
      return run.get();
    }
  }

  /** The settings of the fetcher's own work: around the transport. */
  private record Settings(String userAgent, long maxResponseBytes, RetryPolicy retry, Failures failures,
      Executor executor) {}

  private HttpFetcher(Transport transport, String base, Settings settings, Shared shared, boolean owner) {
    this.transport = transport;
    this.base = base;
    this.settings = settings;
    this.shared = shared;
    this.owner = owner;
  }

  /**
   * Closes this fetcher. The one made by {@link Builder#build} also closes its transport, for its
   * {@link #withBase} copies too: idle connections are closed at once, a connection in use when its
   * exchange ends; the HTTP/2 client is closed on Java 21 and later (on Java 17 it cannot be, and
   * is left to the garbage collector). Closing a copy closes only the copy. An executor given to
   * {@link Builder#executor} is the caller's and is not shut down. Later requests through a closed
   * fetcher fail with an {@link IllegalStateException}. Idempotent and safe to call from any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (owner && shared.transportClosed().compareAndSet(false, true)) {
      transport.close();
    }
  }

  /** Whether this fetcher, or the one it was copied from, was closed. */
  boolean isClosed() {
    return closed.get() || shared.transportClosed().get();
  }

  /** Refuses a request once closed. */
  private void ensureOpen() {
    if (isClosed()) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("http fetcher for " + base + " is closed"
        + (closed.get() ? "" : " (the fetcher it was copied from was closed)"));
  }

  /** The transport (tests). */
  Transport transport() {
    return transport;
  }

  /** {@return a builder with the defaults documented on its setters} */
  public static Builder builder() {
    return new Builder();
  }

  /** The TLS context of the underlying client (tests). */
  javax.net.ssl.SSLContext sslContext() {
    return transport.sslContext();
  }

  /**
   * The same fetcher (same connection pool, settings and request counter) for another base URL,
   * e.g. a proxy's {@code <proxy>/sumdb/<name>}. The copy does not own the pool: closing it closes
   * only the copy, and closing this fetcher's original closes the copy too.
   *
   * @param baseUri the new base URL (http or https)
   * @return the fetcher for {@code baseUri}
   * @throws IllegalStateException if this fetcher is closed
   */
  public HttpFetcher withBase(String baseUri) {
    ensureOpen();
    return new HttpFetcher(transport, checkBase(baseUri), settings, shared, false);
  }

  /**
   * The base URL requests are joined to.
   *
   * @return the base URL
   */
  public String base() {
    return base;
  }

  /**
   * Starts a new run of this fetcher and its {@link #withBase} copies: the overall deadline ({@link
   * Builder#deadline}), if any, counts again from now, and hosts that failed ({@link
   * Builder#failFast}) are tried again. Requests already under way keep their deadlines. For a long
   * job made of one-shot steps, each of which should give up on its own (e.g. the batches of
   * lookups of a proxy audit).
   */
  public void newRun() {
    shared.run().updateAndGet(b -> Budget.start(b.ticker(), b.requestTimeout(), b.overall()));
    shared.hosts().clear();
  }

  /**
   * The number of HTTP requests sent so far (attempts, retries included), shared with {@link #withBase} copies.
   *
   * @return the count
   */
  public long requestCount() {
    return shared.requests().get();
  }

  /**
   * The full URL for a request path: the base without trailing {@code /}, then {@code path}.
   *
   * @param path the request path
   * @return the URL
   */
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

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if this fetcher is closed
   */
  @Override
  public byte[] get(String path) throws IOException {
    ensureOpen();
    CallerRuns runner = transport.blocking() ? new CallerRuns() : null;
    CompletableFuture<byte[]> f = start(path, runner != null ? runner : Runnable::run);
    Duration timeout = shared.budget().requestTimeout();
    try {
      // The attempts end by the deadline; never wait forever should the client's threads be gone.
      long end = System.nanoTime() + timeout.plus(GRACE).toNanos();
      if (runner != null) {
        runner.runUntilDone(f, end);
      }
      return f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException("reading " + url(path) + ": no answer within " + Failures.seconds(timeout)
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
   * Receives a response body as it arrives ({@link #stream}).
   */
  public interface BodyReceiver {
    /**
     * A 200 body begins. Called once per attempt, before its first byte: a retry after a failed
     * attempt starts again here, and the receiver drops what it took before.
     *
     * @param declaredLength the declared {@code Content-Length}, or -1 if none
     * @throws IOException to refuse the body (e.g. it is declared too large): rethrown as it is
     */
    void start(long declaredLength) throws IOException;

    /**
     * The next bytes of the body.
     *
     * @param b the buffer (reused after the call returns)
     * @param off the offset of the bytes in {@code b}
     * @param len the number of bytes
     * @throws IOException to abandon the body (e.g. it grew too large): rethrown as it is
     */
    void write(byte[] b, int off, int len) throws IOException;
  }

  /**
   * A body streamed by {@link #stream}.
   *
   * @param url the URL requested
   * @param status the HTTP status (200)
   * @param headers the response headers, names in lower case, in order of name
   * @param size the number of body bytes handed to the receiver
   */
  public record Streamed(String url, int status, Map<String, List<String>> headers, long size) {
    /**
     * Copies the headers.
     *
     * @param url the URL requested
     * @param status the HTTP status (200)
     * @param headers the response headers, names in lower case, in order of name
     * @param size the number of body bytes handed to the receiver
     */
    public Streamed {
      Objects.requireNonNull(url, "url");
      java.util.TreeMap<String, List<String>> copy = new java.util.TreeMap<>();
      headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      headers = java.util.Collections.unmodifiableMap(copy);
    }
  }

  /**
   * Fetches {@code path} on the calling thread, handing the body to {@code receiver} as it arrives
   * rather than holding it (for bodies of any size: a module zip). The request fails once no byte
   * has arrived for {@code stall} (connecting, waiting for the answer, or in the middle of the
   * body), with an {@link HttpTimeoutException} whose message says the server stalled; and once
   * {@code deadline} has passed since the call, however the bytes arrive (a server that sends one
   * byte now and then never stalls), with an {@link HttpTimeoutException} whose message names the
   * URL and the deadline (or, if the fetcher's overall deadline of {@link Builder#deadline} comes
   * first, once that has passed). The deadline bounds every attempt, the backoff between them and any
   * {@code Retry-After} wait: a retry that could only start at or after it is not made, and the
   * request fails at once, saying so. Otherwise as {@link #get}: 404 and 410 raise {@link
   * NotFoundException}; connection failures (in the middle of a body too), 429 and 5xx are retried
   * with backoff, honouring {@code Retry-After}, each retry starting the receiver again; the network
   * environment applies; failures say what happened. What the receiver throws ends the request and
   * is rethrown as it is. Needs the default (HTTP/1.1) transport.
   *
   * @param path the request path (starts with {@code /})
   * @param stall how long the request may go without receiving a byte, positive
   * @param deadline how long the whole request may take, retries included, positive
   * @param receiver where the body of a 200 goes
   * @return what was served
   * @throws NotFoundException on 404 or 410
   * @throws HttpTimeoutException if the server stalled, or the deadline passed
   * @throws IOException on any other failure, after retries, or as the receiver threw it
   * @throws UnsupportedOperationException if this fetcher was built for HTTP/2 ({@link Builder#httpVersion})
   * @throws IllegalStateException if this fetcher is closed
   */
  public Streamed stream(String path, Duration stall, Duration deadline, BodyReceiver receiver) throws IOException {
    Objects.requireNonNull(receiver, "receiver");
    ensureOpen();
    if (stall == null || stall.isNegative() || stall.isZero()) {
      throw new IllegalArgumentException("stall must be positive");
    }
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
    String url = url(path);
    URI uri = checkRequestPath(path, url);
    RetryPolicy retry = settings.retry();
    Failures failures = settings.failures();
    Budget budget = shared.budget();
    Budget.Deadline end = budget.within(deadline);
    for (int attempt = 0; ; attempt++) {
      ensureOpen(); // closed while waiting to retry
      HostUnavailableException failed = shared.hosts().refusal(uri);
      if (failed != null) {
        throw failed; // no new request to a host that failed
      }
      long left = budget.remaining(end);
      if (left <= 0) {
        throw deadlinePassed(url, deadline, end, budget);
      }
      shared.requests().incrementAndGet();
      Transport.Streamed s;
      try {
        s = transport.stream(uri, settings.userAgent(), stall.toNanos(), left, receiver);
      } catch (Transport.ReceiverFailed e) {
        throw e.failure();
      } catch (TimeoutException e) {
        if (budget.remaining(end) <= 0) {
          throw deadlinePassed(url, deadline, end, budget); // its message is the whole story
        }
        HttpTimeoutException t = new HttpTimeoutException("reading " + url + ": no data for "
            + Failures.seconds(stall) + ": the server stalled");
        t.initCause(e);
        throw t;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        if (e instanceof UnsupportedOperationException u) {
          throw u;
        }
        Throwable cause = unwrap(e);
        if (retry.retriesFailure(cause, attempt)) {
          Duration delay = retry.backoff(attempt);
          if (!budget.beyond(end, delay)) {
            pause(delay, url);
            continue;
          }
          throw new IOException("reading " + url + ": " + Failures.describe(cause) + ": no time left to retry within the "
              + Failures.seconds(deadline) + " deadline", cause);
        }
        HostUnavailableException unreachable = failures.hostFailure(uri, cause);
        if (unreachable != null) {
          throw shared.hosts().fail(uri, unreachable);
        }
        if (Failures.isMissingCredentials(cause)) {
          throw new IOException(failures.missingCredentials(uri, url), cause);
        }
        throw new IOException("reading " + url + ": " + Failures.describe(cause), cause);
      } catch (Exception e) { // no other checked exception is thrown
        throw new IOException("reading " + url + ": " + Failures.describe(e), e);
      }
      Transport.Response resp = s.response();
      int status = resp.status();
      if (status == 407) {
        HostUnavailableException proxy = failures.proxyAuthentication(uri);
        if (proxy != null) {
          throw shared.hosts().fail(uri, proxy);
        }
      }
      if (status == 401 && failures.lacksCredentials(uri)) {
        throw new IOException(failures.missingCredentials(uri, url));
      }
      if (status == 200) {
        return new Streamed(url, status, s.headers(), s.size());
      }
      if (status == 404 || status == 410) {
        throw new NotFoundException(url, status, Failures.statusMessage(url, resp, null));
      }
      if (!retry.retriesStatus(status, attempt)) {
        throw new IOException(Failures.statusMessage(url, resp, null));
      }
      int tried = attempt;
      Optional<Duration> asked = retry.requested(resp.header("Retry-After"));
      Duration delay = asked.map(retry::cap).orElseGet(() -> retry.backoff(tried));
      if (budget.beyond(end, delay)) {
        throw new IOException(Failures.statusMessage(url, resp, asked.isPresent()
            ? "server asked to retry after " + Failures.seconds(asked.get()) + ", beyond the "
                + Failures.seconds(deadline) + " deadline"
            : "no time left to retry within the " + Failures.seconds(deadline) + " deadline"));
      }
      pause(delay, url);
    }
  }

  /** Waits {@code d} on the calling thread before a retry of {@link #stream}. */
  private void pause(Duration d, String url) throws IOException {
    try {
      settings.retry().sleeper().sleep(d).toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException x = new InterruptedIOException("interrupted reading " + url);
      x.initCause(e);
      throw x;
    } catch (ExecutionException e) {
      throw new IOException("reading " + url + ": cannot wait to retry", e.getCause());
    }
  }

  /** The failure of a {@link #stream} of {@code url} whose deadline {@code end} passed. */
  private static HttpTimeoutException deadlinePassed(String url, Duration deadline, Budget.Deadline end, Budget budget) {
    return new HttpTimeoutException("reading " + url + ": " + (end.overall()
        ? "gave up: the overall deadline of " + Failures.seconds(budget.overall()) + " passed"
        : "not complete within the " + Failures.seconds(deadline) + " deadline"));
  }

  /**
   * Runs a blocking transport's attempts on the thread that called {@link #get}: the first at once,
   * a retry when its wait is over. No thread is handed the blocking work, none is kept waiting.
   */
  private static final class CallerRuns implements Executor {
    private final java.util.concurrent.LinkedBlockingQueue<Runnable> tasks = new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    /** Runs the tasks until {@code f} is done or {@code end} (System.nanoTime) passes. */
    void runUntilDone(CompletableFuture<?> f, long end) throws InterruptedException {
      while (!f.isDone()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return;
        }
        Runnable task = tasks.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        if (task != null) {
          task.run();
        }
      }
    }
  }

  /**
   * Fetches {@code path} without blocking; the future fails with the exceptions {@link #get}
   * throws ({@link NotFoundException}, {@link IOException}). Cancelling it abandons the request
   * and any retry.
   *
   * @param path the request path (starts with {@code /})
   * @return the body, when it has arrived
   * @throws IllegalStateException if this fetcher is closed
   */
  public CompletableFuture<byte[]> getAsync(String path) {
    ensureOpen();
    return start(path, transport.blocking() ? settings.executor() : Runnable::run);
  }

  /** Starts fetching {@code path}; every attempt runs on {@code runner}. */
  private CompletableFuture<byte[]> start(String path, Executor runner) {
    String url = url(path);
    URI uri;
    try {
      uri = checkRequestPath(path, url);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Exchange x = new Exchange(uri, url, ResponseCaps.forPath(path, settings.maxResponseBytes()),
        shared.budget().forRequest(), result, runner);
    run(x, 0);
    return result;
  }

  /** Runs attempt {@code attempt} of {@code x} on its runner. */
  private void run(Exchange x, int attempt) {
    try {
      x.runner().execute(() -> {
        try {
          if (!x.result().isDone()) {
            attempt(x, attempt);
          }
        } catch (Throwable t) {
          x.result().completeExceptionally(t);
        }
      });
    } catch (Throwable t) { // e.g. a rejected task
      x.result().completeExceptionally(t);
    }
  }

  /** One request: where, its body cap, its deadline, the future its attempts complete, and where they run. */
  private record Exchange(URI uri, String url, long cap, Budget.Deadline deadline, CompletableFuture<byte[]> result,
      Executor runner) {}

  private void attempt(Exchange x, int attempt) {
    CompletableFuture<byte[]> result = x.result();
    if (isClosed()) {
      result.completeExceptionally(closedException()); // closed while waiting to retry
      return;
    }
    HostUnavailableException failed = shared.hosts().refusal(x.uri());
    if (failed != null) {
      result.completeExceptionally(failed); // no new request to a host that failed
      return;
    }
    long remaining = shared.budget().remaining(x.deadline());
    if (remaining <= 0) {
      result.completeExceptionally(timedOut(x, null));
      return;
    }
    shared.requests().incrementAndGet();
    CompletableFuture<Transport.Response> response = transport.get(x.uri(), settings.userAgent(), remaining, x.cap());
    // A caller that cancels the result also abandons the exchange in flight.
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) {
        response.cancel(true);
      }
    });
    response.whenComplete((resp, failure) -> {
      try {
        onResponse(x, attempt, resp, failure);
      } catch (Throwable t) {
        // Whatever went wrong here (an OutOfMemoryError, a bug), the caller must hear of it.
        result.completeExceptionally(t);
      }
    });
  }

  private void onResponse(Exchange x, int attempt, Transport.Response resp, Throwable failure) {
    if (failure != null) {
      onFailure(x, attempt, failure);
      return;
    }
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    RetryPolicy retry = settings.retry();
    int status = resp.status();
    if (status == 407) {
      HostUnavailableException proxy = settings.failures().proxyAuthentication(x.uri());
      if (proxy != null) {
        result.completeExceptionally(shared.hosts().fail(x.uri(), proxy));
        return;
      }
    }
    if (status == 401 && settings.failures().lacksCredentials(x.uri())) {
      result.completeExceptionally(new IOException(settings.failures().missingCredentials(x.uri(), url)));
      return;
    }
    if (status == 200) {
      result.complete(resp.body());
    } else if (status == 404 || status == 410) {
      result.completeExceptionally(new NotFoundException(url, status, Failures.statusMessage(url, resp, null)));
    } else if (retry.retriesStatus(status, attempt)) {
      Optional<Duration> asked = retry.requested(resp.header("Retry-After"));
      Duration delay = asked.map(retry::cap).orElseGet(() -> retry.backoff(attempt));
      if (!shared.budget().beyond(x.deadline(), delay)) {
        retryLater(x, attempt, delay);
      } else if (asked.isPresent()) {
        result.completeExceptionally(new IOException(Failures.statusMessage(url, resp, "server asked to retry after "
            + Failures.seconds(asked.get()) + ", beyond the " + timeoutText() + " timeout")));
      } else {
        result.completeExceptionally(new IOException(Failures.statusMessage(url, resp,
            "no time left to retry within the " + timeoutText() + " timeout")));
      }
    } else {
      result.completeExceptionally(new IOException(Failures.statusMessage(url, resp, null)));
    }
  }

  private void onFailure(Exchange x, int attempt, Throwable failure) {
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    Throwable cause = unwrap(failure);
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof Error err) {
        result.completeExceptionally(err); // never disguised as an I/O failure
        return;
      }
      if (c instanceof ResponseTooLargeException big) {
        result.completeExceptionally(CappedBody.tooLarge(url, x.cap(), big.declaredLength().orElse(-1)));
        return;
      }
    }
    Failures failures = settings.failures();
    HostUnavailableException unreachable = failures.hostFailure(x.uri(), cause);
    boolean giveUpOnTimeout = shared.hosts().enabled() || x.deadline().overall();
    if (cause instanceof TimeoutException) {
      result.completeExceptionally(timedOut(x, null));
    } else if (settings.retry().retriesFailure(cause, attempt)) {
      Duration delay = settings.retry().backoff(attempt);
      if (!shared.budget().beyond(x.deadline(), delay)) {
        retryLater(x, attempt, delay);
      } else if (unreachable != null) {
        result.completeExceptionally(shared.hosts().fail(x.uri(), unreachable));
      } else {
        result.completeExceptionally(new IOException("reading " + url + ": " + Failures.describe(cause)
            + ": no time left to retry within the " + timeoutText() + " timeout", cause));
      }
    } else if (unreachable != null) {
      result.completeExceptionally(shared.hosts().fail(x.uri(), unreachable));
    } else if (cause instanceof HttpTimeoutException && giveUpOnTimeout) {
      result.completeExceptionally(timedOut(x, cause));
    } else if (Failures.isMissingCredentials(cause)) {
      result.completeExceptionally(new IOException(failures.missingCredentials(x.uri(), url), cause));
    } else if (cause instanceof IOException) {
      result.completeExceptionally(cause instanceof HttpTimeoutException
          ? Failures.timeout(url, cause) : new IOException("reading " + url + ": " + Failures.describe(cause), cause));
    } else {
      result.completeExceptionally(new IOException("reading " + url + ": " + Failures.describe(cause), cause));
    }
  }

  private void retryLater(Exchange x, int attempt, Duration delay) {
    CompletableFuture<byte[]> result = x.result();
    String url = x.url();
    CompletionStage<Void> slept;
    try {
      slept = settings.retry().sleeper().sleep(delay);
    } catch (RuntimeException e) {
      result.completeExceptionally(new IOException("reading " + url + ": cannot wait to retry", e));
      return;
    }
    slept.whenComplete((v, failure) -> {
      try {
        if (failure != null) {
          result.completeExceptionally(new IOException("reading " + url + ": cannot wait to retry", failure));
        } else if (!result.isDone()) {
          run(x, attempt + 1);
        }
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
  }

  private String timeoutText() {
    return Failures.seconds(shared.budget().requestTimeout());
  }

  /**
   * The failure of a request whose deadline passed: with fail-fast or the overall deadline, a {@link
   * HostUnavailableException} (that, with fail-fast, stops further requests to the host); else an
   * {@link HttpTimeoutException}.
   */
  private IOException timedOut(Exchange x, Throwable cause) {
    Budget budget = shared.budget();
    if (shared.hosts().enabled() || x.deadline().overall()) {
      String reason = x.deadline().overall()
          ? "gave up: the overall deadline of " + Failures.seconds(budget.overall()) + " passed"
          : "timed out after " + timeoutText() + " without an answer";
      return shared.hosts().fail(x.uri(),
          new HostUnavailableException(x.uri().getHost(), reason, "reading " + x.url(), cause));
    }
    HttpTimeoutException e = new HttpTimeoutException("reading " + x.url() + ": timed out after "
        + budget.requestTimeout().toMillis() + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** A {@code Retry-After} value (seconds or HTTP-date) measured against {@code clock}, if usable. */
  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    return RetryPolicy.parseRetryAfter(value, clock);
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
    return "HttpFetcher{" + base + ", " + shared.requests().get() + " requests" + (isClosed() ? ", closed" : "") + "}";
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
    private int maxConnections;
    private boolean jdkClient;

    private Builder() {}

    /**
     * The most connections kept to one host (HTTP/1.1 sends one request at a time on a connection).
     * Default: {@value HttpFetcher#DEFAULT_HTTP_CONNECTIONS} for an http base URL and {@value
     * HttpFetcher#DEFAULT_HTTPS_CONNECTIONS} for https (as many as {@link
     * dev.sumdb4j.tlog.client.SumdbClient}'s requests in flight). Each https connection costs a TLS
     * handshake: fewer connections spend less CPU in a short-lived JVM and wait longer (BENCHMARKS.md,
     * issue 11: 16 saved about 0.2-0.8 s of CPU and cost 0.3 s of wall time in a cold run, and made
     * a long-lived client 2.4 times slower than Go's). Not used by the HTTP/2 client ({@link
     * #httpVersion}), which multiplexes requests on one connection.
     *
     * @param n the most connections, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + n);
      }
      this.maxConnections = n;
      return this;
    }

    /** Whether to use java.net.http.HttpClient rather than the default transport (tests: both). */
    Builder jdkClient(boolean jdkClient) {
      this.jdkClient = jdkClient;
      return this;
    }

    /**
     * The base URL (http or https; may have a path, e.g. {@code https://proxy.golang.org/sumdb/sum.golang.org}). Required.
     *
     * @param baseUri the base URL
     * @return this builder
     */
    public Builder baseUri(String baseUri) {
      this.baseUri = checkBase(baseUri);
      return this;
    }

    /**
     * The {@code User-Agent} header.
     *
     * @param userAgent the header's value, printable ASCII
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isEmpty() || userAgent.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("invalid user agent: " + userAgent);
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * How long to wait for a connection.
     *
     * @param d the timeout, positive
     * @return this builder
     */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /**
     * How long one request may take: every attempt (headers and body), the backoff between them and
     * any {@code Retry-After} wait.
     *
     * @param d the timeout, positive
     * @return this builder
     */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /**
     * Retries after the first attempt on connection failures, 429 and 5xx (0 = none).
     *
     * @param n the number of retries, not negative
     * @return this builder
     */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries < 0: " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /**
     * The first retry's backoff (before jitter) and its cap.
     *
     * @param initial the first retry's backoff, positive
     * @param max the cap, positive and not below {@code initial}
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive(initial, "initial backoff");
      this.maxBackoff = positive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff < initial backoff");
      }
      return this;
    }

    /**
     * The longest {@code Retry-After} honoured; longer requests wait this long.
     *
     * @param d the longest wait, not negative
     * @return this builder
     */
    public Builder maxRetryAfter(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must be >= 0");
      }
      this.maxRetryAfter = d;
      return this;
    }

    /**
     * The largest accepted response body of any kind (each kind has its own lower cap: {@link ResponseCaps}).
     *
     * @param n the cap in bytes, positive
     * @return this builder
     */
    public Builder maxResponseBytes(long n) {
      if (n <= 0 || n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxResponseBytes out of range: " + n);
      }
      this.maxResponseBytes = n;
      return this;
    }

    /**
     * The executor for the HTTP client's asynchronous work: {@link HttpFetcher#getAsync}'s blocking
     * exchanges, the HTTP/2 client's own tasks ({@link HttpFetcher#get} works on the calling thread).
     *
     * <p>The executor stays the caller's: {@link HttpFetcher#close} does not shut it down. The
     * default pool is shared by every fetcher of the JVM; its idle threads end after a few seconds.
     *
     * @param executor the executor, or null for a default pool of daemon threads
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** How to wait between retries (tests: record and return at once). */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against (tests). */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic time in nanoseconds each request's deadline is measured with (tests: a fake). */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The source of jitter, uniform in [0, 1] (tests). */
    Builder jitter(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The HTTP version. Default: HTTP/1.1 through Apache HttpClient (chosen by measurement: the least
     * CPU in a short-lived JVM). {@link HttpClient.Version#HTTP_2} uses {@link java.net.http.HttpClient}
     * instead, HTTP/2 where the server offers it (one connection per host); {@link
     * HttpClient.Version#HTTP_1_1} keeps the default.
     *
     * @param version the version
     * @return this builder
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
     *
     * @param failFast whether a host that failed once gets no further request
     * @return this builder
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * A deadline for every request of this fetcher and its {@link HttpFetcher#withBase} copies,
     * measured from {@link #build}: a request still running then fails with a {@link
     * HostUnavailableException}, and later ones are not sent. Default: none.
     *
     * @param d the deadline, positive
     * @return this builder
     */
    public Builder deadline(Duration d) {
      this.deadline = positive(d, "deadline");
      return this;
    }

    /**
     * The network environment ({@link NetworkEnvironment#from}): extra trusted CAs, proxies, .netrc
     * credentials. Default: none (the JDK's trust store only, no proxy, no credentials).
     *
     * @param network the network environment
     * @return this builder
     */
    public Builder network(NetworkEnvironment network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /**
     * A new fetcher.
     *
     * @return the fetcher
     * @throws IllegalStateException if no base URL was set
     */
    public HttpFetcher build() {
      if (baseUri == null) {
        throw new IllegalStateException("baseUri is required");
      }
      boolean jdk = jdkClient || (versionChosen && version == HttpClient.Version.HTTP_2);
      int connections = maxConnections > 0 ? maxConnections
          : baseUri.regionMatches(true, 0, "https:", 0, 6) ? DEFAULT_HTTPS_CONNECTIONS : DEFAULT_HTTP_CONNECTIONS;
      Transport transport = jdk
          ? JdkTransport.create(baseUri, versionChosen ? version : null, connectTimeout, executor, network)
          : ApacheTransport.create(baseUri, connectTimeout, connections, network);
      RetryPolicy retry = new RetryPolicy(maxRetries, initialBackoff, maxBackoff, maxRetryAfter, sleeper, clock, random);
      Settings s = new Settings(userAgent, maxResponseBytes, retry,
          new Failures(network.proxies(), network.netrc(), connectTimeout, jdk),
          executor != null ? executor : DefaultExecutor.POOL);
      return new HttpFetcher(transport, baseUri, s,
          new Shared(new AtomicLong(), new HostState(failFast),
              new AtomicReference<>(Budget.start(ticker, requestTimeout, deadline)), new java.util.concurrent.atomic.AtomicBoolean()), true);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
