package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.tlog.http.ResponseCaps;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malicious database answering every lookup with a body of 16 MiB - 1 bytes, run through the
 * command in a JVM with a small heap: the command must end (no hang), with exit 4, one clear reason
 * and no stack trace or OutOfMemoryError.
 */
class HostileServerTest {
  private static final int HUGE = (16 << 20) - 1;

  @TempDir Path tmp;

  @Test
  void hugeLookupBodies_smallHeap_failsFastWithExit4() throws Exception {
    runAgainstHugeLookups(true);
  }

  @Test
  void hugeChunkedLookupBodies_smallHeap_failsFastWithExit4() throws Exception {
    runAgainstHugeLookups(false);
  }

  @Test
  void retryAfterBeyondTimeout_failsAtOnceSayingSo() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        byte[] body = "slow down\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Retry-After", "999999");
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(429, body.length);
        ex.getResponseBody().write(body);
      }
    });
    server.setExecutor(pool);
    server.start();
    try {
      Path file = tmp.resolve("go.sum");
      Files.writeString(file, "example.com/m v1.0.0 " + Cli.fakeHash("m") + "\n", StandardCharsets.UTF_8);
      Cli.Result r = Cli.run(env(TestLog.create("busy.example", 8), server), "verify", "--timeout", "5",
          file.toString());
      assertEquals(ExitCodes.UNAVAILABLE, r.exit(), r.toString());
      assertEquals(1, r.lines().size(), r.toString());
      assertTrue(r.lines().get(0).contains(": 429 Too Many Requests: server asked to retry after 999999 s,"
          + " beyond the 5 s timeout"), r.toString());
    } finally {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  private Map<String, String> env(TestLog log, HttpServer server) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", log.verifierKey() + " http://127.0.0.1:" + server.getAddress().getPort());
    env.put("GOPROXY", "off");
    return env;
  }

  private void runAgainstHugeLookups(boolean declareLength) throws Exception {
    byte[] chunk = new byte[64 << 10];
    Arrays.fill(chunk, (byte) 'a');
    ExecutorService pool = Executors.newFixedThreadPool(16);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        if (!ex.getRequestURI().getRawPath().startsWith("/lookup/")) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.sendResponseHeaders(200, declareLength ? HUGE : 0);
        OutputStream out = ex.getResponseBody();
        for (int left = HUGE; left > 0; left -= chunk.length) {
          out.write(chunk, 0, Math.min(left, chunk.length));
        }
      } catch (IOException e) {
        // the client hung up: that is the point
      }
    });
    server.setExecutor(pool);
    server.start();
    try {
      TestLog log = TestLog.create("hostile.example", 8);
      StringBuilder gosum = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        gosum.append("example.com/m").append(i).append(" v1.0.0 ").append(Cli.fakeHash("m" + i)).append('\n');
      }
      Path file = tmp.resolve("go.sum");
      Files.writeString(file, gosum, StandardCharsets.UTF_8);
      Map<String, String> env = env(log, server);
      Path out = tmp.resolve("out");
      Path err = tmp.resolve("err");
      Process p = Cli.start(List.of("-Xmx256m"), env, out, err, "verify", "--timeout", "60", file.toString());
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("sumdb4j hung against a hostile server\n" + Files.readString(err));
      }
      Cli.Result r = new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
      assertEquals(ExitCodes.UNAVAILABLE, r.exit(), r.toString());
      assertFalse(r.err().contains("OutOfMemoryError"), r.toString());
      assertFalse(r.err().contains("\tat "), r.toString());
      assertFalse(r.err().contains("Exception in thread"), r.toString());
      assertEquals(200, r.lines().size(), r.toString());
      String why = "exceeds " + ResponseCaps.MAX_LOOKUP_BYTES + " bytes";
      for (String line : r.lines()) {
        assertTrue(line.contains(": error example.com/m") && line.contains(why), line);
      }
    } finally {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
