package dev.sumdb4j.sumdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.verify.LineVerdict;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedders' entry point over an in-memory log: the go command's cache, online and offline. */
class SumdbTest {
  @TempDir Path tmp;
  TestLog log;
  Path gopath;

  static String h1(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void setUp() {
    log = TestLog.create("example.com/sumdb", 8);
    for (int i = 0; i < 20; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    gopath = tmp.resolve("gopath");
  }

  Sumdb.Builder builder() {
    // An environment of its own: the test machine's GOSUMDB, GOFLAGS or go env file must not matter.
    return Sumdb.builder().environment(Map.of("HOME", tmp.toString(), "GOENV", "off"))
        .gosumdb(log.verifierKey().toString()).gopath(gopath);
  }

  Path goSum(String... lines) throws Exception {
    Path f = tmp.resolve("go.sum");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void verify_online_thenOfflineFromTheGoCommandsCache() throws Exception {
    Path goSum = goSum("example.com/m3 v1.0.3 " + h1("zip3"), "example.com/m3 v1.0.3/go.mod " + h1("mod3"),
        "example.com/m4 v1.0.4 " + h1("wrong"));
    GoSumReport online = builder().remote(log).build().verify(goSum);
    assertEquals(List.of(LineVerdict.OK, LineVerdict.OK, LineVerdict.MISMATCH),
        online.lines().stream().map(l -> l.verdict()).toList());
    assertTrue(Files.isRegularFile(gopath.resolve("pkg/sumdb/example.com/sumdb/latest")));
    assertTrue(Files.isRegularFile(gopath.resolve("pkg/mod/cache/download/sumdb/example.com/sumdb/lookup/example.com/m3@v1.0.3")));

    log.refuseAll();
    Sumdb offline = builder().offline(true).build();
    assertTrue(offline.isOffline());
    assertEquals(online.summary(), offline.verify(goSum).summary());
    assertEquals(online.tree(), offline.latest(), "the newest tree the online run saw, from the cache");
    assertThrows(MissingDataException.class, () -> offline.lookup("example.com/m9", "v1.0.9"));
  }

  @Test
  void lookupAndLatest_online() throws Exception {
    Sumdb sumdb = builder().remote(log).store(new MemoryStore()).build();
    LookupResult r = sumdb.lookup("example.com/m7", "v1.0.7");
    assertEquals(List.of("example.com/m7 v1.0.7 " + h1("zip7"), "example.com/m7 v1.0.7/go.mod " + h1("mod7")),
        r.lines());
    log.addModule("example.com/m20", "v1.0.20", h1("zip20"), h1("mod20"));
    SignedTree latest = sumdb.latest();
    assertEquals(21, latest.size());
    assertEquals(latest, sumdb.client().latest());
    assertFalse(Files.exists(gopath), "a given store replaces the go command's cache");
  }

  @Test
  void latest_malformedAnswer_isTheServersFault() throws Exception {
    log.override("/latest", "<html>captive portal</html>\n".getBytes(StandardCharsets.UTF_8));
    Sumdb sumdb = builder().remote(log).build();
    assertThrows(MalformedResponseException.class, sumdb::latest);
  }

  @Test
  void latest_truncatedStoredNote_isDamagedLocalState() throws Exception {
    builder().remote(log).build().lookup("example.com/m1", "v1.0.1");
    Path latest = gopath.resolve("pkg/sumdb/example.com/sumdb/latest");
    byte[] note = Files.readAllBytes(latest);
    Files.write(latest, java.util.Arrays.copyOf(note, note.length - 10));
    LocalStateException e = assertThrows(LocalStateException.class, () -> builder().offline(true).build().latest());
    assertEquals(List.of(latest), e.paths());
  }

  @Test
  void build_badConfiguration_isMalformedInput() {
    MalformedInputException off = assertThrows(MalformedInputException.class,
        () -> Sumdb.builder().environment(Map.of("GOSUMDB", "off", "HOME", tmp.toString())).build());
    assertTrue(off.getMessage().contains("GOSUMDB=off"), off.getMessage());
    assertThrows(MalformedInputException.class, () -> builder().gosumdb("not a key+x").build());
    MalformedInputException nowhere = assertThrows(MalformedInputException.class,
        () -> Sumdb.builder().environment(Map.of("GOENV", "off")).build());
    assertTrue(nowhere.getMessage().contains("could not locate sumdb"), nowhere.getMessage());
  }

  @Test
  void oneInstance_sharedByThreads() throws Exception {
    Sumdb sumdb = builder().remote(log).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<LookupResult>> fs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        fs.add(pool.submit(() -> sumdb.lookup("example.com/m" + n, "v1.0." + n)));
      }
      for (int i = 0; i < 20; i++) {
        assertEquals("example.com/m" + i + " v1.0." + i + " " + h1("zip" + i), fs.get(i).get().lines().get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(log.tree(20), sumdb.latest().tree());
  }
}
