package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Java proxy between {@code sumdb4j verify} and the live Go reference server tampers with,
 * truncates, inflates, delays or fails responses: every case is rejected (exit 3 or 4) or
 * retried, and no tampered line is ever reported "ok" or cached.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperTest {
  private static final int RECORDS = 100_000;

  @TempDir Path tmp;

  private GoServer server;
  private Path gosum;

  @BeforeAll
  void startServer(@TempDir Path shared) throws IOException {
    Path all = shared.resolve("all.go.sum");
    server = GoServer.start("-n", Integer.toString(RECORDS), "-gosum", all.toString(), "-gosum-step", "24989");
    gosum = all; // records 0, 24989, 49978, 74967, 99956: 10 lines
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> env(Path gopath, String url) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("HOME", tmp.resolve("home").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", server.verifierKey() + " " + url);
    return env;
  }

  private Cli.Result verifyThrough(TamperingProxy.Behaviour b, Path gopath, String... options) throws IOException {
    try (TamperingProxy proxy = new TamperingProxy(server.url(), b)) {
      List<String> args = new ArrayList<>(List.of("verify", "--evidence-out", tmp.resolve("e.json").toString()));
      args.addAll(List.of(options));
      args.add(gosum.toString());
      return Cli.run(env(gopath, proxy.url()), args.toArray(String[]::new));
    }
  }

  private static void assertRejected(Cli.Result r) {
    assertTrue(r.exit() == 3 || r.exit() == 4, r::toString);
    assertFalse(r.out().contains(": ok "), r::toString);
  }

  /** Then an honest run on the same cache verifies: nothing tampered was cached. */
  private void assertCacheClean(Path gopath) {
    Cli.Result honest = Cli.run(env(gopath, server.url()), "verify", gosum.toString());
    assertEquals(0, honest.exit(), honest::toString);
  }

  private static TamperingProxy.Behaviour rewrite(String pathPrefix, java.util.function.UnaryOperator<byte[]> f) {
    return (path, upstream, exchange) -> {
      TamperingProxy.Response r = upstream.fetch(path);
      if (path.startsWith(pathPrefix) && r.status() == 200) {
        return new TamperingProxy.Response(200, f.apply(r.body().clone()));
      }
      return r;
    };
  }

  private static byte[] flip(byte[] b, int index) {
    b[Math.floorMod(index, b.length)] ^= 0x01;
    return b;
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tile/8/0/", "/tile/8/1/", "/tile/8/2/"})
  void verify_tamperedTileBytes_rejectedAndNotCached(String level) throws Exception {
    Path gopath = tmp.resolve("gopath");
    assertRejected(verifyThrough(rewrite(level, b -> flip(b, b.length / 2 + 7)), gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_tileFromAnotherPosition_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    TamperingProxy.Behaviour swap = (path, upstream, exchange) -> {
      if (path.startsWith("/tile/8/0/") && !path.contains(".p/")) {
        String other = path.endsWith("/000") ? path.substring(0, path.length() - 3) + "001"
            : path.substring(0, path.length() - 3) + "000";
        return upstream.fetch(other);
      }
      return upstream.fetch(path);
    };
    assertRejected(verifyThrough(swap, gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_tamperedRecordHash_rejectedNotMismatch() throws Exception {
    Path gopath = tmp.resolve("gopath");
    // a well-formed record with another h1 hash: unauthenticated, so never "mismatch" or "ok"
    Cli.Result r = verifyThrough(rewrite("/lookup/", b -> {
      String s = new String(b, StandardCharsets.UTF_8);
      int h = s.indexOf(" h1:") + 4;
      char c = s.charAt(h);
      return (s.substring(0, h) + (c == 'A' ? 'B' : 'A') + s.substring(h + 1)).getBytes(StandardCharsets.UTF_8);
    }), gopath);
    assertRejected(r);
    assertFalse(r.out().contains(": mismatch "), r::toString);
    assertCacheClean(gopath);
  }

  @Test
  void verify_tamperedRecordId_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    assertRejected(verifyThrough(rewrite("/lookup/", b -> {
      String s = new String(b, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      long id = Long.parseLong(s.substring(0, nl));
      return ((id + 1) + s.substring(nl)).getBytes(StandardCharsets.UTF_8);
    }), gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_genuineRecordOfAnotherModule_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    // CVE-2026-56864's setting: a genuine, provable record that is not the one asked for
    assertRejected(verifyThrough((path, upstream, exchange) -> upstream.fetch(
        path.startsWith("/lookup/") ? "/lookup/example.com/m1/v2@v2.1.5" : path), gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_tamperedNote_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    // change the tree size in the signed note of every lookup (the signature no longer holds)
    assertRejected(verifyThrough(rewrite("/lookup/", b -> new String(b, StandardCharsets.UTF_8)
        .replace("\n" + RECORDS + "\n", "\n" + (RECORDS + 1) + "\n").getBytes(StandardCharsets.UTF_8)), gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_truncatedBody_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    assertRejected(verifyThrough(rewrite("/lookup/", b -> java.util.Arrays.copyOf(b, b.length * 2 / 3)), gopath));
    assertCacheClean(gopath);
  }

  @Test
  void verify_connectionDropsMidBody_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    TamperingProxy.Behaviour drop = (path, upstream, exchange) -> {
      TamperingProxy.Response r = upstream.fetch(path);
      if (!path.startsWith("/lookup/")) {
        return r;
      }
      exchange.sendResponseHeaders(200, r.body().length);
      OutputStream out = exchange.getResponseBody();
      out.write(r.body(), 0, r.body().length / 2);
      out.flush();
      exchange.close(); // fewer bytes than announced: the connection is cut
      return null;
    };
    Cli.Result r = verifyThrough(drop, gopath, "--timeout", "5");
    assertRejected(r);
    assertEquals(4, r.exit(), r::toString);
  }

  @Test
  void verify_oversizedBody_rejected() throws Exception {
    Path gopath = tmp.resolve("gopath");
    TamperingProxy.Behaviour huge = (path, upstream, exchange) -> {
      if (!path.startsWith("/lookup/")) {
        return upstream.fetch(path);
      }
      exchange.sendResponseHeaders(200, 0); // chunked, no announced length
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 2048; i++) { // up to 128 MiB, until the client hangs up
          out.write(chunk);
        }
      }
      return null;
    };
    assertRejected(verifyThrough(huge, gopath, "--timeout", "20"));
  }

  @Test
  void verify_slowResponse_timesOutUnavailable() throws Exception {
    Path gopath = tmp.resolve("gopath");
    TamperingProxy.Behaviour slow = (path, upstream, exchange) -> {
      if (path.startsWith("/lookup/")) {
        // no answer before the client gives up, however loaded the machine: held until the proxy closes
        // after the run (closing interrupts its handlers), 60 s at most
        new java.util.concurrent.CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      return upstream.fetch(path);
    };
    Cli.Result r = verifyThrough(slow, gopath, "--timeout", "1");
    assertEquals(4, r.exit(), r::toString);
    assertFalse(r.out().contains(": ok "), r::toString);
  }

  @Test
  void verify_serverErrorThenSuccess_retriedOk() throws Exception {
    Path gopath = tmp.resolve("gopath");
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    TamperingProxy.Behaviour flaky = (path, upstream, exchange) -> {
      if (failedOnce.add(path)) {
        return new TamperingProxy.Response(503, "try again\n".getBytes(StandardCharsets.UTF_8));
      }
      return upstream.fetch(path);
    };
    Cli.Result r = verifyThrough(flaky, gopath);
    assertEquals(0, r.exit(), r::toString);
    assertEquals(Files.readAllLines(gosum).size(), r.out().lines().filter(l -> l.contains(": ok ")).count());
    assertFalse(failedOnce.isEmpty());
  }

  @Test
  void verify_persistentServerError_unavailable() throws Exception {
    Path gopath = tmp.resolve("gopath");
    Cli.Result r = verifyThrough((path, upstream, exchange) ->
        new TamperingProxy.Response(500, "broken\n".getBytes(StandardCharsets.UTF_8)), gopath);
    assertEquals(4, r.exit(), r::toString);
  }
}
