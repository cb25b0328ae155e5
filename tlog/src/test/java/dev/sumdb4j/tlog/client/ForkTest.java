package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.module.ModuleVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fork detection (x/mod TestClientFork, vectors.md §V9) and the evidence it produces. */
class ForkTest {
  static final String V9_REPORT = """
      SECURITY ERROR
      go.sum database server misbehavior detected!

      old database:
      \tgo.sum database tree
      \t5
      \tnWzN20+pwMt62p7jbv1/NlN95ePTlHijabv5zO/s36w=
      \t
      \t— localhost.localdev/sumdb AAAMZ5/2FVAdMH58kmnz/0h299pwyskEbzDzoa2/YaPdhvLya4YWDFQQxu2TQb5GpwAH4NdWnTwuhILafisyf3CNbgg=
      \t
      new database:
      \tgo.sum database tree
      \t6
      \twc4SkQt52o5W2nQ8To2ARs+mWuUJjss+sdleoiqxMmM=
      \t
      \t— localhost.localdev/sumdb AAAMZ6oRNswlEZ6ZZhxrCvgl1MBy+nusq4JU+TG6Fe2NihWLqOzb+y2c2kzRLoCr4tvw9o36ucQEnhc20e4nA4Qc/wc=
      \t
      proof of misbehavior:
      \tT7i+H/8ER4nXOiw4Bj0koZOkGjkxoNvlI34GpvhHhQg=
      \tNsuejv72de9hYNM5bqFv8rv3gm3zJQwv/DT/WNbLDLA=
      \tmOmqqZ1aI/lzS94oq/JSbj7pD8Rv9S+xDyi12BtVSHo=
      \t/7Aw5jVSMM9sFjQhaMg+iiDYPMk6decH7QLOGrL9Lx0=""";

  /** The V9 evidence as JSON, schema version 1: a golden file that pins the schema. */
  static final String V9_JSON = """
      {
        "version": 1,
        "olderNote": "go.sum database tree\\n5\\nnWzN20+pwMt62p7jbv1/NlN95ePTlHijabv5zO/s36w=\\n\\n\u2014 localhost.localdev/sumdb AAAMZ5/2FVAdMH58kmnz/0h299pwyskEbzDzoa2/YaPdhvLya4YWDFQQxu2TQb5GpwAH4NdWnTwuhILafisyf3CNbgg=\\n",
        "newerNote": "go.sum database tree\\n6\\nwc4SkQt52o5W2nQ8To2ARs+mWuUJjss+sdleoiqxMmM=\\n\\n\u2014 localhost.localdev/sumdb AAAMZ6oRNswlEZ6ZZhxrCvgl1MBy+nusq4JU+TG6Fe2NihWLqOzb+y2c2kzRLoCr4tvw9o36ucQEnhc20e4nA4Qc/wc=\\n",
        "olderSize": 5,
        "newerSize": 6,
        "computedHash": "T7i+H/8ER4nXOiw4Bj0koZOkGjkxoNvlI34GpvhHhQg=",
        "proof": [
          "Nsuejv72de9hYNM5bqFv8rv3gm3zJQwv/DT/WNbLDLA=",
          "mOmqqZ1aI/lzS94oq/JSbj7pD8Rv9S+xDyi12BtVSHo=",
          "/7Aw5jVSMM9sFjQhaMg+iiDYPMk6decH7QLOGrL9Lx0="
        ]
      }
      """;

  TestLog a;
  TestLog b;
  TestStore storeA;
  TestStore storeB;
  Verifiers verifiers;

  SumdbClient client(TestLog remote, TestStore store) throws MalformedInputException {
    return SumdbClient.builder().verifierKey(VerifierKey.parse(ReferenceHarnessTest.VERIFIER))
        .remote(remote).store(store).tileHeight(2).build();
  }

  /** x/mod's TestClientFork: A and its fork B share records 0-3, then diverge at record 4. */
  @BeforeEach
  void setUp() throws Exception {
    storeA = new TestStore();
    a = ReferenceHarnessTest.harnessLog(storeA);
    storeB = new TestStore();
    storeB.put("latest", storeA.readLatest());
    b = a.fork();
    a.add("rsc.io/pkg1@v1.5.2", "rsc.io/pkg1 v1.5.2 h1:hash!=\n");
    a.add("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
    b.add("rsc.io/pkg1@v1.5.3", "rsc.io/pkg1 v1.5.3 h1:hash!=\n");
    b.add("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n");
    verifiers = Verifiers.of(a.verifierKey());
  }

  private static void assertValid(Evidence e, Verifiers v) throws Exception {
    e.verify(v);
    Evidence back = Evidence.fromJson("test", e.toJson());
    assertEquals(e, back);
    back.verify(v);
  }

  @Test
  void lookup_serverGoesBackToOlderForkedTree_evidenceMatchesReferenceReport() throws Exception {
    client(a, storeA).lookup("rsc.io/pkg1", "v1.5.2");
    SumdbClient cb = client(b, storeB);
    cb.lookup("rsc.io/pkg1", "v1.5.4");
    assertEquals(6, cb.latest().size());
    b.override("/lookup/rsc.io/pkg1@v1.5.2", a.lookupBody("rsc.io/pkg1@v1.5.2"));
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> cb.lookup("rsc.io/pkg1", "v1.5.2"));
    assertEquals(V9_REPORT, e.evidence().securityReport());
    assertEquals(V9_JSON, e.evidence().toJson());
    assertValid(e.evidence(), verifiers);
    assertEquals(6, cb.latest().size());
    assertArrayEquals(b.signedTree(6), storeB.readLatest(), "the stored tree did not move");
    assertEquals(null, storeB.file("lookup/rsc.io/pkg1@v1.5.2"));
  }

  @Test
  void lookup_serverGoesBackWithoutTrustedTiles_inconsistentTileNoEvidence() throws Exception {
    // Trusting B's tree 6 with no cached tiles, talking to A: A's tiles do not authenticate
    // against B's tree, and nothing signed by A is larger than B's tree, so no evidence exists.
    storeB.put("latest", b.signedTree(6));
    SumdbClient c = client(a, storeB);
    InconsistentTileException e = assertThrows(InconsistentTileException.class, () -> c.lookup("rsc.io/pkg1", "v1.5.2"));
    assertEquals(6, e.tree().size());
    assertEquals(6, c.latest().size());
    assertEquals(1, storeB.listing().size(), "only latest: no tile or lookup cached");
  }

  @Test
  void lookup_serverMovesToInconsistentNewerTree_evidence() throws Exception {
    SumdbClient c = client(a, storeA);
    c.lookup("rsc.io/pkg1", "v1.5.2"); // trusts A's tree 5
    assertEquals(5, c.latest().size());
    SumdbClient moved = client(b, storeA);
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> moved.lookup("rsc.io/pkg1", "v1.5.4"));
    assertEquals(5, e.evidence().olderSize());
    assertEquals(6, e.evidence().newerSize());
    assertArrayEquals(a.signedTree(5), e.evidence().olderNote());
    assertArrayEquals(b.signedTree(6), e.evidence().newerNote());
    assertValid(e.evidence(), verifiers);
    assertArrayEquals(a.signedTree(5), storeA.readLatest(), "the stored tree did not move");
    assertEquals(null, storeA.file("lookup/rsc.io/pkg1@v1.5.4"));
  }

  @Test
  void lookup_sameSizeDifferentHash_evidenceWithEmptyProof() throws Exception {
    TestStore store = new TestStore();
    store.put("latest", a.signedTree(6)); // trusts A's tree 6
    SumdbClient other = client(b, store);
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> other.lookup("rsc.io/pkg1", "v1.5.4"));
    assertEquals(6, e.evidence().olderSize());
    assertEquals(6, e.evidence().newerSize());
    assertTrue(e.evidence().proof().hashes().isEmpty());
    assertArrayEquals(a.signedTree(6), e.evidence().olderNote());
    assertValid(e.evidence(), verifiers);
  }

  @Test
  void lookup_forkedTilesFromCacheFirst_thenRemoteAuthenticatesNewTree_evidence() throws Exception {
    // A client that trusts A's tree 6 with A's tiles cached meets B's tree 7: the cached tiles
    // fail against B's tree, B's remote tiles authenticate it, and A's tree 6 conflicts.
    SumdbClient c = client(a, storeA);
    c.lookup("rsc.io/pkg1", "v1.5.4");
    b.add("rsc.io/pkg1@v1.5.5", "rsc.io/pkg1 v1.5.5 h1:hash!=\n");
    b.add("rsc.io/pkg1@v1.5.6", "rsc.io/pkg1 v1.5.6 h1:hash!=\n");
    SumdbClient moved = client(b, storeA);
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> moved.lookup("rsc.io/pkg1", "v1.5.6"));
    assertEquals(6, e.evidence().olderSize());
    assertEquals(8, e.evidence().newerSize());
    assertValid(e.evidence(), verifiers);
  }

  @Test
  void lookupAll_tilesFailTrustedTreeButAuthenticateAnotherServerTree_evidenceFromThatTree() throws Exception {
    // The client trusts B's tree 7 (no tiles cached). The server is A (A's tiles), and one batch
    // brings A's tree 6 and, for another module, B's tree 5. A's tiles fail against B's 7 (the
    // reference would stop at "downloaded inconsistent tile"); they do authenticate A's 6, which
    // says the tree of size 5 is not B's 5: evidence from A's own signed tree.
    b.add("rsc.io/pkg1@v1.5.5", "rsc.io/pkg1 v1.5.5 h1:hash!=\n");
    storeB.put("latest", b.signedTree(7));
    a.override("/lookup/rsc.io/pkg1@v1.5.3", b.lookupBody("rsc.io/pkg1@v1.5.3"));
    SumdbClient c = client(a, storeB);
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> c.lookupAll(List.of(
        ModuleVersion.of("rsc.io/pkg1", "v1.5.4"), ModuleVersion.of("rsc.io/pkg1", "v1.5.3"))));
    assertArrayEquals(b.signedTree(5), e.evidence().olderNote());
    assertArrayEquals(a.signedTree(6), e.evidence().newerNote());
    assertValid(e.evidence(), verifiers);
    assertEquals(7, c.latest().size());
  }

  @Test
  void merge_consistentNewerNote_provedAndStored() throws Exception {
    SumdbClient c = client(a, storeA);
    c.lookup("rsc.io/pkg1", "v1.5.2"); // trusts A's tree 5
    SignedTree t = c.merge("/latest", a.signedTree(6));
    assertEquals(6, t.size());
    assertEquals(6, c.latest().size());
    assertArrayEquals(a.signedTree(6), storeA.readLatest(), "the newer tree is stored");
    assertEquals(6, c.merge("old", a.signedTree(5)).size(), "an older consistent tree leaves the newest");
  }

  @Test
  void merge_forkedNote_evidenceAndNothingStored() throws Exception {
    SumdbClient c = client(a, storeA);
    c.lookup("rsc.io/pkg1", "v1.5.2"); // stores A's tree 5
    SumdbClient moved = client(b, storeA); // trusts the stored tree 5; the server is B
    LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class,
        () -> moved.merge("/latest", b.signedTree(6)));
    assertArrayEquals(a.signedTree(5), e.evidence().olderNote());
    assertArrayEquals(b.signedTree(6), e.evidence().newerNote());
    assertValid(e.evidence(), verifiers);
    assertArrayEquals(a.signedTree(5), storeA.readLatest(), "the stored tree did not move");
    assertEquals(5, moved.latest().size());
  }

  @Test
  void merge_badSignature_rejected() throws Exception {
    SumdbClient c = client(a, storeA);
    byte[] before = storeA.readLatest();
    byte[] note = a.signedTree(6);
    note[note.length - 5] ^= 1;
    assertThrows(SumdbException.class, () -> c.merge("/latest", note));
    assertArrayEquals(before, storeA.readLatest(), "the stored tree did not move");
  }

  @Test
  void merge_withoutStoreLatest_historyInMemoryOnly() throws Exception {
    TestStore store = new TestStore();
    store.put("latest", a.signedTree(6)); // never read: the history starts empty
    SumdbClient c = SumdbClient.builder().verifierKey(VerifierKey.parse(ReferenceHarnessTest.VERIFIER))
        .remote(b).store(store).tileHeight(2).storeLatest(false).build();
    assertEquals(5, c.merge("history", a.signedTree(5)).size()); // trusted: the history was empty
    assertThrows(LogMisbehaviorException.class, () -> c.merge("/latest", b.signedTree(6)));
    assertEquals(5, c.latest().size());
    assertArrayEquals(a.signedTree(6), store.readLatest(), "the store's latest note is not written");
  }

  @Test
  void merge_signedEmptyTreeWithWrongHash_singleNoteEvidenceThatRechecks() throws Exception {
    // Nobody signed the implicit empty tree: the evidence is the one note that states size 0 with
    // a hash that is not SHA-256(""). Both the all-zero hash (x/mod before 2024) and another.
    for (Hash wrong : List.of(Hash.of(new byte[32]), Hash.ofRecord("x".getBytes(StandardCharsets.UTF_8)))) {
      byte[] note = a.sign(new Tree(0, wrong));
      SumdbClient c = SumdbClient.builder().verifierKey(a.verifierKey()).remote(a).store(new TestStore())
          .tileHeight(2).storeLatest(false).build();
      LogMisbehaviorException e = assertThrows(LogMisbehaviorException.class, () -> c.merge("/latest", note));
      Evidence ev = e.evidence();
      assertEquals(Evidence.Kind.EMPTY_TREE_HASH, ev.kind());
      assertArrayEquals(note, ev.olderNote());
      assertArrayEquals(note, ev.newerNote());
      assertEquals(Hash.emptyTree(), ev.computedHash());
      assertValid(ev, verifiers);
      assertTrue(ev.toJson().contains("\"kind\": \"empty-tree-hash\""), ev::toJson);
      assertFalse(e.getMessage().contains("also signed"), e::getMessage);
      assertTrue(ev.securityReport().contains(Hash.emptyTree().toString()), ev::securityReport);
      assertTrue(c.latest().isEmpty(), "nothing trusted");
    }
  }

  @Test
  void evidence_emptyTreeKind_rightHashOrOtherSize_provesNothing() throws Exception {
    Evidence ok = Evidence.fromJson("t", emptyTreeJson(a.sign(new Tree(0, Hash.of(new byte[32])))));
    ok.verify(verifiers);
    Evidence right = Evidence.fromJson("t", emptyTreeJson(a.sign(new Tree(0, Hash.emptyTree()))));
    assertThrows(SumdbException.class, () -> right.verify(verifiers));
    Evidence sized = Evidence.fromJson("t", emptyTreeJson(a.signedTree(5)));
    assertThrows(SumdbException.class, () -> sized.verify(verifiers));
    assertThrows(SumdbException.class,
        () -> ok.verify(Verifiers.of(TestLog.create("localhost.localdev/sumdb", 2).verifierKey())));
    assertThrows(MalformedInputException.class, () -> Evidence.fromJson("t",
        emptyTreeJson(a.signedTree(5)).replace("\"kind\"", "\"extra\": 1, \"kind\"")));
  }

  private static String emptyTreeJson(byte[] note) {
    String n = new String(note, StandardCharsets.UTF_8).replace("\n", "\\n");
    return "{\"version\": 1, \"kind\": \"empty-tree-hash\", \"note\": \"" + n + "\"}";
  }

  @Test
  void evidence_anyBitFlipped_failsToParseOrVerify() throws Exception {
    client(a, storeA).lookup("rsc.io/pkg1", "v1.5.2");
    SumdbClient cb = client(b, storeB);
    cb.lookup("rsc.io/pkg1", "v1.5.4");
    b.override("/lookup/rsc.io/pkg1@v1.5.2", a.lookupBody("rsc.io/pkg1@v1.5.2"));
    Evidence ev = assertThrows(LogMisbehaviorException.class, () -> cb.lookup("rsc.io/pkg1", "v1.5.2")).evidence();
    byte[] json = ev.toJson().getBytes(StandardCharsets.UTF_8);
    int accepted = 0;
    StringBuilder which = new StringBuilder();
    for (int i = 0; i < json.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] m = json.clone();
        m[i] ^= (byte) (1 << bit);
        try {
          Evidence.fromJson("mutant", new String(m, StandardCharsets.UTF_8)).verify(verifiers);
          accepted++;
          which.append(" byte ").append(i).append(" bit ").append(bit);
        } catch (SumdbException expected) {
          // rejected, as it must be
        }
      }
    }
    assertEquals(0, accepted, "mutants accepted:" + which);
  }

  @Test
  void evidence_wrongKey_failsToVerify() throws Exception {
    storeB.put("latest", a.signedTree(6));
    Evidence ev = assertThrows(LogMisbehaviorException.class,
        () -> client(b, storeB).lookup("rsc.io/pkg1", "v1.5.4")).evidence();
    Verifiers other = Verifiers.of(TestLog.create("localhost.localdev/sumdb", 2).verifierKey());
    assertThrows(SumdbException.class, () -> ev.verify(other));
  }

  @Test
  void evidence_consistentPair_failsToVerify() throws Exception {
    // Evidence built from two consistent trees proves nothing.
    SignedTree t5 = SignedTree.open("t5", a.signedTree(5), verifiers);
    SignedTree t6 = SignedTree.open("t6", a.signedTree(6), verifiers);
    dev.sumdb4j.tlog.TreeProof p = dev.sumdb4j.tlog.TreeProof.of(java.util.List.of());
    Evidence ev = Evidence.of(t5, t6, a.tree(5).hash(), p);
    assertThrows(SumdbException.class, () -> ev.verify(verifiers));
    assertThrows(IllegalArgumentException.class, () -> Evidence.sameSize(t6, t6));
    Evidence same = Evidence.of(t6, t6, t6.hash(), p);
    assertNotEquals(ev, same);
    assertThrows(SumdbException.class, () -> same.verify(verifiers));
  }
}
