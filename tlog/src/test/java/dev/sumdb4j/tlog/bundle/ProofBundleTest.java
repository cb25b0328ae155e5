package dev.sumdb4j.tlog.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProofBundleTest {
  private static final int RECORDS = 300;

  private static String h(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** A log of RECORDS modules, and a bundle proving every 7th in its current tree. */
  private static final class Fixture {
    final TestLog log = TestLog.create("localhost.localdev/sumdb", 8);
    final TestStore store = new TestStore();
    final ProofBundle bundle;
    final List<String> goSum = new ArrayList<>();

    Fixture() throws Exception {
      List<ModuleVersion> wanted = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        log.addModule("example.com/m" + i, "v1.0.0", h("z" + i), h("m" + i));
        if (i % 7 == 0) {
          wanted.add(ModuleVersion.of("example.com/m" + i, "v1.0.0"));
          goSum.add("example.com/m" + i + " v1.0.0 " + h("z" + i));
          goSum.add("example.com/m" + i + " v1.0.0/go.mod " + h("m" + i));
        }
      }
      SumdbClient client = SumdbClient.builder().verifierKey(log.verifierKey()).store(store).remote(log).build();
      Map<ModuleVersion, Outcome> out = client.lookupAll(wanted);
      List<LookupResult> results = out.values().stream().map(o -> o.result().orElseThrow()).toList();
      bundle = ProofExport.prove(client.latest(), results, client.hashReader());
    }

    Verifiers key() {
      return Verifiers.of(log.verifierKey());
    }
  }

  private static final Fixture FIXTURE = fixture();

  private static Fixture fixture() {
    try {
      return new Fixture();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void export_thenVerify_everyGoSumLineProved() throws Exception {
    List<ProvedRecord> proved = FIXTURE.bundle.verify("bundle", FIXTURE.key());
    assertEquals((RECORDS + 6) / 7, proved.size());
    GoSumFile goSum = GoSumFile.parse("go.sum", String.join("\n", FIXTURE.goSum).getBytes(StandardCharsets.UTF_8));
    for (GoSumCoverage.LineCoverage c : GoSumCoverage.check(goSum, proved)) {
      assertEquals(GoSumCoverage.Verdict.PROVED, c.verdict(), c.toString());
    }
  }

  @Test
  void json_roundTrip_equalAndStable() throws Exception {
    String json = FIXTURE.bundle.toJson();
    ProofBundle back = ProofBundle.fromJson("b", json);
    assertEquals(FIXTURE.bundle, back);
    assertEquals(json, back.toJson());
  }

  @Test
  void coverage_missingMismatchIgnored() throws Exception {
    List<ProvedRecord> proved = FIXTURE.bundle.verify("bundle", FIXTURE.key());
    String text = "example.com/m0 v1.0.0 " + h("other") + "\n"
        + "example.com/m1 v1.0.0 " + h("z1") + "\n"
        + "example.com/m7 v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n";
    List<GoSumCoverage.LineCoverage> c = GoSumCoverage.check(GoSumFile.parse("go.sum",
        text.getBytes(StandardCharsets.UTF_8)), proved);
    assertEquals(GoSumCoverage.Verdict.MISMATCH, c.get(0).verdict());
    assertEquals(List.of(h("z0")), c.get(0).recordHashes());
    assertEquals(GoSumCoverage.Verdict.MISSING, c.get(1).verdict());
    assertEquals(GoSumCoverage.Verdict.IGNORED, c.get(2).verdict());
  }

  @Property(tries = 60)
  void verify_anyFlippedProofBit_fails(@ForAll @IntRange(min = 0, max = 1_000_000) int pick) throws Exception {
    List<ProofBundle.Entry> entries = new ArrayList<>(FIXTURE.bundle.entries());
    int e = pick % entries.size();
    ProofBundle.Entry entry = entries.get(e);
    List<Hash> proof = new ArrayList<>(entry.proof());
    int h = (pick / entries.size()) % proof.size();
    byte[] b = proof.get(h).bytes();
    b[(pick / 7) % 32] ^= (byte) (1 << (pick % 8));
    proof.set(h, Hash.of(b));
    entries.set(e, new ProofBundle.Entry(entry.index(), entry.recordText(), proof));
    ProofBundle bad = ProofBundle.of(FIXTURE.bundle.signedCheckpoint(), entries);
    assertThrows(SumdbException.class, () -> bad.verify("bundle", FIXTURE.key()));
  }

  @Test
  void verify_otherRecordTextOrIndexOrKey_fails() throws Exception {
    List<ProofBundle.Entry> entries = new ArrayList<>(FIXTURE.bundle.entries());
    ProofBundle.Entry e = entries.get(1);
    entries.set(1, new ProofBundle.Entry(e.index(), e.recordText().replace("v1.0.0", "v1.0.1"), e.proof()));
    assertThrows(SumdbException.class,
        () -> ProofBundle.of(FIXTURE.bundle.signedCheckpoint(), entries).verify("b", FIXTURE.key()));
    entries.set(1, new ProofBundle.Entry(e.index() + 1, e.recordText(), e.proof()));
    assertThrows(SumdbException.class,
        () -> ProofBundle.of(FIXTURE.bundle.signedCheckpoint(), entries).verify("b", FIXTURE.key()));
    Verifiers other = Verifiers.of(TestLog.create("localhost.localdev/sumdb", 8).verifierKey());
    assertThrows(SumdbException.class, () -> FIXTURE.bundle.verify("b", other));
  }

  @Test
  void fromJson_malformed_namesTheProblem() {
    String good = FIXTURE.bundle.toJson();
    Map<String, String> cases = Map.of(
        "not json", "malformed proof bundle JSON",
        "[]", "must be a JSON object",
        good.replace("\"version\" : 1", "\"version\" : 2"), "unsupported proof bundle version",
        good.replace("\"type\" : \"sumdb4j proof bundle\"", "\"type\" : \"x\""), "not a proof bundle",
        good.replace("\"index\" :", "\"extra\" : 1, \"index\" :"), "unknown proof bundle field",
        good.replace("\"index\" : 0", "\"index\" : -1"), "index must be an integer >= 0",
        good.replaceFirst("\"proof\" : \\[ \"[^\"]+\"", "\"proof\" : [ \"AAAA\""), "records[0].proof[0]",
        good.replace("\"checkpoint\"", "\"checkpoints\""), "unknown proof bundle field");
    cases.forEach((json, want) -> {
      MalformedInputException e = assertThrows(MalformedInputException.class, () -> ProofBundle.fromJson("b", json),
          want);
      assertTrue(e.getMessage().contains(want), e.getMessage() + " should contain " + want);
    });
  }

  @Test
  void verify_realPublishedInclusionProof_yamlV3InTree54715574() throws Exception {
    Path dir = RealData.resolve("proofs/agentrail-yaml.v3");
    List<Hash> proof = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("record-10738965-in-tree-54715574.hashes"))) {
      proof.add(Hash.parse(line.strip()));
    }
    String record = Files.readString(dir.resolve("record-10738965.data"));
    byte[] note = Files.readAllBytes(RealData.resolve("checkpoints/54715574.note"));
    ProofBundle bundle = ProofBundle.of(note, List.of(new ProofBundle.Entry(10738965, record, proof)));
    Verifiers key = Verifiers.of(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY));
    ProofBundle back = ProofBundle.fromJson("real", bundle.toJson());
    List<ProvedRecord> proved = back.verify("real", key);
    assertEquals(54715574, proved.get(0).tree().size());
    List<GoSumCoverage.LineCoverage> c = GoSumCoverage.check(
        GoSumFile.parse("go.sum", record.getBytes(StandardCharsets.UTF_8)), proved);
    assertEquals(2, c.stream().filter(x -> x.verdict() == GoSumCoverage.Verdict.PROVED).count());
  }
}
