package dev.sumdb4j.cli.commands;

import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves a {@link TestLog} (which may be swapped, e.g. for a fork) over HTTP on 127.0.0.1. */
final class LogServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private volatile TestLog log;

  LogServer(TestLog log) throws IOException {
    this.log = log;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body;
      int code = 200;
      try {
        body = this.log.get(ex.getRequestURI().getRawPath());
      } catch (NotFoundException e) {
        code = 404;
        body = "not found\n".getBytes(StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        code = 500;
        body = "error\n".getBytes(StandardCharsets.UTF_8);
      }
      ex.sendResponseHeaders(code, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code other} from now on. */
  void serve(TestLog other) {
    log = other;
  }

  /** The GOSUMDB value naming this log: its verifier key and URL. */
  String gosumdb() {
    return log.verifierKey() + " http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An environment using this log with GOPATH {@code gopath} and no user config. */
  Map<String, String> env(Path gopath) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("GOENV", gopath.resolve("no-goenv").toString());
    env.put("GOSUMDB", gosumdb());
    env.put("GOPROXY", "off");
    return env;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
