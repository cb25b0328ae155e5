package dev.sumdb4j.cli.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves a {@link Remote} (a TestLog) over HTTP on 127.0.0.1; what it serves can be switched (to
 * a fork) between runs. 404 for a NotFoundException, 400 for any other failure (not retried).
 */
final class LoopbackLog implements AutoCloseable {
  private final HttpServer server;
  private final AtomicReference<Remote> served;

  private LoopbackLog(HttpServer server, AtomicReference<Remote> served) {
    this.server = server;
    this.served = served;
  }

  static LoopbackLog start(Remote log) throws IOException {
    AtomicReference<Remote> served = new AtomicReference<>(log);
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/", ex -> handle(ex, served.get()));
    s.start();
    return new LoopbackLog(s, served);
  }

  private static void handle(HttpExchange ex, Remote log) throws IOException {
    int status;
    byte[] body;
    try {
      body = log.get(ex.getRequestURI().getRawPath());
      status = 200;
    } catch (NotFoundException e) {
      status = 404;
      body = e.getMessage().getBytes(StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      status = 400;
      body = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Serves {@code log} from now on. */
  void serve(Remote log) {
    served.set(log);
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
