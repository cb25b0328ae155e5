package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.LineVerdict;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The client, offline, over real go command sumdb caches of sum.golang.org (realdata/gocache): every
 * cached lookup must authenticate against the cache's own tiles and latest tree.
 */
class RealDataClientTest {
  /** A read-only store over one realdata cache set (the go layout without the name directory). */
  record SetStore(Path dir) implements SumdbStore {
    @Override
    public Optional<byte[]> readLookup(String key) throws IOException {
      return read(dir.resolve("lookup").resolve(key));
    }

    @Override
    public void writeLookup(VerifiedLookup lookup) {
      throw new UnsupportedOperationException("read-only real data");
    }

    @Override
    public Optional<byte[]> readTile(String tilePath) throws IOException {
      return read(dir.resolve(tilePath));
    }

    @Override
    public void writeTile(dev.sumdb4j.tlog.tile.VerifiedTile tile) {
      throw new UnsupportedOperationException("read-only real data");
    }

    @Override
    public byte[] readLatest() throws IOException {
      return Files.readAllBytes(dir.resolve("latest"));
    }

    @Override
    public boolean compareAndSwapLatest(byte[] expected, byte[] replacement) {
      throw new UnsupportedOperationException("read-only real data");
    }

    private static Optional<byte[]> read(Path p) throws IOException {
      return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }
  }

  static SumdbClient offline(SumdbStore store) throws Exception {
    return SumdbClient.builder().verifierKey(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY)).store(store).build();
  }

  static List<ModuleVersion> lookups(Path set) throws Exception {
    Path root = set.resolve("lookup");
    List<ModuleVersion> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = root.relativize(f).toString().replace('\\', '/');
        int at = key.lastIndexOf('@');
        out.add(ModuleVersion.of(ModulePaths.unescapePath(key.substring(0, at)),
            ModulePaths.unescapeVersion(key.substring(at + 1))));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> lookupAll_realCacheSet_everyLookupAuthenticatedOffline() throws Exception {
    Path gocache = RealData.resolve("gocache");
    List<Path> sets;
    try (Stream<Path> s = Files.list(gocache)) {
      sets = s.filter(Files::isDirectory).sorted().toList();
    }
    return sets.stream().map(set -> DynamicTest.dynamicTest(set.getFileName().toString(), () -> {
      SumdbClient c = offline(new SetStore(set));
      List<ModuleVersion> all = lookups(set);
      Map<ModuleVersion, Outcome> got = c.lookupAll(all);
      SignedTree latest = SignedTree.open("latest", Files.readAllBytes(set.resolve("latest")),
          dev.sumdb4j.note.Verifiers.of(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY)));
      for (ModuleVersion mv : all) {
        LookupResult r = got.get(mv).result().orElseThrow(() -> new AssertionError(got.get(mv).toString()));
        assertEquals(latest, r.tree(), mv.toString());
        assertTrue(r.hashes(mv.version()).stream().anyMatch(h -> h.startsWith("h1:")), mv.toString());
      }
      assertEquals(latest, c.latest());
    }));
  }

  @Test
  void verify_realGoSumAgainstItsCache_allOk() throws Exception {
    for (String[] pair : new String[][] {{"darlandc-hello-go.sum", "darlandc-hello-go-6978134"},
        {"0-Lin-Ying-0-basic_go.sum", "0-Lin-Ying-0-42965376"}}) {
      GoSumFile f = GoSumFile.read(RealData.resolve("gosum/" + pair[0]));
      GoSumReport r = new GoSumVerifier(offline(new SetStore(RealData.resolve("gocache/" + pair[1]))), p -> false)
          .verify(f);
      assertTrue(r.passed(), r.failures().toString());
      assertEquals(f.lines().size(), r.counts().get(LineVerdict.OK), r.summary());
    }
  }

  @Test
  void lookup_realCacheWithOneTileDamaged_offlineNamesTheFile() throws Exception {
    Path set = RealData.resolve("gocache/boltKrank-go-demo-3087502");
    TestStore store = new TestStore();
    store.put("latest", Files.readAllBytes(set.resolve("latest")));
    try (Stream<Path> files = Files.walk(set)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = set.relativize(f).toString().replace('\\', '/');
        store.put(name, Files.readAllBytes(f));
      }
    }
    String tile = store.listing().keySet().stream().filter(k -> k.startsWith("tile/8/0/")).findFirst().orElseThrow();
    byte[] bad = store.file(tile);
    bad[bad.length - 1] ^= 1;
    store.put(tile, bad);
    SumdbClient c = offline(store);
    CorruptCacheException e = assertThrows(CorruptCacheException.class, () -> c.lookupAll(lookups(set)));
    assertTrue(e.getMessage().contains("tile/8/"), e.getMessage());
    assertArrayEquals(bad, store.file(tile), "offline: nothing rewritten");
  }
}
