package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that closes idle keep-alive connections (as every real one does after its idle timeout,
 * without telling the client): a long-lived fetcher's next request must not be sent on such a
 * connection and fail, costing a retry and its backoff (or, when every pooled connection is dead,
 * all of a request's attempts).
 */
class IdleConnectionTest {
  private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.UTF_8);

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serveOnceThenIdleClose(s));
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    accept.setDaemon(true);
    accept.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Answers one request keeping the connection open, then closes it after 100 ms of idleness. */
  private static void serveOnceThenIdleClose(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : b == '\r' ? 1 : 0;
      }
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(BODY);
      out.flush();
      Thread.sleep(100);
    } catch (IOException | InterruptedException e) {
      // the test sees what the client saw
    }
  }

  @ParameterizedTest(name = "jdk client: {0}")
  @ValueSource(booleans = {false, true})
  void connectionClosedByTheServerWhileIdle_notReused(boolean jdk) throws Exception {
    HttpFetcher f = HttpFetcher.builder().jdkClient(jdk)
        .baseUri("http://127.0.0.1:" + server.getLocalPort())
        .requestTimeout(Duration.ofSeconds(20))
        .maxRetries(3)
        .sleeper(d -> {
          sleeps.add(d);
          return CompletableFuture.completedFuture(null);
        })
        .jitter(() -> 1.0)
        .build();
    assertArrayEquals(BODY, f.get("/a"));
    // Idle for longer than the server's idle timeout and the client's idle check.
    Thread.sleep(ApacheTransport.VALIDATE_AFTER_INACTIVITY.toMillis() + 500);
    assertArrayEquals(BODY, f.get("/b"));
    assertEquals(List.of(), sleeps, "a request was retried: it was sent on a connection the server had closed");
    assertEquals(2, f.requestCount());
    assertEquals(2, connections.get());
  }
}
