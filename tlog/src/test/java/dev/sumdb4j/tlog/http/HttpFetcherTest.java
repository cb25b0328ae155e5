package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.testdata.RefusedPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {
  private HttpServer server;
  private ExecutorService pool;
  private String root;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Map<String, String> userAgents = new ConcurrentHashMap<>();
  private final List<String> rawPaths = new CopyOnWriteArrayList<>();
  private final AtomicInteger flaky = new AtomicInteger();
  /** Paths answered with this many bytes ({@code length} header or chunked: {@link #chunked}). */
  private final Map<String, Integer> sized = new ConcurrentHashMap<>();
  private volatile boolean chunked;
  /** Paths answered with more bytes than the cap allows, then no end: only a client that stops early ends. */
  private final Map<String, Long> endless = new ConcurrentHashMap<>();
  /** The https server a /tohttps redirect points to. */
  private volatile String httpsTarget = "https://127.0.0.1:1";

  /** Whether the fetchers of this test use java.net.http.HttpClient rather than the default transport. */
  boolean jdk() {
    return false;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    root = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    rawPaths.add(path);
    userAgents.put(path, String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
    try (ex) {
      if (sized.containsKey(path)) {
        int n = sized.get(path);
        ex.sendResponseHeaders(200, chunked ? 0 : n);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(new byte[n]);
        }
      } else if (endless.containsKey(path)) {
        long declared = endless.get(path);
        ex.sendResponseHeaders(200, declared); // 0: chunked
        OutputStream out = ex.getResponseBody();
        out.write(new byte[declared == 0 ? 300_000 : 1]);
        out.flush();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (path.endsWith("/moved")) {
        ex.getResponseHeaders().set("Location", "/ok");
        send(ex, 301, "text/plain", "moved\n");
      } else if (path.endsWith("/tofile")) {
        ex.getResponseHeaders().set("Location", "file:///etc/passwd");
        send(ex, 302, "text/plain", "elsewhere\n");
      } else if (path.endsWith("/toftp")) {
        ex.getResponseHeaders().set("Location", "ftp://127.0.0.1/ok");
        send(ex, 302, "text/plain", "elsewhere\n");
      } else if (path.endsWith("/tohttps")) {
        ex.getResponseHeaders().set("Location", httpsTarget + "/fromhttp");
        send(ex, 302, "text/plain", "secure\n");
      } else if (path.endsWith("/retryforever")) {
        ex.getResponseHeaders().set("Retry-After", "999999");
        send(ex, 429, "text/plain", "slow down\n");
      } else if (path.endsWith("/ok")) {
        send(ex, 200, "text/plain", "hello\n");
      } else if (path.endsWith("/missing")) {
        send(ex, 404, "text/plain", "not found: nothing here\n");
      } else if (path.endsWith("/gone")) {
        send(ex, 410, "text/plain", "gone\n");
      } else if (path.endsWith("/flaky")) {
        if (flaky.getAndIncrement() == 0) {
          send(ex, 500, "text/plain", "oops\n");
        } else {
          send(ex, 200, "application/octet-stream", "recovered");
        }
      } else if (path.endsWith("/busy")) {
        if (flaky.getAndIncrement() == 0) {
          ex.getResponseHeaders().set("Retry-After", "7");
          send(ex, 429, "text/plain", "slow down\n");
        } else {
          send(ex, 200, "text/plain", "done");
        }
      } else if (path.endsWith("/busydate")) {
        if (flaky.getAndIncrement() == 0) {
          ex.getResponseHeaders().set("Retry-After", "Mon, 23 Nov 2026 12:00:30 GMT");
          send(ex, 503, "text/plain", "later\n");
        } else {
          send(ex, 200, "text/plain", "done");
        }
      } else if (path.endsWith("/busylong")) {
        if (flaky.getAndIncrement() == 0) {
          ex.getResponseHeaders().set("Retry-After", "86400");
          send(ex, 503, "text/plain", "much later\n");
        } else {
          send(ex, 200, "text/plain", "done");
        }
      } else if (path.endsWith("/down")) {
        flaky.incrementAndGet();
        send(ex, 503, "text/plain", "line1\nline2\n");
      } else if (path.endsWith("/controls")) {
        send(ex, 418, "text/plain", "a\u0085b\u202ec\u2066d\u001be\u200ff\n");
      } else if (path.endsWith("/teapot")) {
        send(ex, 418, "text/plain", "short and stout\n");
      } else if (path.endsWith("/big")) {
        send(ex, 200, "application/octet-stream", "x".repeat(5000));
      } else if (path.endsWith("/bigchunked")) {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          for (int i = 0; i < 10; i++) {
            out.write("y".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
      } else if (path.endsWith("/drip")) {
        // one byte every 20 ms: never a stall of any read, and no end for about 20 s
        ex.sendResponseHeaders(200, 1000);
        OutputStream out = ex.getResponseBody();
        try {
          for (int i = 0; i < 1000 && !release.await(20, TimeUnit.MILLISECONDS); i++) {
            out.write('d');
            out.flush();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (path.endsWith("/slow")) {
        ex.sendResponseHeaders(200, 100);
        OutputStream out = ex.getResponseBody();
        out.write("partial".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        send(ex, 200, "text/plain", "path=" + path);
      }
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  HttpFetcher.Builder builder(String base) {
    return HttpFetcher.builder().jdkClient(jdk())
        .baseUri(base)
        .requestTimeout(Duration.ofSeconds(20))
        .sleeper(d -> {
          sleeps.add(d);
          return CompletableFuture.completedFuture(null);
        })
        .jitter(() -> 1.0);
  }

  @Test
  void get_200_returnsBody() throws IOException {
    HttpFetcher f = builder(root).build();
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.get("/ok"));
    assertEquals(1, f.requestCount());
  }

  @Test
  void plainHttp_neverBuildsTheDefaultTlsContext_butItIsThereForARedirectToHttps() throws Exception {
    HttpFetcher f = builder(root).build();
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.get("/ok"));
    assertFalse(LazyTls.used(f.sslContext()), "an http:// fetch asked for TLS");
    javax.net.ssl.SSLEngine engine = f.sslContext().createSSLEngine("sum.golang.org", 443);
    assertTrue(LazyTls.used(f.sslContext()));
    assertTrue(engine.getEnabledProtocols().length > 0);
    assertFalse(LazyTls.used(builder("https://sum.golang.org").build().sslContext()), "https uses the default as is");
    assertEquals(java.util.List.of(javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getProtocols()),
        java.util.List.of(LazyTls.parameters().getProtocols()),
        "the lazy parameters name the JDK's default client protocols");
  }

  @Test
  void get_404_notFoundWithoutRetry() {
    HttpFetcher f = builder(root).maxRetries(3).build();
    NotFoundException e = assertThrows(NotFoundException.class, () -> f.get("/missing"));
    assertEquals(root + "/missing", e.url());
    assertEquals("reading " + root + "/missing: 404 Not Found\n\tserver response: not found: nothing here",
        e.getMessage());
    assertEquals(1, f.requestCount());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void get_410_notFound() {
    HttpFetcher f = builder(root).build();
    NotFoundException e = assertThrows(NotFoundException.class, () -> f.get("/gone"));
    assertTrue(e.getMessage().startsWith("reading " + root + "/gone: 410 Gone"), e.getMessage());
    assertEquals(1, f.requestCount());
  }

  @Test
  void get_500Then200_retried() throws IOException {
    HttpFetcher f = builder(root).maxRetries(2).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    assertArrayEquals("recovered".getBytes(StandardCharsets.UTF_8), f.get("/flaky"));
    assertEquals(2, f.requestCount());
    assertEquals(List.of(Duration.ofMillis(100)), sleeps);
  }

  @Test
  void get_429WithRetryAfterSeconds_waitsThatLong() throws IOException {
    HttpFetcher f = builder(root).maxRetries(1).build();
    assertArrayEquals("done".getBytes(StandardCharsets.UTF_8), f.get("/busy"));
    assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
  }

  @Test
  void get_503WithRetryAfterDate_waitsUntilThen() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    // The 30 s wait must fit in the request's timeout, which bounds retries too.
    HttpFetcher f = builder(root).requestTimeout(Duration.ofSeconds(60)).maxRetries(1).clock(clock).build();
    assertArrayEquals("done".getBytes(StandardCharsets.UTF_8), f.get("/busydate"));
    assertEquals(List.of(Duration.ofSeconds(30)), sleeps);
  }

  @Test
  void get_retryAfterTooLong_capped() throws IOException {
    HttpFetcher f = builder(root).maxRetries(1).maxRetryAfter(Duration.ofSeconds(5)).build();
    f.get("/busylong");
    assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
  }

  @Test
  void get_exhaustedRetries_failsWithStatusAndBody() {
    HttpFetcher f = builder(root).maxRetries(3).backoff(Duration.ofMillis(100), Duration.ofMillis(300)).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/down"));
    assertFalse(e instanceof NotFoundException);
    assertEquals("reading " + root + "/down: 503 Service Unavailable\n\tserver response: line1\n\tline2",
        e.getMessage());
    assertEquals(4, f.requestCount());
    assertEquals(4, flaky.get());
    // exponential, capped: 100, 200, 300 (jitter pinned at the top of [b/2, b])
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300)), sleeps);
  }

  @Test
  void get_jitter_staysInUpperHalf() throws IOException {
    HttpFetcher f = builder(root).jitter(() -> 0.0).maxRetries(1)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    f.get("/flaky");
    assertEquals(List.of(Duration.ofMillis(50)), sleeps);
  }

  @Test
  void get_errorBody_c0C1AndBidiControlsShownAsQuestionMarks() {
    HttpFetcher f = builder(root).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/controls"));
    assertEquals("reading " + root + "/controls: 418\n\tserver response: a?b?c?d?e?f", e.getMessage());
  }

  @Test
  void get_otherStatus_notRetried() {
    HttpFetcher f = builder(root).maxRetries(3).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/teapot"));
    assertEquals("reading " + root + "/teapot: 418\n\tserver response: short and stout", e.getMessage());
    assertEquals(1, f.requestCount());
  }

  @Test
  void get_oversizedBody_failsWithCap() {
    HttpFetcher f = builder(root).maxResponseBytes(4096).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/big"));
    assertEquals("response from " + root + "/big exceeds 4096 bytes", e.getMessage());
    IOException e2 = assertThrows(IOException.class, () -> f.get("/bigchunked"));
    assertEquals("response from " + root + "/bigchunked exceeds 4096 bytes", e2.getMessage());
    assertEquals(2, f.requestCount());
    // one public type, with what an embedder needs: the URL, the cap, the declared length if any
    ResponseTooLargeException declared = assertInstanceOf(ResponseTooLargeException.class, e);
    assertEquals(root + "/big", declared.url());
    assertEquals(4096, declared.cap());
    assertEquals(java.util.OptionalLong.of(5000), declared.declaredLength());
    ResponseTooLargeException grown = assertInstanceOf(ResponseTooLargeException.class, e2);
    assertEquals(java.util.OptionalLong.empty(), grown.declaredLength());
  }

  @Test
  void get_bodyAtCap_accepted() throws IOException {
    HttpFetcher f = builder(root).maxResponseBytes(5000).build();
    assertEquals(5000, f.get("/big").length);
  }

  @Test
  void get_slowBody_hitsRequestTimeout() {
    HttpFetcher f = builder(root).requestTimeout(Duration.ofMillis(300)).maxRetries(2).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/slow"));
    assertInstanceOf(HttpTimeoutException.class, e);
    assertTrue(e.getMessage().startsWith("reading " + root + "/slow: timed out"), e.getMessage());
    assertEquals(1, f.requestCount());
  }

  @Test
  void get_drippingBody_endsAtTheRequestTimeout() {
    // A database (or something in front of it) that sends a byte now and then cannot hold verify:
    // the request timeout bounds the whole exchange, not each read.
    HttpFetcher f = builder(root).requestTimeout(Duration.ofSeconds(1)).maxRetries(2).build();
    IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(IOException.class, () -> f.get("/lookup/drip")));
    assertInstanceOf(HttpTimeoutException.class, e);
    assertTrue(e.getMessage().startsWith("reading " + root + "/lookup/drip: timed out"), e.getMessage());
    assertEquals(1, f.requestCount(), "a timed-out attempt is not retried");
  }

  @Test
  void get_userAgent_sent() throws IOException {
    builder(root).build().get("/ok");
    assertEquals(HttpFetcher.DEFAULT_USER_AGENT, userAgents.get("/ok"));
    assertTrue(HttpFetcher.DEFAULT_USER_AGENT.startsWith("sumdb4j/"));
    builder(root).userAgent("custom/1.0").build().get("/x/ok");
    assertEquals("custom/1.0", userAgents.get("/x/ok"));
  }

  @Test
  void get_basePathAndEscapes_joinedWithoutEncoding() throws IOException {
    HttpFetcher f = builder(root + "/sumdb/sum.golang.org/").build();
    String p = "/lookup/github.com/!burnt!sushi/toml@v0.3.1+incompatible";
    byte[] body = f.get(p);
    assertEquals("path=/sumdb/sum.golang.org" + p, new String(body, StandardCharsets.UTF_8));
    assertEquals(List.of("/sumdb/sum.golang.org" + p), rawPaths);
    assertEquals(root + "/sumdb/sum.golang.org/tile/8/0/x001/234.p/17", f.url("/tile/8/0/x001/234.p/17"));
  }

  @Test
  void withBase_sharesCounter() throws IOException {
    HttpFetcher f = builder(root).build();
    HttpFetcher g = f.withBase(root + "/sumdb/x");
    g.get("/ok");
    f.get("/ok");
    assertEquals(2, f.requestCount());
    assertEquals(List.of("/sumdb/x/ok", "/ok"), rawPaths);
  }

  @Test
  void get_badPath_rejectedBeforeSending() {
    HttpFetcher f = builder(root).build();
    for (String p : List.of("lookup/x", "/lookup/a?b", "/a#b", "/a/../b", "/a b", "/a%2e", "/a\\b")) {
      IOException e = assertThrows(IOException.class, () -> f.get(p), p);
      assertTrue(e.getMessage().contains("request path"), e.getMessage());
    }
    assertEquals(0, f.requestCount());
  }

  @Test
  void redirect_sameScheme_followed() throws IOException {
    HttpFetcher f = builder(root).build();
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.get("/moved"));
    assertEquals(List.of("/moved", "/ok"), rawPaths);
    assertEquals(1, f.requestCount(), "a redirect is part of its request");
  }

  @Test
  void redirect_toAnotherScheme_notFollowed() {
    for (String p : List.of("/tofile", "/toftp")) {
      HttpFetcher f = builder(root).maxRetries(0).build();
      IOException e = assertThrows(IOException.class, () -> f.get(p));
      assertTrue(e.getMessage().startsWith("reading " + root + p + ": "), e.getMessage());
    }
    assertEquals(List.of("/tofile", "/toftp"), rawPaths);
  }

  @Test
  void redirect_httpToHttps_followed_httpsToHttp_never(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    dev.sumdb4j.tlog.testlog.TestTls tls = dev.sumdb4j.tlog.testlog.TestTls.create("redirect CA");
    List<String> seen = new CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpsServer https = tls.serve(ex -> {
      String path = ex.getRequestURI().getRawPath();
      seen.add(path);
      if (path.equals("/tohttp")) {
        ex.getResponseHeaders().set("Location", root + "/ok");
        send(ex, 302, "text/plain", "down\n");
      } else {
        send(ex, 200, "text/plain", "secure hello\n");
      }
      ex.close();
    });
    try {
      String base = "https://127.0.0.1:" + https.getAddress().getPort();
      httpsTarget = base;
      NetworkEnvironment trust = NetworkEnvironment.from(Map.of("SSL_CERT_FILE",
          tls.writeCaPem(dir.resolve("ca.pem")).toString()));
      HttpFetcher up = builder(root).network(trust).build();
      assertArrayEquals("secure hello\n".getBytes(StandardCharsets.UTF_8), up.get("/tohttps"));
      assertEquals(List.of("/fromhttp"), seen);

      HttpFetcher down = builder(base).network(trust).maxRetries(0).build();
      IOException e = assertThrows(IOException.class, () -> down.get("/tohttp"));
      assertTrue(e.getMessage().startsWith("reading " + base + "/tohttp: 302"), e.getMessage());
      assertEquals(List.of("/tohttps"), rawPaths, "followed from https to http");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void get_connectionRefused_retriedThenFails() throws IOException {
    try (RefusedPort refused = RefusedPort.open()) {
      int port = refused.port();
      HttpFetcher f = builder("http://127.0.0.1:" + port).maxRetries(2).build();
      IOException e = assertThrows(IOException.class, () -> f.get("/ok"));
      assertFalse(e instanceof NotFoundException);
      assertEquals("127.0.0.1: connection refused (dial 127.0.0.1:" + port + ")", e.getMessage());
      assertTrue(e instanceof HostUnavailableException h && h.sent(), e.toString());
      assertEquals(3, f.requestCount());
      assertEquals(2, sleeps.size());
      // Without fail-fast, the next request tries again.
      assertThrows(HostUnavailableException.class, () -> f.get("/ok"));
      assertEquals(6, f.requestCount());
    }
  }

  @Test
  void get_failFast_noRequestAfterTheHostFailed() throws IOException {
    try (RefusedPort refused = RefusedPort.open()) {
      int port = refused.port();
      HttpFetcher f = builder("http://127.0.0.1:" + port).maxRetries(2).failFast(true).build();
      HostUnavailableException first = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals(3, f.requestCount());
      HostUnavailableException again = assertThrows(HostUnavailableException.class, () -> f.withBase(
          "http://127.0.0.1:" + port + "/other").get("/b"));
      assertEquals(first.getMessage(), again.getMessage());
      assertFalse(again.sent());
      assertEquals(3, f.requestCount());
      // Another host is still asked.
      assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.withBase(root).get("/ok"));
    }
  }

  @Test
  void newRun_triesAFailedHostAgain_andRestartsTheOverallDeadline() throws IOException {
    try (RefusedPort refused = RefusedPort.open()) {
      HttpFetcher f = builder("http://127.0.0.1:" + refused.port()).maxRetries(0).failFast(true).build();
      assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertFalse(assertThrows(HostUnavailableException.class, () -> f.get("/b")).sent());
      assertEquals(1, f.requestCount());
      f.newRun();
      assertTrue(assertThrows(HostUnavailableException.class, () -> f.get("/c")).sent());
      assertEquals(2, f.requestCount());
    }
    HttpFetcher f = fakeTime(Duration.ofSeconds(30)).deadline(Duration.ofSeconds(120)).build();
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.get("/ok"));
    ticks.addAndGet(Duration.ofSeconds(121).toNanos());
    HostUnavailableException late = assertThrows(HostUnavailableException.class, () -> f.get("/ok"));
    assertTrue(late.getMessage().contains("gave up: the overall deadline of 120 s passed"), late.getMessage());
    f.newRun();
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), f.withBase(root).get("/ok"));
  }

  @Test
  void get_noSuchHost_saysSo() {
    HttpFetcher f = builder("http://no-such-host.invalid").maxRetries(0).build();
    HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/ok"));
    assertEquals("no-such-host.invalid: no such host (dial no-such-host.invalid:80)", e.getMessage());
  }

  @Test
  void getAsync_manyConcurrent_allComplete() throws Exception {
    HttpFetcher f = builder(root).build();
    List<CompletableFuture<byte[]>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fs.add(f.getAsync("/n/" + i));
    }
    for (int i = 0; i < 50; i++) {
      assertEquals("path=/n/" + i, new String(fs.get(i).get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }
    assertEquals(50, f.requestCount());
  }

  @Test
  void getAsync_notFound_failsFutureWithNotFound() {
    HttpFetcher f = builder(root).build();
    Throwable t = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> f.getAsync("/missing").get(20, TimeUnit.SECONDS)).getCause();
    assertInstanceOf(NotFoundException.class, t);
  }

  @Test
  void getAsync_cancelledDuringBackoff_noRetry() throws Exception {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(1);
    HttpFetcher f = HttpFetcher.builder().baseUri(root).maxRetries(3).sleeper(d -> {
      waiting.countDown();
      return gate;
    }).build();
    CompletableFuture<byte[]> r = f.getAsync("/down");
    assertTrue(waiting.await(20, TimeUnit.SECONDS));
    assertTrue(r.cancel(true));
    gate.complete(null);
    assertEquals(1, f.requestCount());
  }

  @Test
  void caps_perKind_atCapAcceptedAboveRejected() throws IOException {
    Map<String, Integer> caps = Map.of(
        "/latest", ResponseCaps.MAX_NOTE_BYTES,
        "/lookup/example.com/m@v1.0.0", ResponseCaps.MAX_LOOKUP_BYTES,
        "/tile/8/0/x001/234", 8192,
        "/tile/8/1/000.p/5", 8192,
        "/tile/2/0/000", 128,
        "/tile/8/data/000", 256 * (ResponseCaps.MAX_RECORD_BYTES + 1),
        "/supported", ResponseCaps.MAX_SUPPORTED_BYTES);
    for (boolean c : new boolean[] {false, true}) {
      chunked = c;
      HttpFetcher f = builder(root).build();
      for (Map.Entry<String, Integer> e : caps.entrySet()) {
        String at = e.getKey();
        sized.put(at, e.getValue());
        assertEquals(e.getValue(), f.get(at).length, at);
        // One byte more, at another path of the same kind (/latest and /supported: under another base).
        boolean fixed = at.equals("/latest") || at.equals("/supported");
        String over = fixed ? "/sumdb/x" + at : at + "9";
        sized.put(over, e.getValue() + 1);
        HttpFetcher g = fixed ? f.withBase(root + "/sumdb/x") : f;
        IOException x = assertThrows(IOException.class, () -> g.get(fixed ? at : over));
        assertEquals("response from " + root + over + " exceeds " + e.getValue() + " bytes", x.getMessage(),
            "chunked=" + c);
      }
    }
  }

  @Test
  void caps_otherPaths_overallCap() {
    assertEquals(16L << 20, ResponseCaps.forPath("/other", 16L << 20));
    assertEquals(4096, ResponseCaps.forPath("/lookup/a@v1.0.0", 4096));
    assertEquals(32L << 16, ResponseCaps.forPath("/tile/30/0/000", 16L << 20)); // capped as height 16
    assertEquals(16L << 20, ResponseCaps.forPath("/tile/16/data/000", 16L << 20));
    assertEquals(16L << 20, ResponseCaps.forPath("/tile/x/0/000", 16L << 20));
  }

  @Test
  void caps_declaredLengthAboveCap_rejectedBeforeTheBody() {
    // The server declares one byte too many, sends one and stalls: only a client that reads the
    // Content-Length fails with the cap instead of waiting for the timeout.
    endless.put("/lookup/a@v1.0.0", (long) ResponseCaps.MAX_LOOKUP_BYTES + 1);
    HttpFetcher f = builder(root).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/lookup/a@v1.0.0"));
    assertEquals("response from " + root + "/lookup/a@v1.0.0 exceeds " + ResponseCaps.MAX_LOOKUP_BYTES + " bytes",
        e.getMessage());
  }

  @Test
  void caps_chunkedBodyPastCap_abandonedAtOnce() {
    // More than the cap, then the server stalls: the client must stop at the cap, not wait for the end.
    endless.put("/tile/8/0/000", 0L);
    HttpFetcher f = builder(root).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/tile/8/0/000"));
    assertEquals("response from " + root + "/tile/8/0/000 exceeds 8192 bytes", e.getMessage());
  }

  @Test
  void fileRemote_perKindCap() throws IOException {
    Path dir = java.nio.file.Files.createTempDirectory("fileremote");
    try {
      java.nio.file.Files.write(dir.resolve("latest"), new byte[ResponseCaps.MAX_NOTE_BYTES + 1]);
      FileRemote r = FileRemote.of(dir.toUri().toString(), 16L << 20);
      IOException e = assertThrows(IOException.class, () -> r.get("/latest"));
      assertTrue(e.getMessage().endsWith(" exceeds " + ResponseCaps.MAX_NOTE_BYTES + " bytes"), e.getMessage());
    } finally {
      java.nio.file.Files.delete(dir.resolve("latest"));
      java.nio.file.Files.delete(dir);
    }
  }

  @Test
  void fileRemote_fifo_refusedNeverBlocks(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    dev.sumdb4j.testdata.SpecialFiles.fifo(dir.resolve("latest"));
    FileRemote r = FileRemote.of(dir.toUri().toString(), 16L << 20);
    IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(IOException.class, () -> r.get("/latest")));
    assertTrue(e.getMessage().contains("/latest: is a special file (FIFO, device or socket), not a regular file"),
        e.getMessage());
  }

  @Test
  void error_inCallback_failsTheFutureWithIt() throws Exception {
    // The jitter runs in the client's completion callback: an Error there must reach the caller,
    // not leave a future that never completes.
    HttpFetcher f = builder(root).maxRetries(1).jitter(() -> {
      throw new OutOfMemoryError("test: no memory for jitter");
    }).build();
    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> f.getAsync("/down").get(20, TimeUnit.SECONDS));
    assertInstanceOf(OutOfMemoryError.class, e.getCause());
    OutOfMemoryError direct = assertThrows(OutOfMemoryError.class, () -> f.get("/down"));
    assertEquals("test: no memory for jitter", direct.getMessage());
  }

  /** A fake monotonic clock that the fake sleeper advances. */
  private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

  private HttpFetcher.Builder fakeTime(Duration timeout) {
    return builder(root).requestTimeout(timeout).ticker(ticks::get).sleeper(d -> {
      sleeps.add(d);
      ticks.addAndGet(d.toNanos());
      return CompletableFuture.completedFuture(null);
    });
  }

  @Test
  void timeout_retryAfterBeyondIt_failsAtOnceSayingSo() {
    HttpFetcher f = fakeTime(Duration.ofSeconds(5)).maxRetries(3).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/retryforever"));
    assertEquals("reading " + root + "/retryforever: 429 Too Many Requests: server asked to retry after 999999 s,"
        + " beyond the 5 s timeout\n\tserver response: slow down", e.getMessage());
    assertEquals(1, f.requestCount());
    assertEquals(List.of(), sleeps);
  }

  @Test
  void timeout_retryAfterCappedWithinIt_stillWaits() throws IOException {
    HttpFetcher f = fakeTime(Duration.ofSeconds(120)).maxRetries(1).build();
    f.get("/busylong"); // Retry-After 86400, capped at 60 s, within 120 s
    assertEquals(List.of(Duration.ofSeconds(60)), sleeps);
  }

  @Test
  void timeout_boundsBackoffAcrossAttempts() {
    // Waits are fake, but each attempt's own HTTP timeout is real (what is left of the budget):
    // a budget of seconds keeps a loaded machine's slow local answer inside it.
    HttpFetcher f = fakeTime(Duration.ofSeconds(10)).maxRetries(5)
        .backoff(Duration.ofSeconds(4), Duration.ofSeconds(80)).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/down"));
    // 4 s, then 8 s would start the third attempt 12 s after the first: beyond the timeout.
    assertEquals("reading " + root + "/down: 503 Service Unavailable: no time left to retry within the 10 s timeout"
        + "\n\tserver response: line1\n\tline2", e.getMessage());
    assertEquals(List.of(Duration.ofSeconds(4)), sleeps);
    assertEquals(2, f.requestCount());
  }

  @Test
  void timeout_spentBeforeAnAttempt_timesOut() {
    // A sleeper that oversleeps past the deadline: the next attempt is not made.
    HttpFetcher f = builder(root).requestTimeout(Duration.ofSeconds(1)).ticker(ticks::get).maxRetries(1)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(100)).sleeper(d -> {
          ticks.addAndGet(Duration.ofSeconds(2).toNanos());
          return CompletableFuture.completedFuture(null);
        }).build();
    IOException e = assertThrows(IOException.class, () -> f.get("/down"));
    assertInstanceOf(HttpTimeoutException.class, e);
    assertEquals("reading " + root + "/down: timed out after 1000 ms", e.getMessage());
    assertEquals(1, f.requestCount());
  }

  @Test
  void parseRetryAfter_forms() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    assertEquals(Optional.of(Duration.ofSeconds(0)), HttpFetcher.parseRetryAfter("0", clock));
    assertEquals(Optional.of(Duration.ofSeconds(120)), HttpFetcher.parseRetryAfter(" 120 ", clock));
    assertEquals(Optional.of(Duration.ZERO), HttpFetcher.parseRetryAfter(
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.parse("2026-11-23T11:00:00Z")), clock));
    assertEquals(Optional.empty(), HttpFetcher.parseRetryAfter("-5", clock));
    assertEquals(Optional.empty(), HttpFetcher.parseRetryAfter("soon", clock));
    assertEquals(Optional.empty(), HttpFetcher.parseRetryAfter("99999999999999", clock));
  }

  @Test
  void builder_badBase_rejected() {
    for (String b : List.of("ftp://x", "http://", "no-scheme", "http://u@h/", "http://h/?q")) {
      assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().baseUri(b), b);
    }
    assertThrows(IllegalStateException.class, () -> HttpFetcher.builder().build());
    assertTrue(Collections.unmodifiableList(sleeps).isEmpty());
  }
}
