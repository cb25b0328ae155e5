package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Merkle math at the edges of its ranges: stored-hash indexes near 2^62, tree sizes near 2^61,
 * records and old sizes equal to the tree size, and the stored-hash layout and proofs of small trees
 * checked against an oracle written here without {@link StoredHashes}. Every fixture is built inside
 * its test (a static fixture is built once, before mutation testing loads a mutant, and would hide it),
 * and every test is quick, so that mutation testing can run them all for every mutant.
 */
class MerkleBoundaryTest {
  private static final int SMALL = 33;

  private static List<Hash> leafHashes(int n) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Hash.ofRecord(MemoryHashes.leaf(i)));
    }
    return out;
  }

  /** The hash of the complete subtree at (level, n) over {@code leaves}, by the definition. */
  private static Hash node(List<Hash> leaves, int level, long n) {
    if (level == 0) {
      return leaves.get((int) n);
    }
    return Hash.ofNode(node(leaves, level - 1, 2 * n), node(leaves, level - 1, 2 * n + 1));
  }

  /**
   * The stored hashes of a tree over {@code leaves} in x/mod's order, written out the long way:
   * after leaf i, every subtree that leaf completes, lowest first.
   */
  private static List<Hash> naiveLayout(List<Hash> leaves) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      out.add(leaves.get(i));
      for (int level = 1; (i + 1) % (1 << level) == 0; level++) {
        out.add(node(leaves, level, ((i + 1) >> level) - 1));
      }
    }
    return out;
  }

  /** A reader over a list that records every call. */
  private static final class ListReader implements HashReader {
    final List<Hash> stored;
    final List<long[]> calls = new ArrayList<>();

    ListReader(List<Hash> stored) {
      this.stored = stored;
    }

    @Override
    public List<Hash> readHashes(long[] storedIndexes) {
      calls.add(storedIndexes.clone());
      List<Hash> out = new ArrayList<>();
      for (long x : storedIndexes) {
        out.add(stored.get(Math.toIntExact(x)));
      }
      return out;
    }
  }

  @Test
  void forRecord_appendingRecords_buildsExactlyTheStoredLayout() throws Exception {
    List<Hash> leaves = leafHashes(SMALL);
    List<Hash> want = naiveLayout(leaves);
    List<Hash> stored = new ArrayList<>();
    ListReader r = new ListReader(stored);
    for (int i = 0; i < SMALL; i++) {
      List<Hash> add = StoredHashes.forRecord(i, MemoryHashes.leaf(i), r);
      assertEquals(leaves.get(i), add.get(0), "leaf " + i);
      assertEquals(1 + Long.numberOfTrailingZeros(i + 1), add.size(), "record " + i);
      stored.addAll(add);
      assertEquals(StoredHashes.count(i + 1), stored.size(), "record " + i);
      assertEquals(want.subList(0, stored.size()), stored, "record " + i);
    }
  }

  @Test
  void forRecordHash_readsTheLeftSiblingsInOneCall_lowestFirst() throws Exception {
    List<Hash> stored = new ArrayList<>(naiveLayout(leafHashes(7)));
    ListReader r = new ListReader(stored);
    Hash h7 = Hash.ofRecord(MemoryHashes.leaf(7));
    List<Hash> got = StoredHashes.forRecordHash(7, h7, r);
    // record 7 completes the nodes over 6..7, 4..7 and 0..7; their left siblings are leaf 6 (stored
    // index 10), the node over 4..5 (stored 9) and the node over 0..3 (stored 6)
    assertEquals(1, r.calls.size());
    assertArrayEquals(new long[] {10, 9, 6}, r.calls.get(0));
    List<Hash> all = naiveLayout(leafHashes(8));
    assertEquals(all.subList(stored.size(), all.size()), got);

    // a record that completes nothing reads nothing: the first record, and any even-numbered one
    HashReader none = idx -> {
      throw new AssertionError("read " + Arrays.toString(idx));
    };
    assertEquals(List.of(h7), StoredHashes.forRecordHash(0, h7, none));
    assertEquals(List.of(h7), StoredHashes.forRecordHash(6, h7, none));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoredHashes.forRecordHash(-1, h7, none));
    assertEquals("negative record number -1", e.getMessage());
  }

  @Test
  void readers_nullOrShortAnswers_refusedWithTheCount() {
    HashReader nullList = idx -> null;
    SumdbException e = assertThrows(SumdbException.class, () -> TreeHash.of(3, nullList));
    assertEquals("tlog: ReadHashes(2 indexes) = null", e.getMessage());
    HashReader nullHash = idx -> Arrays.asList(new Hash[idx.length]);
    e = assertThrows(SumdbException.class, () -> TreeHash.of(3, nullHash));
    assertEquals("tlog: ReadHashes(2 indexes) returned a null hash", e.getMessage());
    HashReader tooMany = idx -> Arrays.asList(new Hash[idx.length + 1]);
    e = assertThrows(SumdbException.class, () -> StoredHashes.forRecord(1, new byte[0], tooMany));
    assertEquals("tlog: ReadHashes(1 indexes) = 2 hashes", e.getMessage());
  }

  @Test
  void index_largestLevelAndNode_accepted_andOneBeyondRefused() {
    assertEquals(0, StoredHashes.index(0, 0));
    assertEquals((1L << 62) - 2, StoredHashes.index(61, 0)); // the root over leaves 0 .. 2^61-1
    assertEquals((1L << 62) - 1, StoredHashes.index(0, 1L << 61)); // leaf 2^61
    assertEquals(StoredHashes.MAX_INDEX, StoredHashes.index(0, (1L << 61) + 1)); // leaf 2^61 + 1
    // Each of these has an index that fits in a long but is above MAX_INDEX, which split refuses:
    // index used to return 2^63 - 2 for (62, 0) (the root over leaves 0 .. 2^62-1).
    for (long[] bad : new long[][] {{62, 0}, {61, 1}, {1, 1L << 60}, {0, (1L << 61) + 2}, {0, (1L << 62) - 1},
        {63, 0}, {-1, 0}, {0, -1}, {0, 1L << 62}, {61, 2}, {62, 1},
        {1, 1L << 61}, {64, 0}, {Integer.MIN_VALUE, 0}, {0, Long.MIN_VALUE}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StoredHashes.index((int) bad[0], bad[1]), () -> Arrays.toString(bad));
      assertEquals("no stored hash for level " + bad[0] + " node " + bad[1], e.getMessage());
    }
  }

  @Test
  void split_upToMaxIndex_invertsIndex_andBeyondRefused() {
    for (long x : new long[] {0, 1, 2, StoredHashes.MAX_INDEX - 2, StoredHashes.MAX_INDEX - 1,
        StoredHashes.MAX_INDEX}) {
      long[] ln = StoredHashes.split(x);
      assertEquals(x, StoredHashes.index((int) ln[0], ln[1]), "index " + x);
    }
    // the hash stored at 2^62 is leaf 2^61 + 1: index(0, n) = 2n - popcount(n)
    assertArrayEquals(new long[] {0, (1L << 61) + 1}, StoredHashes.split(StoredHashes.MAX_INDEX));
    for (long bad : new long[] {-1, StoredHashes.MAX_INDEX + 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredHashes.split(bad));
      assertEquals("stored hash index " + bad + " out of range", e.getMessage());
    }
  }

  @Test
  void count_upToMaxTreeSize_andOneMoreRefusedNamingBothSizes() {
    assertEquals(0, StoredHashes.count(0));
    assertEquals(1, StoredHashes.count(1));
    // a complete tree of 2^61 leaves holds 2^62 - 1 hashes, so every index is below MAX_INDEX
    assertEquals((1L << 62) - 1, StoredHashes.count(StoredHashes.MAX_TREE_SIZE));
    assertEquals((1L << 62) - 1 - 62, StoredHashes.count(StoredHashes.MAX_TREE_SIZE - 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoredHashes.count(StoredHashes.MAX_TREE_SIZE + 1));
    assertEquals("tree size 2305843009213693953 exceeds the largest supported, 2305843009213693952"
        + " (2^61, MAX_TREE_SIZE): its stored hash indexes would overflow", e.getMessage());
    assertEquals(e.getMessage(), StoredHashes.tooLarge(StoredHashes.MAX_TREE_SIZE + 1));
    assertThrows(IllegalArgumentException.class, () -> StoredHashes.count(Long.MAX_VALUE));
    e = assertThrows(IllegalArgumentException.class, () -> StoredHashes.count(-1));
    assertEquals("negative tree size -1", e.getMessage());
  }

  @Test
  void subtrees_emptyRangeAllowed_reversedOrNegativeRefused() {
    assertArrayEquals(new long[0], StoredHashes.subtrees(5, 5));
    assertArrayEquals(new long[0], StoredHashes.subtrees(0, 0));
    // [4, 7) is the pair 4..5 (stored 9) and leaf 6 (stored 10)
    assertArrayEquals(new long[] {9, 10}, StoredHashes.subtrees(4, 7));
    for (long[] bad : new long[][] {{5, 4}, {-1, 3}, {-1, -1}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StoredHashes.subtrees(bad[0], bad[1]));
      assertEquals("bad leaf range [" + bad[0] + ", " + bad[1] + ")", e.getMessage());
    }
  }

  @Test
  void proofPlan_emptyOrTooManyRanges_badMath() {
    AssertionError e = assertThrows(AssertionError.class, () -> new ProofPlan().add(3, 3));
    assertEquals("bad math in proof plan: [3, 3)", e.getMessage());
    assertThrows(AssertionError.class, () -> new ProofPlan().add(4, 3));
    ProofPlan full = new ProofPlan();
    for (int i = 0; i < 64; i++) {
      full.add(i, i + 1);
    }
    assertThrows(AssertionError.class, () -> full.add(64, 65));
  }

  @Test
  void recordProofs_everyIndexOfSmallTrees_matchOracle_andOtherIndexOrLeafFails() throws Exception {
    List<Hash> leaves = leafHashes(SMALL);
    RefMerkle ref = RefMerkle.of(leaves);
    HashReader r = new ListReader(naiveLayout(leaves));
    for (int size = 1; size <= SMALL; size++) {
      int n = size;
      Hash th = ref.refRootHash(0, n);
      assertEquals(th, TreeHash.of(n, r), "size " + n);
      for (int index = 0; index < n; index++) {
        int i = index;
        RecordProof p = RecordProof.prove(n, i, r);
        assertEquals(ref.refInclusionProof(i, 0, n), p.hashes(), "size " + n + " index " + i);
        RecordProof.check(p, n, th, i, leaves.get(i));
        int other = (i + 1) % n;
        if (other != i) {
          assertThrows(ProofException.class, () -> RecordProof.check(p, n, th, i, leaves.get(other)));
        }
        for (int j = 0; j < p.hashes().size(); j++) {
          RecordProof bad = RecordProof.of(flip(p.hashes(), j));
          assertThrows(ProofException.class, () -> RecordProof.check(bad, n, th, i, leaves.get(i)));
        }
      }
    }
  }

  @Test
  void recordCheck_indexAtOrPastTheTreeSize_refusedAsOutOfRange() throws Exception {
    List<Hash> leaves = leafHashes(9);
    HashReader r = new ListReader(naiveLayout(leaves));
    Hash th8 = TreeHash.of(8, r);
    // a record at or past the end is refused as out of range, before the proof's size is looked at
    RecordProof p = RecordProof.prove(9, 8, r);
    for (long[] bad : new long[][] {{8, 8}, {9, 8}, {-1, 8}, {0, 0}}) {
      ProofException e = assertThrows(ProofException.class,
          () -> RecordProof.check(p, bad[1], th8, bad[0], leaves.get(8)));
      assertEquals("invalid inclusion proof inputs: record " + bad[0] + " is not in a tree of size " + bad[1],
          e.getMessage());
    }
    SumdbException e = assertThrows(SumdbException.class, () -> RecordProof.prove(8, 8, r));
    assertEquals("tlog: invalid inputs in ProveRecord: record 8 is not in a tree of size 8", e.getMessage());
    assertDoesNotThrow(() -> RecordProof.prove(8, 7, r));
    assertDoesNotThrow(() -> RecordProof.prove(8, 0, r));
  }

  @Test
  void treeProofs_everyPairOfSmallTrees_matchOracle_andEveryFlippedHashFails() throws Exception {
    List<Hash> leaves = leafHashes(SMALL);
    RefMerkle ref = RefMerkle.of(leaves);
    HashReader r = new ListReader(naiveLayout(leaves));
    for (int size = 1; size <= SMALL; size++) {
      int n = size;
      Hash th = ref.refRootHash(0, n);
      for (int old = 0; old <= n; old++) {
        int m = old;
        Hash oh = ref.refRootHash(0, m);
        TreeProof p = TreeProof.prove(n, m, r);
        assertEquals(ref.refConsistencyProof(m, n), p.hashes(), "size " + n + " old " + m);
        TreeProof.check(p, n, th, m, oh);
        for (int j = 0; j < p.hashes().size(); j++) {
          TreeProof bad = TreeProof.of(flip(p.hashes(), j));
          int jj = j;
          assertThrows(ProofException.class, () -> TreeProof.check(bad, n, th, m, oh),
              () -> "size " + n + " old " + m + " hash " + jj);
        }
        if (m > 0 && m < n) {
          Hash otherOld = ref.refRootHash(0, m - 1);
          assertThrows(ProofException.class, () -> TreeProof.check(p, n, th, m, otherOld));
        }
      }
    }
  }

  @Test
  void treeCheck_emptyAndEqualTrees_needAnEmptyProofAndTheRightHash() throws Exception {
    HashReader r = new ListReader(naiveLayout(leafHashes(5)));
    Hash th = TreeHash.of(5, r);
    Hash empty = Hash.emptyTree();
    TreeProof none = TreeProof.of(List.of());
    assertEquals(List.of(), TreeProof.prove(5, 0, r).hashes());
    assertEquals(List.of(), TreeProof.prove(5, 5, r).hashes());
    assertEquals(List.of(), TreeProof.prove(0, 0, r).hashes());
    TreeProof.check(none, 5, th, 0, empty);
    TreeProof.check(none, 5, th, 5, th);
    TreeProof.check(none, 0, empty, 0, empty);

    TreeProof one = TreeProof.of(List.of(th));
    ProofException e = assertThrows(ProofException.class, () -> TreeProof.check(one, 5, th, 0, empty));
    assertEquals("wrong proof size 1, want 0", e.getMessage());
    e = assertThrows(ProofException.class, () -> TreeProof.check(one, 5, th, 5, th));
    assertEquals("wrong proof size 1, want 0", e.getMessage());
    e = assertThrows(ProofException.class, () -> TreeProof.check(none, 5, th, 0, th));
    assertFailure(e, "invalid consistency proof: tree of size 0 has a different hash",
        th.toString(), empty.toString());
    e = assertThrows(ProofException.class, () -> TreeProof.check(none, 5, th, 5, empty));
    assertFailure(e, "invalid consistency proof: tree of size 5 has a different hash",
        empty.toString(), th.toString());

    for (long[] bad : new long[][] {{-1, 5}, {6, 5}, {1, 0}}) {
      e = assertThrows(ProofException.class, () -> TreeProof.check(none, bad[1], th, bad[0], th));
      assertEquals("invalid consistency proof inputs: old size " + bad[0] + " is not in [0, " + bad[1] + "]",
          e.getMessage());
      SumdbException pe = assertThrows(SumdbException.class, () -> TreeProof.prove(bad[1], bad[0], r));
      assertEquals("tlog: invalid inputs in ProveTree: old size " + bad[0] + " is not in [0, " + bad[1] + "]",
          pe.getMessage());
    }
  }

  @Test
  void treeCheck_failures_nameTheComputedAndTrustedHashes() throws Exception {
    List<Hash> leaves = leafHashes(7);
    HashReader r = new ListReader(naiveLayout(leaves));
    Hash th = TreeHash.of(7, r);
    Hash oh = TreeHash.of(5, r);
    TreeProof p = TreeProof.prove(7, 5, r);
    // a wrong old hash: the proof still computes the true one, and names both
    Hash wrong = Hash.ofRecord(new byte[] {1});
    ProofException e = assertThrows(ProofException.class, () -> TreeProof.check(p, 7, th, 5, wrong));
    assertFailure(e, "invalid consistency proof from size 5 to 7: computed old tree hash differs",
        oh.toString(), wrong.toString());
    e = assertThrows(ProofException.class, () -> TreeProof.check(p, 7, wrong, 5, oh));
    assertFailure(e, "invalid consistency proof from size 5 to 7: computed tree hash differs",
        th.toString(), wrong.toString());
    e = assertThrows(ProofException.class, () -> TreeProof.check(TreeProof.of(p.hashes().subList(1, 4)), 7, th, 5, oh));
    assertEquals("wrong proof size 3, want 4", e.getMessage());

    RecordProof rp = RecordProof.prove(7, 2, r);
    ProofException re = assertThrows(ProofException.class, () -> RecordProof.check(rp, 7, wrong, 2, leaves.get(2)));
    assertFailure(re, "invalid inclusion proof for record 2 in tree of size 7: computed tree hash differs",
        th.toString(), wrong.toString());
  }

  @Test
  void proofs_valueSemantics() throws Exception {
    HashReader r = new ListReader(naiveLayout(leafHashes(8)));
    RecordProof a = RecordProof.prove(8, 3, r);
    RecordProof a2 = RecordProof.of(new ArrayList<>(a.hashes()));
    RecordProof b = RecordProof.prove(8, 4, r);
    assertEquals(a, a2);
    assertEquals(a.hashCode(), a2.hashCode());
    assertNotEquals(a, b);
    assertNotEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, a.hashes());
    assertEquals("RecordProof" + a.hashes(), a.toString());

    TreeProof t = TreeProof.prove(8, 3, r);
    TreeProof t2 = TreeProof.of(new ArrayList<>(t.hashes()));
    TreeProof u = TreeProof.prove(8, 5, r);
    assertEquals(t, t2);
    assertEquals(t.hashCode(), t2.hashCode());
    assertNotEquals(t, u);
    assertNotEquals(t.hashCode(), u.hashCode());
    assertNotEquals(t, t.hashes());
    assertEquals("TreeProof" + t.hashes(), t.toString());
    // a proof's list is its own: changing the list it was made of does not change it
    List<Hash> list = new ArrayList<>(t.hashes());
    TreeProof t3 = TreeProof.of(list);
    list.clear();
    assertEquals(t, t3);
    assertThrows(UnsupportedOperationException.class, () -> t.hashes().clear());
  }

  /** A proof failure names what differed, then the computed and the trusted hash. */
  private static void assertFailure(ProofException e, String what, String got, String want) {
    assertEquals(what + ": got " + got + ", want " + want, e.getMessage());
    assertEquals(got, e.got());
    assertEquals(want, e.want());
  }

  private static List<Hash> flip(List<Hash> proof, int which) {
    List<Hash> out = new ArrayList<>(proof);
    byte[] b = out.get(which).bytes();
    b[which % 32] ^= (byte) 0x80;
    out.set(which, Hash.of(b));
    return out;
  }
}
