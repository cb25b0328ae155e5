package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.FailureKind;
import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over the go-layout {@link DiskStore}, shared by several clients. */
class DiskStoreClientTest {
  @TempDir
  Path gopath;

  static TestLog log() {
    TestLog log = TestLog.create("example.com/sumdb", 2);
    for (int i = 0; i < 24; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, ClientTest.h1("zip" + i), ClientTest.h1("mod" + i));
    }
    return log;
  }

  SumdbClient client(TestLog log, boolean online) {
    SumdbClient.Builder b = SumdbClient.builder().verifierKey(log.verifierKey())
        .store(DiskStore.inGopath(gopath, "example.com/sumdb")).tileHeight(2);
    return (online ? b.remote(log) : b).build();
  }

  @Test
  void concurrentClientsOnOneDiskStore_latestEndsAtNewestAndOfflineWorks() throws Exception {
    TestLog log = log();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int start = t;
        fs.add(pool.submit(() -> {
          SumdbClient c = client(log, true);
          for (int i = start; i < 24; i += 6) {
            c.lookup("example.com/m" + i, "v1.0." + i);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Path latest = gopath.resolve("pkg/sumdb/example.com/sumdb/latest");
    assertArrayEquals(log.signedTree(24), Files.readAllBytes(latest));
    log.refuseAll();
    assertEquals(List.of(ClientTest.h1("zip7")), client(log, false).lookup("example.com/m7", "v1.0.7").hashes("v1.0.7"));
  }

  @Test
  void everythingCached_readsTheStoreOnTheCallingThread_andOnlyMissesGoToTheExecutor() throws Exception {
    // A cached read is a stat, an open and a small read: the client no longer hands each one to a
    // thread of its own (its pool of 64 threads cost a cached run more than the reads).
    TestLog log = log();
    List<ModuleVersion> first = new ArrayList<>();
    List<ModuleVersion> all = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      (i < 16 ? first : all).add(ModuleVersion.of("example.com/m" + i, "v1.0." + i));
    }
    all.addAll(0, first);
    client(log, true).lookupAll(first);
    log.clearRequests();
    List<Thread> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.Executor counting = r -> pool.execute(() -> {
        ran.add(Thread.currentThread());
        r.run();
      });
      SumdbClient.Builder b = SumdbClient.builder().verifierKey(log.verifierKey())
          .store(DiskStore.inGopath(gopath, "example.com/sumdb")).tileHeight(2).executor(counting);
      Map<ModuleVersion, Outcome> cached = b.remote(log).build().lookupAll(first);
      assertTrue(cached.values().stream().allMatch(o -> o.result().isPresent()), cached::toString);
      assertEquals(List.of(), log.requests());
      assertEquals(List.of(), ran, "a call with everything cached ran nothing on the executor");

      // Some cached, some not: only the misses are fetched, concurrently on the executor.
      Map<ModuleVersion, Outcome> mixed = b.remote(log).build().lookupAll(all);
      assertEquals(all, List.copyOf(mixed.keySet()));
      assertTrue(mixed.values().stream().allMatch(o -> o.result().isPresent()), mixed::toString);
      assertEquals(8, log.requestCount("/lookup/"), log.requests()::toString);
      assertTrue(log.requests().stream().noneMatch(p -> first.stream().anyMatch(m -> p.endsWith(m.escaped()))),
          log.requests()::toString);
      assertTrue(ran.size() >= 8, ran::toString);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void corruptTileFileOnDisk_offlineNamesItOnlineReplacesIt() throws Exception {
    TestLog log = log();
    client(log, true).lookup("example.com/m5", "v1.0.5");
    Path tile = gopath.resolve("pkg/mod/cache/download/sumdb/example.com/sumdb/tile/2/0/001.p/2");
    byte[] genuine = Files.readAllBytes(tile);
    byte[] bad = genuine.clone();
    bad[31] ^= 0x40;
    Files.write(tile, bad);
    CorruptCacheException e = assertThrows(CorruptCacheException.class,
        () -> client(log, false).lookup("example.com/m5", "v1.0.5"));
    assertTrue(e.getMessage().contains("tile/2/0/001.p/2"), e.getMessage());
    client(log, true).lookup("example.com/m5", "v1.0.5");
    assertArrayEquals(genuine, Files.readAllBytes(tile));
  }

  @Test
  void corruptTileFileOnDisk_offline_isDamagedLocalStateNamingThePath() throws Exception {
    TestLog log = log();
    client(log, true).lookup("example.com/m5", "v1.0.5");
    Path tile = gopath.resolve("pkg/mod/cache/download/sumdb/example.com/sumdb/tile/2/0/001.p/2");
    byte[] bad = Files.readAllBytes(tile);
    bad[31] ^= 0x40;
    Files.write(tile, bad);
    Exception e = assertThrows(Exception.class, () -> client(log, false).lookup("example.com/m5", "v1.0.5"));
    assertTrue(e instanceof LocalStateException && !(e instanceof IOException), e.toString());
    assertEquals(FailureKind.DAMAGED_LOCAL_STATE, FailureKind.of(e));
    assertTrue(((LocalStateException) e).paths().contains(tile), e::toString);
    assertTrue(e.getMessage().contains(tile.toString()), e.getMessage());
  }

  @Test
  void truncatedLatestFile_isDamagedLocalStateNamingThePath() throws Exception {
    TestLog log = log();
    client(log, true).lookup("example.com/m5", "v1.0.5");
    Path latest = gopath.resolve("pkg/sumdb/example.com/sumdb/latest");
    byte[] note = Files.readAllBytes(latest);
    Files.write(latest, Arrays.copyOf(note, note.length / 2));
    for (boolean online : new boolean[] {true, false}) {
      LocalStateException e = assertThrows(LocalStateException.class,
          () -> client(log, online).lookup("example.com/m6", "v1.0.6"));
      assertEquals(List.of(latest), e.paths());
      assertTrue(e.getMessage().startsWith(latest + ": local state is damaged: the stored latest signed tree"
          + " does not verify: "), e.getMessage());
      assertTrue(e.getMessage().contains("Move it aside and run online"), e.getMessage());
    }
  }

  @Test
  void writes_onlyVerifiedValuesReachTheStore() throws Exception {
    TestLog log = log();
    List<Object> written = new ArrayList<>();
    DiskStore disk = DiskStore.inGopath(gopath, "example.com/sumdb");
    SumdbStore spy = new SumdbStore() {
      @Override
      public Optional<byte[]> readLookup(String key) throws IOException {
        return disk.readLookup(key);
      }

      @Override
      public synchronized void writeLookup(VerifiedLookup lookup) throws IOException {
        written.add(lookup);
        disk.writeLookup(lookup);
      }

      @Override
      public Optional<byte[]> readTile(String tilePath) throws IOException {
        return disk.readTile(tilePath);
      }

      @Override
      public synchronized void writeTile(VerifiedTile tile) throws IOException {
        written.add(tile);
        disk.writeTile(tile);
      }

      @Override
      public byte[] readLatest() throws IOException {
        return disk.readLatest();
      }

      @Override
      public boolean compareAndSwapLatest(byte[] expected, byte[] replacement) throws IOException {
        return disk.compareAndSwapLatest(expected, replacement);
      }
    };
    SumdbClient c = SumdbClient.builder().verifierKey(log.verifierKey()).store(spy).tileHeight(2).remote(log).build();
    c.lookup("example.com/m5", "v1.0.5");
    VerifiedLookup lookup = written.stream().filter(VerifiedLookup.class::isInstance)
        .map(VerifiedLookup.class::cast).findFirst().orElseThrow();
    assertEquals("example.com/m5@v1.0.5", lookup.key());
    assertArrayEquals(log.lookupBody("example.com/m5@v1.0.5"), lookup.body());
    assertEquals(c.latest(), lookup.tree());
    assertTrue(written.stream().anyMatch(VerifiedTile.class::isInstance), written::toString);
    for (Object o : written) {
      if (o instanceof VerifiedTile t) {
        assertEquals(c.latest().tree(), t.tree());
      }
    }
  }
}
