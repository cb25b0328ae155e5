package dev.sumdb4j.tlog.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.testdata.vectors.TlogVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks record hashes, stored hashes, tree hashes and stored-hash counts against x/mod v0.7.0. */
class TreeVectorsTest {
  private static final TlogVectors.TreeFile V = RecordTree.VECTORS;

  @Test
  void ofRecord_recordTree_givesGoRecordHashes() {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < V.recordHashes().size(); i++) {
      got.add(RecordTree.recordHash(i).toString());
    }
    assertEquals(V.recordHashes(), got);
  }

  @Test
  void forRecord_recordTree_givesGoStoredHashes() {
    List<String> got = new ArrayList<>();
    for (Hash h : RecordTree.get().stored) {
      got.add(h.toString());
    }
    assertEquals(V.storedHashes(), got);
  }

  @TestFactory
  Stream<DynamicTest> treeHash_eachSize_givesGoHashAndCount() {
    return V.sizes().stream().map(s -> dynamicTest("treeHash[size " + s.size() + "] = " + s.hash(), () -> {
      assertEquals(s.hash(), RecordTree.get().treeHash(s.size()).toString());
      assertEquals(s.storedHashCount(), StoredHashes.count(s.size()));
    }));
  }

  @TestFactory
  Stream<DynamicTest> split_everyStoredIndex_invertsIndex() {
    return IntStream.range(0, V.storedHashes().size()).mapToObj(i -> dynamicTest("split[" + i + "]", () -> {
      long[] ln = StoredHashes.split(i);
      assertEquals(i, StoredHashes.index((int) ln[0], ln[1]));
    }));
  }

  @Test
  void emptyTree_isSha256OfNothing_notV070Zeros() throws Exception {
    // divergence: x/mod v0.7.0 gives 32 zero bytes; today's x/mod gives SHA-256("").
    assertEquals(V.emptyTree().hash(), Hash.emptyTree().toString());
    assertEquals(V.emptyTree().hash(), TreeHash.of(0, RecordTree.get().reader).toString());
  }
}
