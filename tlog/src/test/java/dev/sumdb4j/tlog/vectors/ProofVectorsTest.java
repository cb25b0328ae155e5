package dev.sumdb4j.tlog.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.testdata.vectors.TlogVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks inclusion and consistency proofs over the record tree against x/mod v0.7.0: our prover
 * gives Go's proof, Go's proof passes our checker, and the proof with one bit flipped fails it.
 */
class ProofVectorsTest {

  @TestFactory
  Stream<DynamicTest> recordProof_allPairsUpTo40_matchesGo() {
    return inclusion("small", TlogVectors.proofsSmall());
  }

  @TestFactory
  Stream<DynamicTest> treeProof_allPairsUpTo40_matchesGo() {
    return consistency("small", TlogVectors.proofsSmall());
  }

  @TestFactory
  Stream<DynamicTest> recordProof_sampleUpTo300_matchesGo() {
    return inclusion("sample", TlogVectors.proofsSample());
  }

  @TestFactory
  Stream<DynamicTest> treeProof_sampleUpTo300_matchesGo() {
    return consistency("sample", TlogVectors.proofsSample());
  }

  private static Stream<DynamicTest> inclusion(String set, TlogVectors.ProofsFile f) {
    RecordTree t = RecordTree.get();
    return f.inclusion().stream().map(v -> dynamicTest(
        "recordProof." + set + "[size " + v.size() + ", index " + v.index() + "]", () -> {
          List<Hash> want = RecordTree.parseAll(v.proof());
          assertEquals(want, RecordProof.prove(v.size(), v.index(), t.reader).hashes());
          Hash th = t.treeHash(v.size());
          Hash leaf = RecordTree.recordHash(v.index());
          RecordProof.check(RecordProof.of(want), v.size(), th, v.index(), leaf);
          if (!want.isEmpty()) {
            RecordProof bad = RecordProof.of(flipLastBit(want, want.size() - 1));
            assertThrows(ProofException.class, () -> RecordProof.check(bad, v.size(), th, v.index(), leaf));
          }
        }));
  }

  private static Stream<DynamicTest> consistency(String set, TlogVectors.ProofsFile f) {
    RecordTree t = RecordTree.get();
    return f.consistency().stream().map(v -> dynamicTest(
        "treeProof." + set + "[size " + v.size() + ", oldSize " + v.oldSize() + "]", () -> {
          List<Hash> want = RecordTree.parseAll(v.proof());
          assertEquals(want, TreeProof.prove(v.size(), v.oldSize(), t.reader).hashes());
          Hash th = t.treeHash(v.size());
          Hash oh = t.treeHash(v.oldSize());
          TreeProof.check(TreeProof.of(want), v.size(), th, v.oldSize(), oh);
          if (!want.isEmpty()) {
            TreeProof bad = TreeProof.of(flipLastBit(want, 0));
            assertThrows(ProofException.class, () -> TreeProof.check(bad, v.size(), th, v.oldSize(), oh));
          }
        }));
  }

  static List<Hash> flipLastBit(List<Hash> proof, int which) {
    List<Hash> out = new ArrayList<>(proof);
    byte[] b = out.get(which).bytes();
    b[31] ^= 1;
    out.set(which, Hash.of(b));
    return out;
  }
}
