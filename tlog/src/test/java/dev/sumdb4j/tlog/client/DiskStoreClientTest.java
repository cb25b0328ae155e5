package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
