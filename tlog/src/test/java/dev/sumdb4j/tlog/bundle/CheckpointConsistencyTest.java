package dev.sumdb4j.tlog.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.testlog.TestStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pairs of checkpoints of one key among proved records: forks, prefixes, and what proofs cannot show. */
class CheckpointConsistencyTest {
  private TestLog honest;
  private TestLog forked;

  private static String h(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** 40 shared records (0-39), then each log its own record 40. */
  @BeforeEach
  void setUp() {
    honest = TestLog.create("localhost.localdev/sumdb", 8);
    for (int i = 0; i < 40; i++) {
      honest.addModule("example.com/m" + i, "v1.0.0", h("z" + i), h("m" + i));
    }
    forked = honest.fork();
    honest.addModule("example.com/honest", "v1.0.0", h("h"), h("hm"));
    forked.addModule("example.com/evil", "v1.0.0", h("e"), h("em"));
  }

  /** The records of {@code modules} proved in {@code log}'s current tree, as proof verify sees them. */
  private static List<ProvedRecord> proved(TestLog log, String... modules) throws Exception {
    SumdbClient client = SumdbClient.builder().verifierKey(log.verifierKey()).store(new TestStore()).remote(log)
        .build();
    List<LookupResult> results = new ArrayList<>();
    for (String m : modules) {
      results.add(client.lookup(m, "v1.0.0"));
    }
    client.merge("/latest", log.signedTree()); // the lookups carry the tree of their time
    ProofBundle bundle = ProofExport.prove(client.latest(), results, client.hashReader());
    return ProofBundle.fromJson("b", bundle.toJson()).verify("tree " + log.size(), Verifiers.of(log.verifierKey()));
  }

  private List<CheckpointConsistency.Finding> check(List<ProvedRecord> a, List<ProvedRecord> b) {
    List<ProvedRecord> all = new ArrayList<>(a);
    all.addAll(b);
    return CheckpointConsistency.check(all, List.of(honest.verifierKey()));
  }

  @Test
  void sameSizeDifferentHashes_conflictWithEvidenceThatRechecks() throws Exception {
    List<CheckpointConsistency.Finding> f = check(proved(honest, "example.com/m3"), proved(forked, "example.com/m5"));
    assertEquals(1, f.size(), f::toString);
    assertEquals(CheckpointConsistency.Status.CONFLICT, f.get(0).status());
    Evidence e = f.get(0).evidence().orElseThrow();
    assertEquals(41, e.olderSize());
    assertEquals(41, e.newerSize());
    Evidence.fromJson("t", e.toJson()).verify(Verifiers.of(honest.verifierKey()));
  }

  @Test
  void largerForkProvesTheDivergentRecord_conflictWithConsistencyProofEvidence() throws Exception {
    forked.addModule("example.com/evil2", "v1.0.0", h("e2"), h("em2"));
    forked.addModule("example.com/evil3", "v1.0.0", h("e3"), h("em3"));
    List<CheckpointConsistency.Finding> f = check(proved(honest, "example.com/m3"),
        proved(forked, "example.com/evil"));
    assertEquals(CheckpointConsistency.Status.CONFLICT, f.get(0).status(), f::toString);
    Evidence e = f.get(0).evidence().orElseThrow();
    assertEquals(41, e.olderSize());
    assertEquals(43, e.newerSize());
    assertTrue(e.proof().hashes().size() > 0);
    Evidence.fromJson("t", e.toJson()).verify(Verifiers.of(honest.verifierKey()));
  }

  @Test
  void sameRecordIndexProvedInBothTrees_conflict() throws Exception {
    forked.addModule("example.com/evil2", "v1.0.0", h("e2"), h("em2"));
    // honest record 40 in honest tree 41, forked record 40 in forked tree 42
    List<CheckpointConsistency.Finding> f = check(proved(honest, "example.com/honest"),
        proved(forked, "example.com/evil"));
    assertEquals(CheckpointConsistency.Status.CONFLICT, f.get(0).status(), f::toString);
  }

  @Test
  void honestGrowth_consistent() throws Exception {
    List<ProvedRecord> older = proved(honest, "example.com/m3");
    for (int i = 0; i < 4; i++) {
      honest.addModule("example.com/n" + i, "v1.0.0", h("n" + i), h("nm" + i));
    }
    List<CheckpointConsistency.Finding> f = check(older, proved(honest, "example.com/honest"));
    assertEquals(CheckpointConsistency.Status.CONSISTENT, f.get(0).status(), f::toString);
  }

  @Test
  void proofsOfSharedRecordsOnly_notShown() throws Exception {
    forked.addModule("example.com/evil2", "v1.0.0", h("e2"), h("em2"));
    forked.addModule("example.com/evil3", "v1.0.0", h("e3"), h("em3"));
    List<CheckpointConsistency.Finding> f = check(proved(honest, "example.com/m3"), proved(forked, "example.com/m3"));
    assertEquals(1, f.size(), f::toString);
    assertEquals(CheckpointConsistency.Status.NOT_SHOWN, f.get(0).status(), f::toString);
    assertTrue(f.get(0).message().startsWith("consistency of trees 41 ("), f.get(0)::message);
    assertTrue(f.get(0).message().endsWith(") not shown by these proofs"), f.get(0)::message);
  }

  @Test
  void checkpointsOfAnotherKey_notCompared() throws Exception {
    TestLog other = TestLog.create("localhost.localdev/sumdb", 8);
    for (int i = 0; i < 41; i++) {
      other.addModule("example.com/m" + i, "v1.0.0", h("z" + i), h("other" + i));
    }
    List<ProvedRecord> all = new ArrayList<>(proved(honest, "example.com/m3"));
    all.addAll(proved(other, "example.com/m3"));
    assertEquals(List.of(), CheckpointConsistency.check(all, List.of(honest.verifierKey(), other.verifierKey())));
  }
}
