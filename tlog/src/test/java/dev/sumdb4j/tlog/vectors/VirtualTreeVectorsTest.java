package dev.sumdb4j.tlog.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.testdata.vectors.TlogVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks tree hashes and proofs of trees up to 2^40 identical records against x/mod v0.7.0: every
 * complete subtree of level L has the same hash, so a reader maps a stored index to its level.
 */
class VirtualTreeVectorsTest {
  private static final TlogVectors.VirtualFile V = TlogVectors.virtual();
  private static final List<Hash> LEVELS = RecordTree.parseAll(V.levelHashes());
  private static final HashReader READER = indexes -> {
    List<Hash> out = new ArrayList<>(indexes.length);
    for (long i : indexes) {
      out.add(LEVELS.get((int) StoredHashes.split(i)[0]));
    }
    return out;
  };

  @Test
  void levelHashes_fromLeafText_matchGo() {
    Hash h = Hash.ofRecord(V.leafText().getBytes(StandardCharsets.UTF_8));
    for (int l = 0; l < LEVELS.size(); l++) {
      assertEquals(LEVELS.get(l), h, "level " + l);
      h = Hash.ofNode(h, h);
    }
  }

  @TestFactory
  Stream<DynamicTest> virtualTree_size_matchesGo() {
    return V.vectors().stream().map(v -> dynamicTest(
        "virtual[size " + v.size() + ", index " + v.index() + ", oldSize " + v.oldSize() + "]", () -> {
          Hash th = TreeHash.of(v.size(), READER);
          assertEquals(v.hash(), th.toString(), "tree hash");
          Hash oh = TreeHash.of(v.oldSize(), READER);
          assertEquals(v.oldHash(), oh.toString(), "old tree hash");
          List<Hash> incl = RecordTree.parseAll(v.inclusion());
          assertEquals(incl, RecordProof.prove(v.size(), v.index(), READER).hashes(), "inclusion proof");
          RecordProof.check(RecordProof.of(incl), v.size(), th, v.index(), LEVELS.get(0));
          List<Hash> cons = RecordTree.parseAll(v.consistency());
          assertEquals(cons, TreeProof.prove(v.size(), v.oldSize(), READER).hashes(), "consistency proof");
          TreeProof.check(TreeProof.of(cons), v.size(), th, v.oldSize(), oh);
          if (!incl.isEmpty()) {
            RecordProof bad = RecordProof.of(ProofVectorsTest.flipLastBit(incl, 0));
            assertThrows(ProofException.class, () -> RecordProof.check(bad, v.size(), th, v.index(), LEVELS.get(0)));
          }
          if (!cons.isEmpty()) {
            TreeProof bad = TreeProof.of(ProofVectorsTest.flipLastBit(cons, cons.size() - 1));
            assertThrows(ProofException.class, () -> TreeProof.check(bad, v.size(), th, v.oldSize(), oh));
          }
        }));
  }
}
