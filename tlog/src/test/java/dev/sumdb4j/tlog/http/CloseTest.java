package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.sumdb4j.tlog.testlog.KeepAliveServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpFetcher#close}: the server sees the pooled connections closed, build/use/close cycles
 * leave no connection and no thread behind, close is idempotent, a closed fetcher (and its {@link
 * HttpFetcher#withBase} copies) refuses requests with an {@link IllegalStateException}, and a copy
 * does not own the pool.
 */
class CloseTest {
  static final byte[] HELLO = KeepAliveServer.HELLO;

  private KeepAliveServer server;

  @BeforeEach
  void start() throws IOException {
    server = new KeepAliveServer();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private HttpFetcher fetcher() {
    return HttpFetcher.builder().baseUri(server.url()).maxRetries(0).build();
  }

  /** Sends {@code n} requests at once, so that the pool holds up to {@code n} connections. */
  private static void concurrently(HttpFetcher f, int n) throws Exception {
    List<CompletableFuture<byte[]>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(f.getAsync("/latest"));
    }
    for (CompletableFuture<byte[]> r : all) {
      assertArrayEquals(HELLO, r.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void close_serverSeesThePooledConnectionsClosed() throws Exception {
    HttpFetcher f = fetcher();
    concurrently(f, 4);
    assertTrue(server.open() >= 1, "the pool keeps its connections alive: " + server.open());
    PoolStatsView before = PoolStatsView.of(f);
    assertTrue(before.available() >= 1, "pooled: " + before);
    f.close();
    server.awaitOpen(0); // fails (times out) while the pool holds them
    assertEquals(0, server.open());
  }

  @Test
  void close_twice_harmless() throws Exception {
    HttpFetcher f = fetcher();
    assertArrayEquals(HELLO, f.get("/latest"));
    f.close();
    f.close();
    server.awaitOpen(0);
    assertTrue(f.toString().contains("closed"), f.toString());
  }

  @Test
  void useAfterClose_failsClearly() throws Exception {
    HttpFetcher f = fetcher();
    f.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.get("/latest"));
    assertEquals("http fetcher for " + server.url() + " is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> f.getAsync("/latest"));
    assertThrows(IllegalStateException.class,
        () -> f.stream("/latest", Duration.ofSeconds(5), Duration.ofSeconds(5), new Sink()));
    assertThrows(IllegalStateException.class, () -> f.withBase(server.url() + "/other"));
    assertEquals(0, server.requests(), "no request reached the server");
  }

  @Test
  void withBase_copyClosesOnlyItself_originalClosesAll() throws Exception {
    HttpFetcher f = fetcher();
    HttpFetcher copy = f.withBase(server.url() + "/sumdb/x");
    assertArrayEquals(HELLO, copy.get("/latest"));
    copy.close();
    assertThrows(IllegalStateException.class, () -> copy.get("/latest"));
    assertArrayEquals(HELLO, f.get("/latest"), "closing a copy leaves the original's pool open");
    HttpFetcher other = f.withBase(server.url() + "/sumdb/y");
    f.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.get("/latest"));
    assertTrue(e.getMessage().contains("the fetcher it was copied from was closed"), e.getMessage());
    server.awaitOpen(0);
  }

  @Test
  void streamAndGet_bothReleasedByClose() throws Exception {
    HttpFetcher f = fetcher();
    Sink sink = new Sink();
    f.stream("/x.zip", Duration.ofSeconds(10), Duration.ofSeconds(30), sink);
    assertEquals(HELLO.length, sink.size);
    assertArrayEquals(HELLO, f.get("/latest"));
    f.close();
    server.awaitOpen(0);
  }

  @Test
  void jdkTransport_closeIsIdempotentAndRefusesUse() throws Exception {
    HttpFetcher f = HttpFetcher.builder().baseUri(server.url()).jdkClient(true).maxRetries(0).build();
    assertArrayEquals(HELLO, f.get("/latest"));
    f.close();
    f.close();
    assertThrows(IllegalStateException.class, () -> f.get("/latest"));
    assertThrows(IllegalStateException.class, () -> f.getAsync("/latest"));
  }

  @Test
  void closeFromManyThreads_closesOnce() throws Exception {
    HttpFetcher f = fetcher();
    concurrently(f, 2);
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(f::close, "closer-" + i);
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    server.awaitOpen(0);
    assertThrows(IllegalStateException.class, () -> f.get("/latest"));
  }

  @Test
  void repeatedCycles_leaveNoConnectionsAndNoThreads() throws Exception {
    // one cycle first: the JVM-wide watchdog thread starts on first use
    try (HttpFetcher f = fetcher()) {
      f.get("/latest");
      f.stream("/x.zip", Duration.ofSeconds(10), Duration.ofSeconds(30), new Sink());
    }
    server.awaitOpen(0);
    Set<String> before = threadNames();
    for (int i = 0; i < 200; i++) {
      try (HttpFetcher f = fetcher()) {
        assertArrayEquals(HELLO, f.get("/latest"));
        f.stream("/x.zip", Duration.ofSeconds(10), Duration.ofSeconds(30), new Sink());
      }
    }
    server.awaitOpen(0); // without close: 200 pooled connections stay open
    assertEquals(0, server.open());
    assertTrue(server.accepted() >= 200, "each fetcher had its own pool: " + server.accepted());
    Set<String> after = threadNames();
    after.removeAll(before);
    assertEquals(Set.of(), after, "threads left behind");
  }

  static Set<String> threadNames() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !t.getName().startsWith(KeepAliveServer.THREAD_PREFIX)) {
        names.add(t.getName());
      }
    }
    return names;
  }

  /** The Apache pool's totals, read through the transport's package-private seam. */
  record PoolStatsView(int leased, int available) {
    static PoolStatsView of(HttpFetcher f) {
      var s = ((ApacheTransport) f.transport()).poolStats();
      return new PoolStatsView(s.getLeased(), s.getAvailable());
    }
  }

  /** A body receiver that counts. */
  static final class Sink implements HttpFetcher.BodyReceiver {
    long size;

    @Override
    public void start(long declaredLength) {
      size = 0;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      size += len;
    }
  }
}
