package dev.sumdb4j.tlog.proxyaudit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A module proxy on 127.0.0.1 for tests: serves files put into it (200), chosen statuses, a body
 * that stalls after some bytes or drips, a 503 with {@code Retry-After}, and, for every other path, a {@link Remote} (e.g. a TestLog as the
 * checksum database). Counts requests per path.
 */
public final class TestProxy implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Integer> stalls = new ConcurrentHashMap<>();
  private final Map<String, Long> drips = new ConcurrentHashMap<>();
  private final Map<String, Integer> retryAfters = new ConcurrentHashMap<>();
  private final Map<String, List<String>> lists = new ConcurrentHashMap<>();
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Remote remote;
  private volatile long latencyMillis;

  /** Starts the server. */
  public TestProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:34567}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves {@code body} at {@code path}. */
  public void put(String path, byte[] body) {
    files.put(path, body.clone());
  }

  /** Answers {@code status} (with an empty body) at {@code path}. */
  public void status(String path, int status) {
    statuses.put(path, status);
  }

  /** At {@code path}, sends the headers of {@code body} and its first {@code bytes} bytes, then nothing more. */
  public void stall(String path, byte[] body, int bytes) {
    files.put(path, body.clone());
    stalls.put(path, bytes);
  }

  /**
   * At {@code path}, sends the headers of the body put there, then one byte of it every {@code
   * millis} milliseconds: it never stalls, and takes its time.
   */
  public void drip(String path, long millis) {
    drips.put(path, millis);
  }

  /** Answers 503 with {@code Retry-After: seconds} at {@code path}. */
  public void busy(String path, int seconds) {
    retryAfters.put(path, seconds);
  }

  /** Serves {@code mv}'s go.mod and zip and lists the version in {@code @v/list}. */
  public void module(ModuleVersion mv, byte[] mod, byte[] zip) {
    put(ModuleProxy.modPath(mv), mod);
    put(ModuleProxy.zipPath(mv), zip);
    list(mv);
  }

  /** Adds {@code mv} to its module's {@code @v/list}. */
  public void list(ModuleVersion mv) {
    try {
      String p = "/" + ModulePaths.escapePath(mv.path()) + "/@v/list";
      lists.computeIfAbsent(p, k -> new ArrayList<>()).add(mv.version());
    } catch (dev.sumdb4j.MalformedInputException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Serves every other path from {@code r} (404 on NotFoundException). */
  public void remote(Remote r) {
    this.remote = r;
  }

  /** Delays every answer by {@code millis}. */
  public void latency(long millis) {
    this.latencyMillis = millis;
  }

  /** Requests for {@code path} so far. */
  public int requests(String path) {
    return counts.getOrDefault(path, 0);
  }

  /** Requests for paths ending in {@code suffix} so far. */
  public int requestsEndingWith(String suffix) {
    return counts.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToInt(Map.Entry::getValue).sum();
  }

  /** A snapshot of the request counts. */
  public Map<String, Integer> counts() {
    return new LinkedHashMap<>(counts);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    counts.merge(path, 1, Integer::sum);
    try {
      if (latencyMillis > 0) {
        Thread.sleep(latencyMillis);
      }
      Integer retryAfter = retryAfters.get(path);
      if (retryAfter != null) {
        ex.getResponseHeaders().set("Retry-After", retryAfter.toString());
        ex.sendResponseHeaders(503, -1);
        return;
      }
      Integer status = statuses.get(path);
      if (status != null) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      byte[] body = files.get(path);
      List<String> list = lists.get(path);
      if (body == null && list != null) {
        body = (String.join("\n", list) + "\n").getBytes(StandardCharsets.UTF_8);
      }
      if (body == null && remote != null) {
        try {
          body = remote.get(path);
        } catch (NotFoundException e) {
          body = null;
        }
      }
      if (body == null) {
        byte[] msg = "not found\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(404, msg.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(msg);
        }
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("X-Test-Proxy", "1");
      ex.sendResponseHeaders(200, body.length);
      Integer stall = stalls.get(path);
      Long drip = drips.get(path);
      OutputStream out = ex.getResponseBody();
      if (drip != null) {
        for (int i = 0; i < body.length && !closing.await(drip, TimeUnit.MILLISECONDS); i++) {
          out.write(body[i]);
          out.flush();
        }
        return;
      }
      if (stall != null) {
        out.write(body, 0, stall);
        out.flush();
        closing.await(5, TimeUnit.MINUTES);
        ex.close();
        return;
      }
      try (out) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
