package dev.sumdb4j.tlog.audit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A loopback (127.0.0.1) HTTP server for a {@link GeneratedLog.View}: {@code /latest} and
 * {@code /tile/8/...} (hash and data tiles in sum.golang.org's format). Switches: fail every
 * request after K, corrupt the bytes of chosen paths, serve another view.
 */
final class LogServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs: 40 ms a request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private volatile GeneratedLog.View view;
  private volatile GeneratedLog.View tilesView;
  private volatile long failAfter = Long.MAX_VALUE;
  final AtomicLong requests = new AtomicLong();
  final Map<String, UnaryOperator<byte[]>> corrupt = new ConcurrentHashMap<>();

  LogServer(GeneratedLog.View view) throws IOException {
    this.view = view;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  void serve(GeneratedLog.View v) {
    view = v;
    tilesView = null;
  }

  /**
   * Serves the tiles of {@code v} (a bigger tree) while {@code /latest} stays: the old tree's
   * partial tiles whose full tile now exists are gone (404).
   */
  void serveTilesOf(GeneratedLog.View v) {
    tilesView = v;
  }

  /** Answers 500 to every request after the next {@code k}. */
  void failAfter(long k) {
    requests.set(0);
    failAfter = k;
  }

  void heal() {
    failAfter = Long.MAX_VALUE;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (requests.incrementAndGet() > failAfter) {
        send(ex, 500, "failing on purpose\n".getBytes());
        return;
      }
      GeneratedLog.View v = view;
      byte[] body = null;
      if (path.equals("/latest")) {
        body = v.signedNote;
      } else if (path.startsWith("/tile/")) {
        try {
          Tile t = Tile.parsePath(path.substring(1));
          GeneratedLog.View tv = tilesView != null ? tilesView : v;
          if (tv.has(t)) {
            body = tv.tile(t);
          } else if (tv != v && !t.isFull() && !tv.has(t.full()) && v.has(t)) {
            body = v.tile(t); // a partial tile whose full tile does not exist yet is still served
          }
        } catch (MalformedInputException e) {
          body = null;
        }
      }
      if (body == null) {
        send(ex, 404, "not found\n".getBytes());
        return;
      }
      UnaryOperator<byte[]> c = corrupt.get(path);
      send(ex, 200, c == null ? body : c.apply(body.clone()));
    }
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  /** Returns a {@link Remote} for this server (JDK HttpClient, no retries). */
  Remote remote() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI base = uri();
    return path -> {
      HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
      HttpResponse<byte[]> r;
      try {
        r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted: " + path);
      }
      if (r.statusCode() == 404 || r.statusCode() == 410) {
        throw new NotFoundException(req.uri().toString(), "not found");
      }
      if (r.statusCode() != 200) {
        throw new IOException(req.uri() + ": status " + r.statusCode());
      }
      return r.body();
    };
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
