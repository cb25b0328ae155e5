package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.sumdb4j.testdata.GoProgram;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many connections (each a TLS handshake on https) a batch of concurrent GETs costs (#11
 * Transport): HTTP/1.1 no more than the pool allows (one request at a time per connection), HTTP/2
 * one connection for them all.
 */
class ConnectionCountTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  /** Sends {@code n} GETs at once (from {@code n} threads) and checks every answer. */
  private static void batch(HttpFetcher f, int n, String path, byte[] want) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<byte[]>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
            return f.get(path);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      go.countDown();
      for (CompletableFuture<byte[]> r : all) {
        byte[] got = r.get(60, TimeUnit.SECONDS);
        if (want != null) {
          assertArrayEquals(want, got);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void https_http11_noMoreConnectionsThanThePool() throws Exception {
    TestTls tls = TestTls.create("count CA");
    HttpsServer server = tls.serve(ex -> {
      try {
        Thread.sleep(20); // a server's latency: the requests overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, HELLO.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(HELLO);
      }
    });
    try (CountingForwarder fwd = new CountingForwarder(server.getAddress().getPort())) {
      HttpFetcher f = HttpFetcher.builder().baseUri("https://127.0.0.1:" + fwd.port()).maxConnections(4)
          .network(NetworkEnvironment.from(Map.of("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("ca.pem")).toString())))
          .build();
      batch(f, 32, "/x", HELLO);
      batch(f, 32, "/y", HELLO);
      assertEquals(64, f.requestCount());
      assertTrue(fwd.connections() >= 1 && fwd.connections() <= 4, fwd.connections() + " connections");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void http_http11_defaultPool_noMoreConnectionsThanTheConcurrency() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, HELLO.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(HELLO);
      }
    });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    try (CountingForwarder fwd = new CountingForwarder(server.getAddress().getPort())) {
      HttpFetcher f = HttpFetcher.builder().baseUri("http://127.0.0.1:" + fwd.port()).build();
      batch(f, 16, "/x", HELLO);
      batch(f, 16, "/y", HELLO);
      assertTrue(fwd.connections() >= 1 && fwd.connections() <= 16, fwd.connections() + " connections");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void https_http2_oneConnection() throws Exception {
    Path bin = GoProgram.build("testdata/goserver");
    TestTls tls = TestTls.create("h2 CA");
    Path chain = tmp.resolve("server.pem");
    Path key = tmp.resolve("server.key");
    tls.writeServerPem(chain, key);
    Process server = new ProcessBuilder(bin.toString(), "-n", "300", "-tls-cert", chain.toString(), "-tls-key",
        key.toString(), "-latency", "20ms").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      String url = out.readLine();
      assertTrue(url != null && url.startsWith("https://127.0.0.1:"), "server said " + url);
      try (CountingForwarder fwd = new CountingForwarder(URI.create(url).getPort())) {
        HttpFetcher f = HttpFetcher.builder().baseUri("https://127.0.0.1:" + fwd.port())
            .httpVersion(HttpClient.Version.HTTP_2).requestTimeout(Duration.ofSeconds(30))
            .network(NetworkEnvironment.from(Map.of("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("ca.pem")).toString())))
            .build();
        batch(f, 64, "/latest", null);
        batch(f, 64, "/tile/8/0/000.p/44", null);
        assertEquals(1, fwd.connections(), "HTTP/2 connections");
        String stats = new String(f.get("/admin/stats"), StandardCharsets.UTF_8);
        Matcher requests = Pattern.compile("\"requests\":(\\d+)").matcher(stats);
        Matcher http2 = Pattern.compile("\"http2\":(\\d+)").matcher(stats);
        assertTrue(requests.find() && http2.find(), stats);
        assertEquals("128", requests.group(1), stats);
        assertEquals("128", http2.group(1), "every request over HTTP/2: " + stats);
      }
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
