package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The x/mod client test harness (vectors.md §V8): tile height 2, key localhost.localdev/sumdb. */
class ReferenceHarnessTest {
  static final String SIGNER = "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk";
  static final String VERIFIER = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";
  static final String[] TREES = {
      null,
      "go.sum database tree\n1\nWjvL/HG+LcMcRc63kFcpeP289Y+SW6L8uHapnVU30FU=\n\n— localhost.localdev/sumdb AAAMZ4/2LYVLoVNSpKpkRrjBaatdyCja0E0AZztDH9ACQIp6CM+mU/o90ZbjmGxrTHrRlt134xZRCd5Wy1AhZOZvtAM=\n",
      "go.sum database tree\n2\nwsqcgX5rABDmI7Y6Jhe+ltsmLPNQB4CCfpqFJVwMGNk=\n\n— localhost.localdev/sumdb AAAMZwAsVadrQu9laAPSKggIeeFWNSMftJ0WO6DXKXD63mb3k5BlPZSA3q46nSuWrnQK8adNVPqLkX5WXsTOj+RtxAA=\n",
      "go.sum database tree\n3\nBqP+0lgg2eJ2ftkPcKT+ltQjkVMh3THoMw60om6MwKo=\n\n— localhost.localdev/sumdb AAAMZ7LFXswF2N3CLFvkbLG1n2Hx5SHNE+44EVr3kW/2wMlprpbogoxXRsDsaIMQ4kEmV+g6ObO1hQwtuEupEvEHTwo=\n",
      "go.sum database tree\n4\n/7Aw5jVSMM9sFjQhaMg+iiDYPMk6decH7QLOGrL9Lx0=\n\n— localhost.localdev/sumdb AAAMZ4p0U2imiESToQIuhbLPz+DLot/i59pjBQtpE0iN3VifjzXBA1i4ceNI6z64AV0lEbtUQiP1e3DmYerREy4hMgs=\n",
  };

  TestLog log;
  TestStore store;

  /** The harness of x/mod's newTestClient: four records, the stored latest tree is tree 1. */
  static TestLog harnessLog(TestStore store) throws Exception {
    TestLog log = new TestLog(SignerKey.parse(SIGNER), 2);
    log.add("rsc.io/quote@v1.5.2", "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
        + "rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n"
        + "rsc.io/quote v1.5.2 h2:xyzzy\n");
    log.add("golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c",
        "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=\n"
        + "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n");
    log.add("rsc.io/sampler@v1.3.0", "rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=\n"
        + "rsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n");
    store.compareAndSwapLatest(new byte[0], log.signedTree(1));
    log.add("rsc.io/!quote@v1.5.2", "rsc.io/Quote v1.5.2 h1:uppercase!=\n");
    return log;
  }

  SumdbClient client(boolean online) throws Exception {
    SumdbClient.Builder b = SumdbClient.builder()
        .verifierKey(dev.sumdb4j.note.VerifierKey.parse(VERIFIER)).store(store).tileHeight(2);
    return (online ? b.remote(log) : b).build();
  }

  @BeforeEach
  void setUp() throws Exception {
    store = new TestStore();
    log = harnessLog(store);
  }

  @Test
  void harness_signedTreesAndTiles_matchReference() throws Exception {
    for (int n = 1; n <= 4; n++) {
      assertEquals(TREES[n], new String(log.signedTree(n), StandardCharsets.UTF_8), "tree " + n);
    }
    String t1 = "5a3bcbfc71be2dc31c45ceb790572978fdbcf58f925ba2fcb876a99d5537d055";
    String t2 = t1 + "395c9c2b36d8526fbb014657111edf32b216054a7bd3622abad6328454351e78";
    String t3 = t2 + "a3c9b9aeb9679d15db84404ff57f3390fd9dcea79f73df262aa48c7fbb758a0f";
    String t4 = t3 + "ccb3d653341608ea96d37f9c028fea933f6113348ed52177d6e9f5891535a1b8";
    HexFormat hex = HexFormat.of();
    assertEquals(t1, hex.formatHex(log.get("/tile/2/0/000.p/1")));
    assertEquals(t2, hex.formatHex(log.get("/tile/2/0/000.p/2")));
    assertEquals(t3, hex.formatHex(log.get("/tile/2/0/000.p/3")));
    assertEquals(t4, hex.formatHex(log.get("/tile/2/0/000")));
    assertEquals("ffb030e6355230cf6c16342168c83e8a20d83cc93a75e707ed02ce1ab2fd2f1d",
        hex.formatHex(log.get("/tile/2/1/000.p/1")));
    assertEquals(341, log.lookupBody("rsc.io/sampler@v1.3.0").length);
    assertEquals(366, log.lookupBody("rsc.io/quote@v1.5.2").length);
    assertEquals(403, log.lookupBody("golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c").length);
    assertEquals(229, log.lookupBody("rsc.io/!quote@v1.5.2").length);
  }

  @Test
  void lookup_referenceSequence_matchesReference() throws Exception {
    SumdbClient c = client(true);
    LookupResult sampler = c.lookup("rsc.io/sampler", "v1.3.0");
    assertEquals(List.of("h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4="), sampler.hashes("v1.3.0"));
    assertEquals(2, sampler.recordId());
    assertEquals(3, c.latest().size());
    assertArrayEquals(TREES[3].getBytes(StandardCharsets.UTF_8), store.readLatest());

    log.refuseAll();
    LookupResult goMod = c.lookup("rsc.io/sampler", "v1.3.0/go.mod");
    assertEquals(List.of("h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA="), goMod.hashes("v1.3.0/go.mod"));

    log.refuse(p -> p.startsWith("/tile/"));
    LookupResult quote = c.lookup("rsc.io/quote", "v1.5.2");
    assertEquals(List.of("rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=",
        "rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=",
        "rsc.io/quote v1.5.2 h2:xyzzy"), quote.lines());
    assertEquals(List.of("h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=", "h2:xyzzy"), quote.hashes("v1.5.2"));
    assertEquals(3, c.latest().size());

    log.allowAll();
    LookupResult upper = c.lookup("rsc.io/Quote", "v1.5.2");
    assertEquals(List.of("rsc.io/Quote v1.5.2 h1:uppercase!="), upper.lines());
    assertEquals(4, c.latest().size());
    assertTrue(log.requests().contains("/lookup/rsc.io/!quote@v1.5.2"));
    assertArrayEquals(TREES[4].getBytes(StandardCharsets.UTF_8), store.readLatest());
  }

  @Test
  void lookup_freshClient_cachesOnlyAuthenticatedData() throws Exception {
    SumdbClient c = client(true);
    c.lookup("rsc.io/sampler", "v1.3.0");
    c.lookup("rsc.io/Quote", "v1.5.2");
    // x/mod also caches tile/2/0/000.p/1, read by its start-up self-check of the stored tree 1,
    // which this client skips (tree 1 is checked against the newer trees' tiles instead).
    assertEquals(Map.of(
        "latest", TREES[4].length() + 2, // the em dash is 3 bytes in UTF-8
        "lookup/rsc.io/!quote@v1.5.2", 229,
        "lookup/rsc.io/sampler@v1.3.0", 341,
        "tile/2/0/000", 128,
        "tile/2/0/000.p/3", 96,
        "tile/2/1/000.p/1", 32), store.listing());
  }

  @Test
  void lookup_emptyLatest_storesTree3() throws Exception {
    store = new TestStore();
    SumdbClient c = client(true);
    c.lookup("rsc.io/sampler", "v1.3.0");
    assertArrayEquals(TREES[3].getBytes(StandardCharsets.UTF_8), store.readLatest());
  }

  @Test
  void lookup_corruptTilesFirst_inconsistentTile() throws Exception {
    log.corruptAllTiles(true);
    SumdbClient c = client(true);
    assertThrows(InconsistentTileException.class, () -> c.lookup("rsc.io/sampler", "v1.3.0"));
    assertArrayEquals(TREES[1].getBytes(StandardCharsets.UTF_8), store.readLatest());
    assertEquals(0, store.listing().keySet().stream().filter(k -> !k.equals("latest")).count(), "nothing cached");
  }

  @Test
  void lookup_corruptTilesAfterGoodLookup_inconsistentTile() throws Exception {
    SumdbClient c = client(true);
    c.lookup("rsc.io/sampler", "v1.3.0");
    log.corruptAllTiles(true);
    assertThrows(InconsistentTileException.class, () -> c.lookup("rsc.io/Quote", "v1.5.2"));
    assertEquals(3, c.latest().size());
    assertEquals(null, store.file("lookup/rsc.io/!quote@v1.5.2"));
  }

  @Test
  void lookup_storedLatestWithZeroHash_misbehaviorWithEvidence() throws Exception {
    store = new TestStore();
    store.compareAndSwapLatest(new byte[0], log.sign(new dev.sumdb4j.tlog.Tree(1, Hash.of(new byte[32]))));
    SumdbClient c = client(true);
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> c.lookup("rsc.io/sampler", "v1.3.0"));
    e.evidence().verify(Verifiers.of(log.verifierKey()));
    assertEquals(1, e.evidence().olderSize());
    assertEquals(3, e.evidence().newerSize());
  }

  @Test
  void lookup_genuineRecordOfAnotherModule_rejected() throws Exception {
    log.override("/lookup/rsc.io/other@v1.0.0", log.lookupBody("rsc.io/sampler@v1.3.0"));
    SumdbClient c = client(true);
    VerificationException e = assertThrows(VerificationException.class, () -> c.lookup("rsc.io/other", "v1.0.0"));
    assertTrue(e.getMessage().contains("no go.sum lines for rsc.io/other@v1.0.0"), e.getMessage());
    assertEquals(null, store.file("lookup/rsc.io/other@v1.0.0"));
  }

  @Test
  void lookup_noteWithExtraGoSumLine_lineIgnored() throws Exception {
    // CVE-2026-56864: a correctly signed note whose text carries a go.sum-looking line.
    long id = log.add("rsc.io/ext@v1.0.0", "rsc.io/ext v1.0.0/go.mod h1:GOMOD=\n");
    byte[] note = log.signText(new String(dev.sumdb4j.tlog.checkpoint.Checkpoint.sumdb(log.tree()).format(),
        StandardCharsets.UTF_8) + "rsc.io/ext v1.0.0 h1:EXT=\n");
    log.override("/lookup/rsc.io/ext@v1.0.0",
        new LookupResponse(id, "rsc.io/ext v1.0.0/go.mod h1:GOMOD=\n", note).format());
    SumdbClient c = client(true);
    LookupResult r = c.lookup("rsc.io/ext", "v1.0.0");
    assertEquals(List.of("rsc.io/ext v1.0.0/go.mod h1:GOMOD="), r.lines());
    assertEquals(List.of(), r.hashes("v1.0.0"));
  }

  @Test
  void lookup_forgedRecordBehindForgedLevel0Tile_rejected() throws Exception {
    // CVE-2026-56865 end to end: seven records, tree 7 trusted, record 0 and its leaf hash forged.
    for (int i = 4; i < 7; i++) {
      log.addModule("rsc.io/m" + i, "v1.0.0", "h1:M" + i + "=", "h1:G" + i + "=");
    }
    store = new TestStore();
    store.compareAndSwapLatest(new byte[0], log.signedTree());
    String forged = "rsc.io/forged v1.0.0 h1:FORGED=\n";
    log.override("/lookup/rsc.io/forged@v1.0.0", new LookupResponse(0, forged, log.signedTree()).format());
    byte[] tile = log.get("/tile/2/0/000");
    Hash.ofRecord(forged.getBytes(StandardCharsets.UTF_8)).copyTo(tile, 0);
    log.override("/tile/2/0/000", tile);
    SumdbClient c = client(true);
    assertThrows(InconsistentTileException.class, () -> c.lookup("rsc.io/forged", "v1.0.0"));
    assertEquals(null, store.file("tile/2/0/000"));
    assertEquals(null, store.file("lookup/rsc.io/forged@v1.0.0"));
  }
}
