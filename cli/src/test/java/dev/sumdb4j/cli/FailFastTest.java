package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.RefusedPort;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be reached (a closed port, a server that never answers, the overall
 * deadline) is reported once, and every line it affected refers to that message (#11 item 4).
 */
class FailFastTest {
  private static final int LINES = 300;

  @TempDir Path tmp;

  @Test
  void closedPort_oneMessage_everyLineRefersToIt() throws Exception {
    try (RefusedPort refused = RefusedPort.open()) {
      int port = refused.port();
      Cli.Result r = Cli.run(env("http://127.0.0.1:" + port), "verify", goSum().toString());
      assertEquals(4, r.exit(), r.toString());
      assertEquals(LINES, r.lines().size(), r.toString());
      for (String line : r.lines()) {
        assertTrue(line.matches(".*: error example\\.com/m\\d+ v1\\.0\\.0: 127\\.0\\.0\\.1: connection refused"), line);
      }
      List<String> err = r.err().lines().toList();
      assertEquals(2, err.size(), r.toString()); // the message and the summary
      assertEquals("sumdb4j: 127.0.0.1: connection refused (dial 127.0.0.1:" + port + ") (no further requests"
          + " were sent to 127.0.0.1; " + LINES + " lines not verified)", err.get(0), r.toString());
    }
  }

  @Test
  void silentServer_timesOutOnce() throws Exception {
    try (Silent server = new Silent()) {
      Cli.Result r = Cli.run(env("http://127.0.0.1:" + server.port()), "verify", "--timeout", "2", goSum().toString());
      assertEquals(4, r.exit(), r.toString());
      assertEquals(LINES, r.lines().size(), r.toString());
      for (String line : r.lines()) {
        assertTrue(line.endsWith(": 127.0.0.1: timed out after 2 s without an answer"), line);
      }
      List<String> err = r.err().lines().toList();
      assertEquals(2, err.size(), r.toString());
      assertTrue(err.get(0).startsWith("sumdb4j: 127.0.0.1: timed out after 2 s without an answer (reading http://127.0.0.1:"
          + server.port() + "/lookup/example.com/m"), r.toString());
      // The first requests were in flight together; none was sent after they failed.
      assertTrue(server.connections() <= 64, "connections: " + server.connections());
    }
  }

  @Test
  void silentServer_overallDeadline() throws Exception {
    try (Silent server = new Silent()) {
      Cli.Result r = Cli.run(env("http://127.0.0.1:" + server.port()), "verify", "--timeout", "60", "--deadline", "1",
          goSum().toString());
      assertEquals(4, r.exit(), r.toString());
      assertEquals(LINES, r.lines().size(), r.toString());
      for (String line : r.lines()) {
        assertTrue(line.endsWith(": 127.0.0.1: gave up: the overall deadline of 1 s passed"), line);
      }
      assertEquals(2, r.err().lines().count(), r.toString());
    }
  }

  @Test
  void deadlineBelowOne_usageError() throws Exception {
    Cli.Result r = Cli.run(env("http://127.0.0.1:1"), "verify", "--deadline", "0", goSum().toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--deadline must be at least 1 second, got 0"), r.toString());
  }

  private Path goSum() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < LINES; i++) {
      b.append("example.com/m").append(i).append(" v1.0.0 h1:").append(java.util.Base64.getEncoder()
          .encodeToString(new byte[32])).append('\n');
    }
    Path f = tmp.resolve("go.sum");
    Files.writeString(f, b, StandardCharsets.UTF_8);
    return f;
  }

  private Map<String, String> env(String url) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", TestLog.create("dead.example", 8).verifierKey() + " " + url);
    env.put("GOPROXY", "off");
    return env;
  }

  /** Accepts connections and never answers. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Thread thread;

    Silent() throws IOException {
      thread = new Thread(() -> {
        try {
          while (true) {
            Socket s = socket.accept();
            count.incrementAndGet();
            synchronized (accepted) {
              accepted.add(s);
            }
          }
        } catch (IOException e) {
          // closed
        }
      }, "silent-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int connections() {
      return count.get();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
