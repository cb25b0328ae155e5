package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.bundle.ProofBundle;
import dev.sumdb4j.tlog.bundle.ProvedRecord;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.testlog.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyAuditorTest {
  @TempDir Path tmp;
  ProxyFixture f;
  TestStore store;

  @BeforeEach
  void setUp() throws Exception {
    f = new ProxyFixture(6);
    store = new TestStore();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ProxyReport run(Path stateDir, boolean full, List<ModuleVersion> scope) throws Exception {
    return run(stateDir, full, scope, ModuleProxy.DEFAULT_DEADLINE);
  }

  private ProxyReport run(Path stateDir, boolean full, List<ModuleVersion> scope, Duration deadline) throws Exception {
    SumdbClient client = SumdbClient.builder().verifierKey(f.log.verifierKey()).store(store).remote(f.log).build();
    ModuleProxy proxy = ModuleProxy.builder().baseUri(f.proxy.url()).stallTimeout(Duration.ofSeconds(2))
        .deadline(deadline).maxRetries(0).build();
    try (AuditState state = AuditState.open(stateDir)) {
      return ProxyAuditor.of(client, java.util.Optional.of(f.log), proxy, p -> p.startsWith("private.example/"), state, 4, full,
          new ProxyAuditor.Listener() {}).run(scope);
    }
  }

  private static Map<ModuleVersion, ModuleResult> byModule(ProxyReport r) {
    Map<ModuleVersion, ModuleResult> m = new java.util.LinkedHashMap<>();
    r.results().forEach(x -> m.put(x.module(), x));
    return m;
  }

  @Test
  void everyVerdict_andEvidenceThatReverifies() throws Exception {
    Path state = tmp.resolve("state");
    List<ModuleVersion> scope = new ArrayList<>(f.expected.keySet());
    ProxyReport r = run(state, false, scope);
    Map<ModuleVersion, ModuleResult> got = byModule(r);
    for (var e : f.expected.entrySet()) {
      ModuleResult res = got.get(e.getKey());
      assertEquals(e.getValue(), res.verdict(), e.getKey() + ": " + res.message());
    }
    assertTrue(r.hasFindings());
    // the stall fails with a message naming it
    ModuleResult stall = got.get(ModuleVersion.of("example.com/stall", "v1.0.0"));
    assertTrue(stall.message().contains("stalled"), stall.message());
    // invalid zips say why, in Go's words
    assertTrue(got.get(ModuleVersion.of("example.com/outside", "v1.0.0")).message()
        .contains("path does not have prefix \"example.com/outside@v1.0.0/\""));
    assertTrue(got.get(ModuleVersion.of("example.com/fold", "v1.0.0")).message()
        .contains("case-insensitive file name collision"));
    // mismatches keep both hashes and evidence whose proof re-verifies
    ModuleResult zipBad = got.get(ModuleVersion.of("example.com/zipbad", "v1.0.0"));
    assertFalse(zipBad.zipHash().equals(zipBad.recordZipHash()));
    assertTrue(zipBad.recordZipHash().isPresent() && zipBad.zipHash().isPresent());
    Path ev = zipBad.evidence().orElseThrow();
    assertTrue(Files.isRegularFile(ev.resolve("served.zip")));
    assertEquals(zipBad.zipHash().get(), dev.sumdb4j.dirhash.DirHash.hashZip(ev.resolve("served.zip")));
    String served = Files.readString(ev.resolve("served.json"));
    assertTrue(served.contains("\"x-test-proxy\""), served);
    assertTrue(served.contains(zipBad.zip().get().sha256()), served);
    ProofBundle bundle = ProofBundle.fromJson("proof.json", Files.readString(ev.resolve("proof.json")));
    List<ProvedRecord> proved = bundle.verify("proof.json", Verifiers.of(f.log.verifierKey()));
    assertTrue(proved.get(0).recordText().contains(zipBad.recordZipHash().get()));
    ModuleResult modBad = got.get(ModuleVersion.of("example.com/modbad", "v1.0.0"));
    assertTrue(Files.isRegularFile(modBad.evidence().orElseThrow().resolve("served.mod")));
    assertTrue(Files.isRegularFile(modBad.evidence().orElseThrow().resolve("proof.json")));
    // nothing left in the download directory
    try (var s = Files.list(state.resolve(AuditState.DOWNLOAD_DIR))) {
      assertEquals(0, s.count());
    }
  }

  /** Random printable ASCII: deflates to about 80 % of its length. */
  private static String noise(long seed, int n) {
    java.util.Random rnd = new java.util.Random(seed);
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = (char) (0x20 + rnd.nextInt(0x5f));
    }
    return new String(c);
  }

  /**
   * Zips larger than a worker's buffer are streamed to a file and read from there (small ones,
   * as in the test above, stay in memory): the same verdicts, evidence and hashes either way.
   */
  @Test
  void zipsLargerThanTheBuffer_sameVerdictsAndEvidence() throws Exception {
    ModuleVersion bigOk = ModuleVersion.of("example.com/big", "v1.0.0");
    Map<String, String> files = ModuleZips.files(bigOk, "big");
    files.put("data.txt", noise(1, 400_000));
    byte[] zip = ModuleZips.zip(bigOk, files);
    assertTrue(zip.length > ProxyAuditor.ZIP_IN_MEMORY, "zip of " + zip.length + " bytes");
    byte[] mod = ModuleZips.goMod(bigOk).getBytes(StandardCharsets.UTF_8);
    f.log.addModule(bigOk.path(), bigOk.version(), ProxyFixture.zipHash(zip), dev.sumdb4j.dirhash.DirHash.hashGoMod(mod));
    f.proxy.module(bigOk, mod, zip);
    ModuleVersion bigBad = ModuleVersion.of("example.com/big", "v1.1.0");
    Map<String, String> logged = ModuleZips.files(bigBad, "big");
    logged.put("data.txt", noise(2, 400_000));
    Map<String, String> served = new java.util.LinkedHashMap<>(logged);
    served.put("data.txt", logged.get("data.txt") + "changed\n");
    byte[] badMod = ModuleZips.goMod(bigBad).getBytes(StandardCharsets.UTF_8);
    byte[] servedZip = ModuleZips.zip(bigBad, served);
    assertTrue(servedZip.length > ProxyAuditor.ZIP_IN_MEMORY, "zip of " + servedZip.length + " bytes");
    f.log.addModule(bigBad.path(), bigBad.version(), ProxyFixture.zipHash(ModuleZips.zip(bigBad, logged)),
        dev.sumdb4j.dirhash.DirHash.hashGoMod(badMod));
    f.proxy.module(bigBad, badMod, servedZip);
    Path state = tmp.resolve("state");
    Map<ModuleVersion, ModuleResult> got = byModule(run(state, false, List.of(bigOk, bigBad)));
    ModuleResult ok = got.get(bigOk);
    assertEquals(Verdict.OK, ok.verdict(), ok.message());
    assertEquals(ProxyFixture.zipHash(zip), ok.zipHash().orElseThrow());
    assertEquals(zip.length, ok.zip().orElseThrow().size());
    ModuleResult bad = got.get(bigBad);
    assertEquals(Verdict.MISMATCH_ZIP, bad.verdict(), bad.message());
    assertEquals(ProxyFixture.zipHash(servedZip), bad.zipHash().orElseThrow());
    Path ev = bad.evidence().orElseThrow();
    org.junit.jupiter.api.Assertions.assertArrayEquals(servedZip, Files.readAllBytes(ev.resolve("served.zip")));
    try (var s = Files.list(state.resolve(AuditState.DOWNLOAD_DIR))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void drippingProxy_isAnErrorAtTheDeadline_namingTheUrlAndTheDeadline() throws Exception {
    // one byte every 50 ms never trips the 2 s stall timeout: only the deadline ends the download
    ModuleVersion mv = f.good.get(0);
    f.proxy.drip(ModuleProxy.zipPath(mv), 50);
    ProxyReport r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> run(tmp.resolve("state"), false, List.of(mv), Duration.ofSeconds(1)));
    ModuleResult res = r.results().get(0);
    assertEquals(Verdict.ERROR, res.verdict(), res.message());
    assertEquals("proxy: reading " + f.proxy.url() + ModuleProxy.zipPath(mv) + ": not complete within the 1 s deadline",
        res.message());
  }

  @Test
  void secondRun_downloadsNothingNew_butReprovesEveryRecord() throws Exception {
    Path state = tmp.resolve("state");
    ProxyReport first = run(state, false, f.good);
    assertEquals(f.good.size(), first.downloaded());
    assertEquals(f.good.size(), first.counts().get(Verdict.OK));
    int zips = f.proxy.requestsEndingWith(".zip");
    f.log.addModule("example.com/later", "v1.0.0", "h1:" + "A".repeat(43) + "=", "h1:" + "B".repeat(43) + "=");
    ProxyReport second = run(state, false, f.good);
    assertEquals(0, second.downloaded());
    assertEquals(0, second.bytes());
    assertEquals(zips, f.proxy.requestsEndingWith(".zip"));
    assertEquals(f.good.size(), second.counts().get(Verdict.OK));
    assertTrue(second.tree().size() > first.tree().size(), "re-proved in the grown tree");
    for (ModuleResult res : second.results()) {
      assertFalse(res.downloaded());
      assertEquals(second.tree().size(), res.treeSize());
    }
    ProxyReport full = run(state, true, f.good);
    assertEquals(f.good.size(), full.downloaded());
    assertEquals(2, Files.readAllLines(state.resolve(AuditState.RUNS_FILE)).size() - 1);
  }

  @Test
  void stateLine_cutShortByAKilledRun_isDroppedAndThatVersionRedone() throws Exception {
    Path state = tmp.resolve("state");
    run(state, false, f.good);
    Path file = state.resolve(AuditState.VERIFIED_FILE);
    String text = Files.readString(file);
    String cut = text.substring(0, text.length() - 20); // the last line loses its end
    Files.writeString(file, cut);
    ProxyReport again = run(state, false, f.good);
    assertEquals(1, again.downloaded());
    assertEquals(f.good.size(), again.counts().get(Verdict.OK));
    assertEquals(f.good.size(), Files.readAllLines(file).size());
  }

  @Test
  void damagedCompleteLine_isAnErrorWithItsLineNumber() throws Exception {
    Path state = tmp.resolve("state");
    Files.createDirectories(state);
    Files.writeString(state.resolve(AuditState.VERIFIED_FILE), "{\"module\":\"x\"}\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.sumdb4j.MalformedInputException.class,
        () -> AuditState.open(state));
    assertEquals(1, e.line());
  }

  @Test
  void aSecondRunOnTheSameState_isRefused() throws Exception {
    Path state = tmp.resolve("state");
    try (AuditState s = AuditState.open(state)) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> AuditState.open(state));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
  }

  @Test
  void listing_findsEveryListedVersionAndLatest() throws Exception {
    ModuleVersion a = ModuleVersion.of("example.com/listed", "v1.0.0");
    f.proxy.list(a);
    f.proxy.list(ModuleVersion.of("example.com/listed", "v1.1.0"));
    f.proxy.put("/example.com/listed/@latest", "{\"Version\":\"v1.2.0\",\"Time\":\"2020-01-01T00:00:00Z\"}"
        .getBytes(StandardCharsets.UTF_8));
    ModuleProxy proxy = ModuleProxy.builder().baseUri(f.proxy.url()).build();
    assertEquals(List.of("v1.0.0", "v1.1.0", "v1.2.0"), proxy.list("example.com/listed"));
    assertEquals(List.of(), proxy.list("example.com/nothing"));
  }

  @Test
  void shards_partitionTheScope() throws Exception {
    List<ModuleVersion> scope = new ArrayList<>(f.expected.keySet());
    List<ModuleVersion> all = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      all.addAll(Scope.shard(scope, k, 3));
    }
    assertEquals(scope.size(), all.size());
    assertEquals(new java.util.HashSet<>(scope), new java.util.HashSet<>(all));
    assertEquals(Scope.shard(scope, 2, 3), Scope.shard(scope, 2, 3));
  }
}
