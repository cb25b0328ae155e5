package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.FailureKind;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against an in-memory log: lookups, caching, offline use, corruption, concurrency. */
class ClientTest {
  static final int H = 2;
  TestLog log;
  TestStore store;
  ExecutorService pool;

  static String h1(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  static ModuleVersion mv(int i) {
    return new ModuleVersion("example.com/m" + i, "v1.0." + i);
  }

  /** A log of {@code n} modules example.com/m{i}@v1.0.{i}. */
  static TestLog log(int n) {
    TestLog log = TestLog.create("example.com/sumdb", H);
    for (int i = 0; i < n; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    return log;
  }

  SumdbClient online() {
    return SumdbClient.builder().verifierKey(log.verifierKey()).remote(log).store(store).tileHeight(H).build();
  }

  SumdbClient offline() {
    return SumdbClient.builder().verifierKey(log.verifierKey()).store(store).tileHeight(H).build();
  }

  static List<ModuleVersion> modules(int from, int to) {
    List<ModuleVersion> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(mv(i));
    }
    return out;
  }

  @BeforeEach
  void setUp() {
    log = log(40);
    store = new TestStore();
    pool = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void lookup_moduleAndGoModLines_fromTheRecord() throws Exception {
    LookupResult r = online().lookup("example.com/m7", "v1.0.7/go.mod");
    assertEquals(mv(7), r.module());
    assertEquals(7, r.recordId());
    assertEquals(List.of(h1("zip7")), r.hashes("v1.0.7"));
    assertEquals(List.of(h1("mod7")), r.hashes("v1.0.7/go.mod"));
    assertEquals(8, r.tree().size(), "the tree its lookup response carried");
    assertNotNull(store.file("lookup/example.com/m7@v1.0.7"));
  }

  @Test
  void lookup_escapedPathWithCapitals_usesEscapedUrl() throws Exception {
    log.addModule("github.com/Azure/SDK", "v1.0.0-RC1", h1("a"), h1("b"));
    LookupResult r = online().lookup("github.com/Azure/SDK", "v1.0.0-RC1");
    assertEquals(List.of(h1("a")), r.hashes("v1.0.0-RC1"));
    assertTrue(log.requests().contains("/lookup/github.com/!azure/!s!d!k@v1.0.0-!r!c1"), log.requests().toString());
    assertNotNull(store.file("lookup/github.com/!azure/!s!d!k@v1.0.0-!r!c1"));
  }

  @Test
  void lookupAll_manyModules_oneLookupEachAndEachTileOnce() throws Exception {
    List<ModuleVersion> all = new ArrayList<>(modules(0, 40));
    all.addAll(modules(0, 40)); // duplicates collapse
    Map<ModuleVersion, Outcome> got = online().lookupAll(all);
    assertEquals(40, got.size());
    for (int i = 0; i < 40; i++) {
      LookupResult r = got.get(mv(i)).result().orElseThrow();
      assertEquals(i, r.recordId());
      assertEquals(List.of(h1("zip" + i)), r.hashes("v1.0." + i));
    }
    assertEquals(40, log.requestCount("/lookup/"));
    List<String> tiles = log.requests().stream().filter(p -> p.startsWith("/tile/")).toList();
    assertEquals(new HashSet<>(tiles).size(), tiles.size(), "a tile fetched twice: " + tiles);
    // Again: everything comes from the cache.
    log.clearRequests();
    log.refuseAll();
    assertEquals(40, online().lookupAll(all).size());
    assertTrue(log.requests().isEmpty(), log.requests().toString());
  }

  @Test
  void lookup_notFound_notFoundExceptionAndOutcome() throws Exception {
    SumdbClient c = online();
    assertThrows(NotFoundException.class, () -> c.lookup("example.com/nope", "v1.0.0"));
    Map<ModuleVersion, Outcome> got = c.lookupAll(List.of(mv(1), new ModuleVersion("example.com/nope", "v1.0.0")));
    assertTrue(got.get(new ModuleVersion("example.com/nope", "v1.0.0")).isNotFound());
    assertTrue(got.get(mv(1)).result().isPresent());
  }

  @Test
  void builder_nameOtherThanKeyName_rejected() {
    assertThrows(IllegalStateException.class,
        () -> SumdbClient.builder().verifierKey(log.verifierKey()).name("sum.golang.org").build());
    assertEquals("example.com/sumdb",
        SumdbClient.builder().verifierKey(log.verifierKey()).name("example.com/sumdb").build().name());
    assertThrows(IllegalStateException.class, () -> SumdbClient.builder().build());
  }

  @Test
  void lookup_malformedResponse_isMisbehavingServerNotMalformedInput() throws Exception {
    log.override("/lookup/example.com/m3@v1.0.3", "<html>captive portal</html>\n".getBytes(StandardCharsets.UTF_8));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> online().lookup("example.com/m3", "v1.0.3"));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(e));
    assertEquals("/lookup/example.com/m3@v1.0.3", e.source());
    Map<ModuleVersion, Outcome> all = online().lookupAll(List.of(mv(3), mv(4)));
    assertTrue(all.get(mv(3)).failure().orElseThrow() instanceof MalformedResponseException, all::toString);
    assertTrue(all.get(mv(4)).result().isPresent(), "one malformed answer does not fail the other lookups");
    assertNull(store.file("lookup/example.com/m3@v1.0.3"), "nothing malformed is cached");
  }

  @Test
  void lookup_invalidModulePath_malformed() {
    assertThrows(MalformedInputException.class, () -> online().lookup("abc", "v1.0.0"));
  }

  @Test
  void lookup_tamperedRecordText_rejectedNotCached() throws Exception {
    log.corruptRecord("example.com/m3@v1.0.3", h1("zip3"), h1("evil"));
    VerificationException e = assertThrows(VerificationException.class, () -> online().lookup("example.com/m3", "v1.0.3"));
    assertTrue(e.getMessage().contains("cannot authenticate record data"), e.getMessage());
    assertNull(store.file("lookup/example.com/m3@v1.0.3"));
  }

  @Test
  void lookup_tamperedNote_rejectedNotCachedLatestUnchanged() throws Exception {
    log.corruptNote("example.com/m3@v1.0.3");
    SumdbClient c = online();
    assertThrows(VerificationException.class, () -> c.lookup("example.com/m3", "v1.0.3"));
    assertTrue(c.latest().isEmpty());
    assertEquals(0, store.readLatest().length);
    assertNull(store.file("lookup/example.com/m3@v1.0.3"));
  }

  @Test
  void lookup_noteByAnotherKey_rejected() throws Exception {
    TestLog other = TestLog.create("example.com/sumdb", H);
    byte[] body = log.lookupBody("example.com/m3@v1.0.3");
    LookupResponse r = LookupResponse.parse("x", body);
    log.override("/lookup/example.com/m3@v1.0.3", new LookupResponse(3, r.text(), other.sign(log.tree(4))).format());
    assertThrows(VerificationException.class, () -> online().lookup("example.com/m3", "v1.0.3"));
  }

  @Test
  void lookup_corruptRemoteTile_inconsistentTileNothingCached() throws Exception {
    log.corrupt("/tile/2/0/000.p/2");
    assertThrows(InconsistentTileException.class, () -> online().lookup("example.com/m1", "v1.0.1"));
    assertEquals(Set.of(), store.listing().keySet());
  }

  @Test
  void lookup_forgedRecordBehindForgedLevel0TileHeight8_rejected() throws Exception {
    // CVE-2026-56865 at sum.golang.org's height: tree 300 has four complete subtrees in two
    // tiles, so x/mod before v0.40.0 never checked the first two child tiles, tile/8/0/000 included.
    log = TestLog.create("example.com/sumdb", 8);
    for (int i = 0; i < 300; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    store.put("latest", log.signedTree());
    String forged = "example.com/forged v1.0.0 " + h1("forged") + "\n";
    log.override("/lookup/example.com/forged@v1.0.0", new LookupResponse(0, forged, log.signedTree()).format());
    byte[] tile = log.get("/tile/8/0/000");
    Hash.ofRecord(forged.getBytes(StandardCharsets.UTF_8)).copyTo(tile, 0);
    log.override("/tile/8/0/000", tile);
    SumdbClient c = SumdbClient.builder().verifierKey(log.verifierKey()).remote(log).store(store).build();
    InconsistentTileException e = assertThrows(InconsistentTileException.class,
        () -> c.lookup("example.com/forged", "v1.0.0"));
    assertEquals("tile/8/0/000", e.tile().path());
    assertNull(store.file("tile/8/0/000"));
    assertNull(store.file("lookup/example.com/forged@v1.0.0"));
  }

  @Test
  void lookup_offlineFromCache_noRemoteNeeded() throws Exception {
    online().lookupAll(modules(0, 10));
    log.refuseAll();
    log.clearRequests();
    Map<ModuleVersion, Outcome> got = offline().lookupAll(modules(0, 10));
    got.values().forEach(o -> assertTrue(o.result().isPresent(), o.toString()));
    assertTrue(online().lookup("example.com/m4", "v1.0.4").lines().size() == 2);
    assertTrue(log.requests().isEmpty(), log.requests().toString());
  }

  @Test
  void lookupAll_offlineMissingLookups_eachOutcomeNamesItsOwnAndTheCachedOneIsAnswered() throws Exception {
    online().lookup("example.com/m1", "v1.0.1");
    Map<ModuleVersion, Outcome> got = offline().lookupAll(modules(0, 4));
    assertTrue(got.get(mv(1)).result().isPresent(), got.toString());
    for (int i : new int[] {0, 2, 3}) {
      Exception e = got.get(mv(i)).failure().orElseThrow();
      assertTrue(e instanceof MissingDataException, e.toString());
      assertEquals(List.of("lookup/example.com/m" + i + "@v1.0." + i), ((MissingDataException) e).missing());
    }
  }

  @Test
  void lookupAll_offlineMissingTiles_onlyTheRecordsThatNeedThemFail() throws Exception {
    online().lookupAll(modules(0, 40));
    String tile = "tile/2/0/003"; // records 12 to 15
    assertNotNull(store.file(tile), store.listing().toString());
    store.remove(tile);
    store.remove("lookup/example.com/m0@v1.0.0");
    Map<ModuleVersion, Outcome> got = offline().lookupAll(modules(0, 40));
    Set<String> missing = new HashSet<>();
    List<ModuleVersion> failed = new ArrayList<>();
    for (Outcome o : got.values()) {
      if (o.failure().isPresent()) {
        Exception e = o.failure().get();
        assertTrue(e instanceof MissingDataException, e.toString());
        missing.addAll(((MissingDataException) e).missing());
        failed.add(o.module());
      }
    }
    assertEquals(Set.of(tile, "lookup/example.com/m0@v1.0.0"), missing);
    assertTrue(failed.contains(mv(0)) && failed.containsAll(modules(12, 16)), failed.toString());
    assertTrue(failed.size() < 10, "records with cached tiles must be answered: " + failed);
    assertEquals(2, got.get(mv(20)).result().orElseThrow().lines().size());
  }

  @Test
  void lookup_corruptCachedTile_evictedAndRefetchedOnline_reportedOffline() throws Exception {
    online().lookup("example.com/m5", "v1.0.5"); // tree 6: tiles 2/1/000.p/1 and 2/0/001.p/2
    byte[] genuine = store.file("tile/2/0/001.p/2");
    assertNotNull(genuine);
    byte[] bad = genuine.clone();
    bad[0] ^= 1;
    store.put("tile/2/0/001.p/2", bad);

    CorruptCacheException offline = assertThrows(CorruptCacheException.class,
        () -> offline().lookup("example.com/m5", "v1.0.5"));
    assertTrue(offline.files().contains("tile/2/0/001.p/2"), offline.files().toString());

    log.clearRequests();
    LookupResult r = online().lookup("example.com/m5", "v1.0.5");
    assertEquals(5, r.recordId());
    assertTrue(log.requests().contains("/tile/2/0/001.p/2"), log.requests().toString());
    assertArrayEquals(genuine, store.file("tile/2/0/001.p/2"), "the corrupt file was replaced");
  }

  @Test
  void hashReader_corruptCachedTile_refetchedOnline_reportedOffline() throws Exception {
    SumdbClient first = online();
    first.lookup("example.com/m5", "v1.0.5"); // tree 6: tiles 2/1/000.p/1 and 2/0/001.p/2 cached
    long[] idx = {dev.sumdb4j.tlog.StoredHashes.index(0, 5)};
    List<Hash> want = first.hashReader().readHashes(idx);
    String tile = "tile/2/0/001.p/2";
    byte[] genuine = store.file(tile);
    assertNotNull(genuine, () -> store.listing().toString());
    byte[] bad = genuine.clone();
    bad[5] ^= 1;
    store.put(tile, bad);
    byte[] latest = store.readLatest();

    SumdbClient off = offline();
    off.merge("stored latest", latest);
    CorruptCacheException e = assertThrows(CorruptCacheException.class, () -> off.hashReader().readHashes(idx));
    assertTrue(e.files().contains(tile), e.files().toString());

    log.clearRequests();
    SumdbClient on = online();
    on.merge("stored latest", latest);
    assertEquals(want, on.hashReader().readHashes(idx));
    assertTrue(log.requests().contains("/" + tile), log.requests().toString());
    assertArrayEquals(genuine, store.file(tile), "the corrupt file was replaced");
  }

  @Test
  void lookup_cachedTileOfWrongLength_refetchedOnline() throws Exception {
    online().lookup("example.com/m5", "v1.0.5");
    byte[] genuine = store.file("tile/2/0/001.p/2");
    store.put("tile/2/0/001.p/2", new byte[7]);
    assertThrows(CorruptCacheException.class, () -> offline().lookup("example.com/m5", "v1.0.5"));
    online().lookup("example.com/m5", "v1.0.5");
    assertArrayEquals(genuine, store.file("tile/2/0/001.p/2"));
  }

  @Test
  void lookup_corruptCachedRecord_evictedAndRefetchedOnline_reportedOffline() throws Exception {
    online().lookup("example.com/m5", "v1.0.5");
    byte[] genuine = store.file("lookup/example.com/m5@v1.0.5");
    String bad = new String(genuine, StandardCharsets.UTF_8).replace(h1("zip5"), h1("evil"));
    store.put("lookup/example.com/m5@v1.0.5", bad.getBytes(StandardCharsets.UTF_8));

    CorruptCacheException offline = assertThrows(CorruptCacheException.class,
        () -> offline().lookup("example.com/m5", "v1.0.5"));
    assertEquals(List.of("lookup/example.com/m5@v1.0.5"), offline.files());

    LookupResult r = online().lookup("example.com/m5", "v1.0.5");
    assertEquals(List.of(h1("zip5")), r.hashes("v1.0.5"));
    assertArrayEquals(genuine, store.file("lookup/example.com/m5@v1.0.5"));
  }

  @Test
  void lookup_cachedRecordOfAnotherModule_evictedOnlineReportedOffline() throws Exception {
    online().lookupAll(modules(5, 7));
    byte[] genuine = store.file("lookup/example.com/m5@v1.0.5");
    store.put("lookup/example.com/m5@v1.0.5", store.file("lookup/example.com/m6@v1.0.6"));
    CorruptCacheException e = assertThrows(CorruptCacheException.class, () -> offline().lookup("example.com/m5", "v1.0.5"));
    assertEquals(List.of("lookup/example.com/m5@v1.0.5"), e.files());
    assertEquals(List.of(h1("zip5")), online().lookup("example.com/m5", "v1.0.5").hashes("v1.0.5"));
    assertArrayEquals(genuine, store.file("lookup/example.com/m5@v1.0.5"));
  }

  @Test
  void lookup_garbledCachedLookup_refetchedOnline() throws Exception {
    online().lookup("example.com/m5", "v1.0.5");
    byte[] genuine = store.file("lookup/example.com/m5@v1.0.5");
    store.put("lookup/example.com/m5@v1.0.5", "garbage".getBytes(StandardCharsets.UTF_8));
    assertThrows(CorruptCacheException.class, () -> offline().lookup("example.com/m5", "v1.0.5"));
    online().lookup("example.com/m5", "v1.0.5");
    assertArrayEquals(genuine, store.file("lookup/example.com/m5@v1.0.5"));
  }

  @Test
  void lookup_partialTileGone_fullTileTruncatedAndCachedUnderPartialName() throws Exception {
    log = log(16); // lookups of m0..m15 carry trees 1..16
    log.servePartials(false);
    LookupResult r = online().lookup("example.com/m5", "v1.0.5"); // tree 6: 2/1/000.p/1, 2/0/001.p/2
    assertEquals(6, r.tree().size());
    assertTrue(log.requests().containsAll(List.of("/tile/2/0/001.p/2", "/tile/2/0/001", "/tile/2/1/000")),
        log.requests().toString());
    assertNotNull(store.file("tile/2/0/001.p/2"));
    assertNotNull(store.file("tile/2/1/000.p/1"));
    assertNull(store.file("tile/2/0/001"), "the full tile was not authenticated as a whole");
    assertNull(store.file("tile/2/1/000"));
  }

  @Test
  void lookup_responseWithoutNote_provedInTheTrustedTree() throws Exception {
    LookupResponse r = LookupResponse.parse("x", log.lookupBody("example.com/m3@v1.0.3"));
    log.override("/lookup/example.com/m3@v1.0.3", new LookupResponse(3, r.text(), new byte[0]).format());
    VerificationException e = assertThrows(VerificationException.class, () -> online().lookup("example.com/m3", "v1.0.3"));
    assertTrue(e.getMessage().contains("cannot validate record 3 in tree of size 0"), e.getMessage());
    SumdbClient c = online();
    c.lookup("example.com/m39", "v1.0.39");
    LookupResult got = c.lookup("example.com/m3", "v1.0.3");
    assertEquals(40, got.tree().size());
    assertEquals(List.of(h1("zip3")), got.hashes("v1.0.3"));
  }

  @Test
  void lookup_olderTreeAfterNewer_latestOnlyMovesForward() throws Exception {
    TestLog growing = TestLog.create("example.com/sumdb", H);
    log = growing;
    for (int i = 0; i < 10; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    SumdbClient c = online();
    c.lookup("example.com/m9", "v1.0.9");
    assertEquals(10, c.latest().size());
    LookupResult old = c.lookup("example.com/m2", "v1.0.2"); // its body carries tree 3
    assertEquals(10, old.tree().size(), "proved in the newest tree");
    assertEquals(10, c.latest().size());
    assertArrayEquals(log.signedTree(10), store.readLatest());
  }

  @Test
  void twoClientsSharingAStore_mergeEachOthersTrees() throws Exception {
    SumdbClient first = online();
    SumdbClient second = online();
    first.lookup("example.com/m3", "v1.0.3"); // tree 4
    second.lookup("example.com/m20", "v1.0.20"); // tree 21
    assertArrayEquals(log.signedTree(21), store.readLatest());
    first.lookup("example.com/m5", "v1.0.5"); // tree 6, and the stored tree 21 merged
    assertEquals(21, first.latest().size());
    assertArrayEquals(log.signedTree(21), store.readLatest());
  }

  @Test
  void concurrentWritersOfOneStore_storeEndsAtNewest() throws Exception {
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int start = t;
      fs.add(pool.submit(() -> {
        SumdbClient c = online();
        for (int i = start; i < 40; i += 8) {
          c.lookup("example.com/m" + i, "v1.0." + i);
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    assertArrayEquals(log.signedTree(40), store.readLatest());
  }

  @Test
  void lookupAll_maxConcurrentRequests_neverExceeded() throws Exception {
    java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger max = new java.util.concurrent.atomic.AtomicInteger();
    dev.sumdb4j.tlog.http.Remote counting = path -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Thread.yield();
        return log.get(path);
      } finally {
        now.decrementAndGet();
      }
    };
    SumdbClient c = SumdbClient.builder().verifierKey(log.verifierKey()).remote(counting).store(store)
        .tileHeight(H).maxConcurrentRequests(3).build();
    assertEquals(40, c.lookupAll(modules(0, 40)).size());
    assertTrue(max.get() <= 3, "max concurrent " + max.get());
  }

  @Test
  void lookup_tileMissingOnServer_plainIoExceptionNotNotFound() throws Exception {
    log = log(4);
    log.servePartials(false);
    // tree 4: tile/2/1/000.p/1 is gone and its full tile does not exist yet
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> online().lookup("example.com/m3", "v1.0.3"));
    assertFalse(e instanceof NotFoundException, e.toString());
    assertTrue(e.getMessage().contains("does not have the tiles"), e.getMessage());
  }

  @Test
  void lookup_serverSignsASmallerTreeWithoutTheTrustedTreesTiles_unavailableSaysWhy() throws Exception {
    log = log(8);
    TestLog fork = log.fork();
    for (int i = 0; i < 4; i++) {
      log.addModule("example.com/a" + i, "v1.0.0", h1("a" + i), h1("am" + i));
    }
    fork.addModule("example.com/b0", "v1.0.0", h1("b0"), h1("bm0"));
    log.refreshLookup("example.com/m0@v1.0.0"); // served with tree 12
    SumdbClient trusting = online();
    trusting.lookup("example.com/m0", "v1.0.0"); // caches only the tiles of record 0 in tree 12
    assertEquals(12, trusting.latest().size());
    SumdbClient other = SumdbClient.builder().verifierKey(log.verifierKey()).remote(fork).store(store)
        .tileHeight(H).build();
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> other.lookup("example.com/b0", "v1.0.0"));
    assertFalse(e instanceof NotFoundException, e.toString());
    assertTrue(e.getMessage().contains("does not have the tiles of") && e.getMessage().contains("tree size 9")
        && e.getMessage().contains("lag behind"), e.getMessage());
  }

  @Test
  void concurrentLookupsOnOneClient_allAuthenticated() throws Exception {
    SumdbClient c = online();
    List<Future<LookupResult>> fs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int k = i % 40;
      fs.add(pool.submit(() -> c.lookup("example.com/m" + k, "v1.0." + k)));
    }
    for (int i = 0; i < fs.size(); i++) {
      LookupResult r = fs.get(i).get();
      assertEquals(i % 40, r.recordId());
      assertEquals(List.of(h1("zip" + (i % 40))), r.hashes("v1.0." + (i % 40)));
    }
    assertEquals(40, c.latest().size());
    assertFalse(store.listing().isEmpty());
  }
}
