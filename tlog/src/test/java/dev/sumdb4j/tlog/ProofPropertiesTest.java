package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.ProofException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Tree hashes and proofs against the naive RFC 6962 oracle, and "every mutation fails". */
class ProofPropertiesTest {
  private static final int MAX = 300;
  private static final MemoryHashes LOG = MemoryHashes.leaves(MAX);
  private static final RefMerkle REF;

  static {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < MAX; i++) {
      leaves.add(Hash.ofRecord(MemoryHashes.leaf(i)));
    }
    REF = RefMerkle.of(leaves);
  }

  @Test
  void treeHash_everySizeUpTo300_matchesOracle() throws Exception {
    assertEquals(Hash.emptyTree(), TreeHash.of(0, LOG));
    for (int n = 1; n <= MAX; n++) {
      assertEquals(REF.refRootHash(0, n), TreeHash.of(n, LOG), "size " + n);
    }
  }

  @Test
  void storedHashes_everySizeUpTo300_countMatchesLog() {
    MemoryHashes m = new MemoryHashes();
    for (int n = 0; n < MAX; n++) {
      assertEquals(m.storedCount(), StoredHashes.count(n), "size " + n);
      m.append(MemoryHashes.leaf(n));
    }
  }

  @Test
  void recordProof_everyIndexOfEverySizeUpTo300_matchesOracleAndChecks() throws Exception {
    for (int n = 1; n <= MAX; n++) {
      Hash th = REF.refRootHash(0, n);
      for (int i = 0; i < n; i++) {
        RecordProof p = RecordProof.prove(n, i, LOG);
        assertEquals(REF.refInclusionProof(i, 0, n), p.hashes(), "size " + n + " index " + i);
        RecordProof.check(p, n, th, i, REF.leaf(i));
      }
    }
  }

  @Test
  void treeProof_everyPairUpTo300_matchesOracleAndChecks() throws Exception {
    for (int n = 1; n <= MAX; n++) {
      Hash th = REF.refRootHash(0, n);
      for (int m = 0; m <= n; m++) {
        TreeProof p = TreeProof.prove(n, m, LOG);
        assertEquals(REF.refConsistencyProof(m, n), p.hashes(), "size " + n + " old " + m);
        TreeProof.check(p, n, th, m, REF.refRootHash(0, m));
      }
    }
  }

  @Provide
  Arbitrary<long[]> bigSizeAndIndex() {
    return Arbitraries.longs().between(1, 1L << 40).flatMap(n ->
        Arbitraries.longs().between(0, n - 1).map(i -> new long[] {n, i}));
  }

  @Property(tries = 200)
  void recordProof_randomSizeUpTo2pow40_matchesOracleAndChecks(@ForAll("bigSizeAndIndex") long[] ni)
      throws Exception {
    RefMerkle ref = RefMerkle.periodic();
    long n = ni[0];
    long i = ni[1];
    assertEquals(ref.refRootHash(0, n), TreeHash.of(n, ref.reader()));
    RecordProof p = RecordProof.prove(n, i, ref.reader());
    assertEquals(ref.refInclusionProof(i, 0, n), p.hashes());
    RecordProof.check(p, n, ref.refRootHash(0, n), i, ref.leaf(i));
  }

  @Property(tries = 200)
  void treeProof_randomSizeUpTo2pow40_matchesOracleAndChecks(@ForAll("bigSizeAndIndex") long[] nm)
      throws Exception {
    RefMerkle ref = RefMerkle.periodic();
    long n = nm[0];
    long m = nm[1] + 1;
    TreeProof p = TreeProof.prove(n, m, ref.reader());
    assertEquals(ref.refConsistencyProof(m, n), p.hashes());
    TreeProof.check(p, n, ref.refRootHash(0, n), m, ref.refRootHash(0, m));
  }

  /** A proof mutation: which, and a selector for position/bit. */
  @Provide
  Arbitrary<int[]> mutation() {
    return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 1 << 20))
        .as((kind, sel) -> new int[] {kind, sel});
  }

  private static List<Hash> mutate(List<Hash> h, int kind, int sel) {
    List<Hash> out = new ArrayList<>(h);
    switch (kind) {
      case 0: // flip a bit of a hash
        if (out.isEmpty()) {
          out.add(Hash.emptyTree());
        } else {
          int j = sel % out.size();
          byte[] b = out.get(j).bytes();
          b[(sel >> 8) % 32] ^= (byte) (1 << (sel & 7));
          out.set(j, Hash.of(b));
        }
        return out;
      case 1: // drop an element
        if (out.isEmpty()) {
          out.add(Hash.ofRecord(new byte[] {1}));
        } else {
          out.remove(sel % out.size());
        }
        return out;
      default: // add an element
        out.add(sel % (out.size() + 1), Hash.ofRecord(new byte[] {(byte) sel}));
        return out;
    }
  }

  @Property(tries = 2000)
  void recordProof_anyMutation_fails(@ForAll @IntRange(min = 1, max = MAX) int n,
      @ForAll @IntRange(min = 0, max = MAX - 1) int index, @ForAll("mutation") int[] mut) throws Exception {
    int i = index % n;
    List<Hash> good = RecordProof.prove(n, i, LOG).hashes();
    Hash th = REF.refRootHash(0, n);
    Hash leaf = REF.leaf(i);
    assertDoesNotThrow(() -> RecordProof.check(RecordProof.of(good), n, th, i, leaf));
    switch (mut[0]) {
      case 3 -> assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(good), n, th, i + 1, leaf));
      case 4 -> assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(good), n, th, i - 1, leaf));
      case 5 -> checkOtherSize(good, n, n + 1, th, i, leaf);
      case 6 -> checkOtherSize(good, n, n - 1, th, i, leaf);
      default -> assertThrows(ProofException.class,
          () -> RecordProof.check(RecordProof.of(mutate(good, mut[0], mut[1])), n, th, i, leaf));
    }
  }

  @Property(tries = 2000)
  void treeProof_anyMutation_fails(@ForAll @IntRange(min = 1, max = MAX) int n,
      @ForAll @IntRange(min = 0, max = MAX) int old, @ForAll("mutation") int[] mut) throws Exception {
    int m = old % (n + 1);
    List<Hash> good = TreeProof.prove(n, m, LOG).hashes();
    Hash th = REF.refRootHash(0, n);
    Hash oh = REF.refRootHash(0, m);
    assertDoesNotThrow(() -> TreeProof.check(TreeProof.of(good), n, th, m, oh));
    switch (mut[0]) {
      case 3 -> assertThrows(ProofException.class, () -> TreeProof.check(TreeProof.of(good), n, th, m + 1, oh));
      case 4 -> assertThrows(ProofException.class, () -> TreeProof.check(TreeProof.of(good), n, th, m - 1, oh));
      case 5 -> checkOtherTreeSize(good, n, n + 1, th, m, oh);
      case 6 -> checkOtherTreeSize(good, n, n - 1, th, m, oh);
      default -> assertThrows(ProofException.class,
          () -> TreeProof.check(TreeProof.of(mutate(good, mut[0], mut[1])), n, th, m, oh));
    }
  }

  @Property(tries = 300)
  void recordProof_bigTreeAnyMutation_fails(@ForAll("bigSizeAndIndex") long[] ni, @ForAll("mutation") int[] mut)
      throws Exception {
    RefMerkle ref = RefMerkle.periodic();
    long n = ni[0];
    long i = ni[1];
    List<Hash> good = RecordProof.prove(n, i, ref.reader()).hashes();
    Hash th = ref.refRootHash(0, n);
    Hash leaf = ref.leaf(i);
    switch (mut[0]) {
      case 3 -> assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(good), n, th, i + 1, leaf));
      case 4 -> assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(good), n, th, i - 1, leaf));
      case 5 -> checkOtherSize(good, n, n + 1, th, i, leaf);
      case 6 -> checkOtherSize(good, n, n - 1, th, i, leaf);
      default -> assertThrows(ProofException.class,
          () -> RecordProof.check(RecordProof.of(mutate(good, mut[0], mut[1])), n, th, i, leaf));
    }
  }

  /**
   * The shape of an inclusion proof: how many inner (direction-bearing) and border elements. A
   * proof does not bind the tree size beyond its shape: the same hashes chain to the same root
   * for every size with the same shape (x/mod and RFC 9162 alike; the signed note binds size and
   * hash). So another size must fail exactly when the shape differs.
   */
  private static long[] shape(long index, long size) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    return new long[] {inner, Long.bitCount(index >>> inner)};
  }

  private static void checkOtherSize(List<Hash> good, long n, long n2, Hash th, long i, Hash leaf) {
    if (i < n2 && java.util.Arrays.equals(shape(i, n), shape(i, n2))) {
      assertDoesNotThrow(() -> RecordProof.check(RecordProof.of(good), n2, th, i, leaf));
    } else {
      assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(good), n2, th, i, leaf));
    }
  }

  /** The consistency analogue: {start, inner, border, mask} of the proof from m to n. */
  private static long[] treeShape(long m, long n) {
    int shift = Long.numberOfTrailingZeros(m);
    long[] s = shape(m - 1, n);
    return new long[] {m == 1L << shift ? 0 : 1, s[0] - shift, s[1], (m - 1) >>> shift};
  }

  private static void checkOtherTreeSize(List<Hash> good, long n, long n2, Hash th, long m, Hash oh) {
    if (m == 0) {
      // Every tree extends the empty tree: the empty proof checks for any size.
      assertDoesNotThrow(() -> TreeProof.check(TreeProof.of(good), n2, th, m, oh));
    } else if (m < n && m < n2 && java.util.Arrays.equals(treeShape(m, n), treeShape(m, n2))) {
      assertDoesNotThrow(() -> TreeProof.check(TreeProof.of(good), n2, th, m, oh));
    } else {
      assertThrows(ProofException.class, () -> TreeProof.check(TreeProof.of(good), n2, th, m, oh));
    }
  }

  @Test
  void recordProof_otherSizeSameShape_stillChecks() throws Exception {
    // Documented limitation shared with x/mod: the size is bound by the signed note, not the proof.
    RecordProof p = RecordProof.prove(4, 0, LOG);
    RecordProof.check(p, 3, REF.refRootHash(0, 4), 0, REF.leaf(0));
  }

  @Test
  void recordProof_everyBitOfEveryHash_flippedFails() throws Exception {
    int n = 100;
    int i = 42;
    List<Hash> good = RecordProof.prove(n, i, LOG).hashes();
    for (int j = 0; j < good.size(); j++) {
      for (int bit = 0; bit < 256; bit++) {
        List<Hash> bad = new ArrayList<>(good);
        byte[] b = good.get(j).bytes();
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        bad.set(j, Hash.of(b));
        int jj = j;
        int bb = bit;
        assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(bad), n, REF.refRootHash(0, n), i,
            REF.leaf(i)), () -> "hash " + jj + " bit " + bb);
      }
    }
  }

  @Test
  void check_wrongSize_saysGotAndWant() throws Exception {
    List<Hash> good = new ArrayList<>(RecordProof.prove(8, 3, LOG).hashes());
    good.remove(0);
    ProofException e = assertThrows(ProofException.class,
        () -> RecordProof.check(RecordProof.of(good), 8, REF.refRootHash(0, 8), 3, REF.leaf(3)));
    assertEquals("wrong proof size 2, want 3", e.getMessage());
    ProofException e2 = assertThrows(ProofException.class,
        () -> RecordProof.check(RecordProof.prove(8, 3, LOG), 8, REF.refRootHash(0, 8), 3, REF.leaf(4)));
    assertEquals(REF.refRootHash(0, 8).toString(), e2.want());
  }
}
