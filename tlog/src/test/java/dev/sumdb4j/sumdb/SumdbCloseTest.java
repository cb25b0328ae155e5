package dev.sumdb4j.sumdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.config.SumdbEndpoint;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.testlog.KeepAliveServer;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sumdb#close}: the HTTP client it built releases its connections (the server sees them
 * closed), its thread pools are shut down, repeated build/lookup/close cycles leave no connection
 * and no thread behind, close is idempotent, use after close fails clearly, and what the caller
 * gave (a remote, an executor) stays open.
 */
class SumdbCloseTest {
  @TempDir Path tmp;

  TestLog log;
  KeepAliveServer server;

  @BeforeEach
  void setUp() throws IOException {
    log = TestLog.create("example.com/sumdb", 8);
    for (int i = 0; i < 20; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    server = new KeepAliveServer(path -> {
      try {
        return log.get(path);
      } catch (IOException e) {
        return null; // 404
      }
    });
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  static String h1(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** Online through its own HTTP client: GOSUMDB names the local server's URL. */
  Sumdb.Builder builder() {
    return Sumdb.builder().environment(Map.of("HOME", tmp.toString(), "GOENV", "off"))
        .gosumdb(log.verifierKey() + " " + server.url()).store(new MemoryStore());
  }

  @Test
  void close_releasesConnectionsAndShutsItsPoolsDown() throws Exception {
    Sumdb sumdb = builder().build();
    sumdb.lookup("example.com/m7", "v1.0.7");
    assertTrue(server.open() >= 1, "connections kept alive: " + server.open());
    assertFalse(sumdb.poolsShutDown());
    sumdb.close();
    server.awaitOpen(0); // without close they stay open
    assertTrue(sumdb.poolsShutDown());
    sumdb.close(); // twice: harmless
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> sumdb.lookup("example.com/m1", "v1.0.1"));
    assertEquals("checksum database example.com/sumdb is closed", e.getMessage());
    assertThrows(IllegalStateException.class, sumdb::latest);
    assertThrows(IllegalStateException.class, () -> sumdb.verify(tmp.resolve("go.sum")));
    assertTrue(sumdb.toString().contains("closed"), sumdb.toString());
  }

  @Test
  void close_leavesWhatTheCallerGaveOpen() throws Exception {
    ExecutorService mine = Executors.newFixedThreadPool(2);
    try {
      Remote remote = log;
      Sumdb sumdb = builder().remote(remote).executor(mine).build();
      sumdb.lookup("example.com/m3", "v1.0.3");
      sumdb.close();
      assertFalse(mine.isShutdown(), "the caller's executor is the caller's");
      assertEquals(log.get("/latest").length, remote.get("/latest").length);
    } finally {
      mine.shutdownNow();
    }
  }

  @Test
  void endpoint_closesTheFetcherItBuilt_neverOneGiven() throws Exception {
    SumdbConfig config = SumdbConfig.fromEnvironment(Map.of("GOSUMDB", log.verifierKey() + " " + server.url(),
        "GOENV", "off", "HOME", tmp.toString()));
    SumdbEndpoint built = SumdbEndpoint.of(config);
    built.remote().get("/latest");
    assertTrue(server.open() >= 1);
    built.close();
    server.awaitOpen(0); // without close the endpoint's own fetcher keeps it
    built.close();
    assertThrows(IllegalStateException.class, () -> built.remote().get("/latest"));

    try (HttpFetcher given = HttpFetcher.builder().baseUri(server.url()).build()) {
      SumdbEndpoint endpoint = SumdbEndpoint.of(config, given);
      endpoint.remote().get("/latest");
      endpoint.close();
      assertEquals(log.get("/latest").length, given.get("/latest").length, "the caller's fetcher stays open");
      assertTrue(server.open() >= 1);
    }
    server.awaitOpen(0);
  }

  @Test
  void repeatedCycles_leaveNoConnectionsAndNoThreads() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    for (int i = 0; i < 100; i++) {
      try (Sumdb sumdb = builder().build()) {
        sumdb.lookup("example.com/m" + (i % 20), "v1.0." + (i % 20));
        assertTrue(sumdb.latest().size() > 0);
      }
    }
    server.awaitOpen(0); // without close: every database's pool keeps its connections
    assertTrue(server.accepted() >= 100, "each database had its own pool: " + server.accepted());
    // shut down, the pools' threads end (idle ones are interrupted, not left to their timeout)
    KeepAliveServer.await(() -> leftBehind(before).isEmpty(), "threads left behind");
    assertEquals(Set.of(), leftBehind(before));
  }

  /** The names of sumdb4j threads alive now that were not before (the watchdog is JVM-wide). */
  static Set<String> leftBehind(Set<Thread> before) {
    Set<String> names = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !before.contains(t) && t.getName().startsWith("sumdb4j-")
          && !t.getName().equals("sumdb4j-http-watchdog")) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
