package dev.sumdb4j.cli.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.cli.Main;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.testdata.RefusedPort;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code audit watch} fails fast as the other network commands do (#11): {@code --deadline}
 * bounds the run, an unreachable host is reported once, and the go.sum lines it left unverified
 * refer to that message.
 */
class WatchFailFastTest {
  @TempDir Path tmp;

  private final SignerKey signer = key();
  private final TestLog log = new TestLog(signer, 8);

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  private static SignerKey key() {
    try {
      return SignerKey.generate("log.example", new SecureRandom());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Result watch(String url, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("HOME", tmp.resolve("home").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", log.verifierKey() + " " + url);
    List<String> args = new ArrayList<>(List.of("audit", "watch", "--state", tmp.resolve("state").toString()));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new Main(env));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void silentServer_overallDeadline_unavailableWithOneMessage() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread accept = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException e) {
          // closed
        }
      });
      accept.setDaemon(true);
      accept.start();
      Result r = watch("http://127.0.0.1:" + silent.getLocalPort(), "--timeout", "60", "--deadline", "1", "--json");
      assertEquals(4, r.exit(), r.toString());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertEquals("unavailable", j.get("status").asText(), r.toString());
      assertEquals("127.0.0.1: gave up: the overall deadline of 1 s passed (reading http://127.0.0.1:"
          + silent.getLocalPort() + "/latest)", j.get("message").asText(), r.toString());
    }
  }

  @Test
  void closedPort_oneMessageInWords() throws Exception {
    try (RefusedPort refused = RefusedPort.open()) {
      int port = refused.port();
      Result r = watch("http://127.0.0.1:" + port);
      assertEquals(4, r.exit(), r.toString());
      assertEquals("sumdb4j: audit watch: 127.0.0.1: connection refused (dial 127.0.0.1:" + port + ")\n",
          r.err(), r.toString());
    }
  }

  @Test
  void lookupsNeverAnswered_goSumLinesReferToOneMessage() throws Exception {
    StringBuilder goSum = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String m = "example.com/m" + i;
      log.addModule(m, "v1.0.0", h1(m), h1(m + "/go.mod"));
      goSum.append(m).append(" v1.0.0 ").append(h1(m)).append('\n');
    }
    Path file = tmp.resolve("go.sum");
    Files.writeString(file, goSum);
    CountDownLatch released = new CountDownLatch(1);
    ExecutorService pool = Executors.newCachedThreadPool();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", ex -> {
      try (ex) {
        String path = ex.getRequestURI().getRawPath();
        if (path.startsWith("/lookup/")) {
          released.await(60, TimeUnit.SECONDS); // never answers within the run
          return;
        }
        byte[] body;
        try {
          body = log.get(path);
        } catch (NotFoundException e) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    try {
      Result r = watch("http://127.0.0.1:" + server.getAddress().getPort(), "--timeout", "2", file.toString());
      assertEquals(4, r.exit(), r.toString());
      List<String> lines = r.out().lines().filter(l -> l.contains(": error ")).toList();
      assertEquals(40, lines.size(), r.toString());
      for (String l : lines) {
        assertTrue(l.endsWith(": 127.0.0.1: timed out after 2 s without an answer"), l);
      }
      List<String> err = r.err().lines().toList();
      assertEquals(2, err.size(), r.toString());
      assertTrue(err.get(0).startsWith("sumdb4j: audit watch: 127.0.0.1: timed out after 2 s without an answer"
          + " (reading http://127.0.0.1:"), r.toString());
      assertTrue(err.get(0).endsWith(" (no further requests were sent to 127.0.0.1; 40 lines not verified)"),
          r.toString());
    } finally {
      released.countDown();
      server.stop(0);
      pool.shutdownNow();
    }
  }

  @Test
  void deadlineBelowOne_usageError() {
    Result r = watch("http://127.0.0.1:1", "--deadline", "0");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--deadline must be at least 1 second, got 0"), r.toString());
  }

  private static String h1(String seed) {
    try {
      return "h1:" + Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
