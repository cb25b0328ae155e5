package dev.sumdb4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of an upstream checksum database that lets a test rewrite,
 * delay, truncate or fail responses. Requests are forwarded as {@code GET <upstream><path>}.
 */
final class TamperingProxy implements AutoCloseable {
  /** An upstream answer, or the answer the proxy sends instead. */
  record Response(int status, byte[] body) {}

  /** What the proxy does with one request. */
  interface Behaviour {
    /**
     * Answers {@code path}; {@code upstream} fetches the genuine answer. Returning null means
     * the behaviour already wrote to (and closed) the exchange itself.
     */
    Response answer(String path, Upstream upstream, HttpExchange exchange) throws IOException, InterruptedException;
  }

  /** Fetches the genuine answer from the upstream server. */
  interface Upstream {
    Response fetch(String path) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tampering-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Behaviour behaviour;

  TamperingProxy(String upstreamUrl, Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Upstream upstream = path -> {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(upstreamUrl + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body());
    };
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        Response r = this.behaviour.answer(exchange.getRequestURI().getRawPath(), upstream, exchange);
        if (r != null) {
          send(exchange, r);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
      } catch (IOException e) {
        exchange.close();
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /** A proxy that forwards everything unchanged. */
  static Behaviour passThrough() {
    return (path, upstream, exchange) -> upstream.fetch(path);
  }

  /** Replaces the behaviour for the following requests. */
  void behaviour(Behaviour b) {
    this.behaviour = b;
  }

  /** The base URL of the proxy. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests the proxy has received. */
  int requests() {
    return requests.get();
  }

  static void send(HttpExchange exchange, Response r) throws IOException {
    exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(r.body());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
