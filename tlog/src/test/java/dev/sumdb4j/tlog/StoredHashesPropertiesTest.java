package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * {@link StoredHashes#index} and {@link StoredHashes#split} are inverse over exactly the indexes
 * 0 to {@link StoredHashes#MAX_INDEX}, and both refuse everything just outside: checked against Go's
 * {@code tlog.StoredHashIndex} computed without overflow (BigInteger).
 */
class StoredHashesPropertiesTest {
  private static final BigInteger MAX = BigInteger.valueOf(StoredHashes.MAX_INDEX);

  /** Go's StoredHashIndex, in BigInteger: n = 2n+1 per level, then n + n/2 + n/4 + ..., plus level. */
  static BigInteger goStoredHashIndex(int level, long node) {
    BigInteger n = BigInteger.valueOf(node);
    for (int l = level; l > 0; l--) {
      n = n.shiftLeft(1).add(BigInteger.ONE);
    }
    BigInteger i = BigInteger.ZERO;
    for (; n.signum() > 0; n = n.shiftRight(1)) {
      i = i.add(n);
    }
    return i.add(BigInteger.valueOf(level));
  }

  /** Indexes near 0, near MAX_INDEX (both sides), anywhere in range, and any long. */
  @Provide
  Arbitrary<Long> indexes() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs().between(-100, 1000)),
        Tuple.of(4, Arbitraries.longs().between(-1000, 1000).map(d -> StoredHashes.MAX_INDEX + d)),
        Tuple.of(3, Arbitraries.longs().between(0, StoredHashes.MAX_INDEX)),
        Tuple.of(1, Arbitraries.longs()));
  }

  /** (level, n) with n near the largest node of its level whose index is at most MAX_INDEX, or anywhere. */
  @Provide
  Arbitrary<Tuple2<Integer, Long>> nodes() {
    Arbitrary<Integer> levels = Arbitraries.integers().between(-2, 65);
    Arbitrary<Tuple2<Integer, Long>> edge = levels.flatMap(l -> Arbitraries.longs().between(-300, 300)
        .map(d -> Tuple.of(l, (1L << Math.max(0, Math.min(62, 61 - l))) + d)));
    Arbitrary<Tuple2<Integer, Long>> any = Combinators.combine(levels, Arbitraries.longs()).as(Tuple::of);
    Arbitrary<Tuple2<Integer, Long>> small = Combinators.combine(levels, Arbitraries.longs().between(-5, 5000)).as(Tuple::of);
    return Arbitraries.frequencyOf(Tuple.of(5, edge), Tuple.of(2, small), Tuple.of(1, any));
  }

  @Property(tries = 3000)
  void split_inRange_invertsIndex_andOutOfRangeRefused(@ForAll("indexes") long x) {
    if (x < 0 || x > StoredHashes.MAX_INDEX) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredHashes.split(x));
      assertEquals("stored hash index " + x + " out of range", e.getMessage());
      return;
    }
    long[] ln = StoredHashes.split(x);
    assertEquals(BigInteger.valueOf(x), goStoredHashIndex((int) ln[0], ln[1]), "Go's index of split(" + x + ")");
    assertEquals(x, StoredHashes.index((int) ln[0], ln[1]), "index(split(" + x + "))");
  }

  @Property(tries = 3000)
  void index_isGosWhereSplitAcceptsIt_andRefusedElsewhere(@ForAll("nodes") Tuple2<Integer, Long> node) {
    int level = node.get1();
    long n = node.get2();
    boolean valid = level >= 0 && level <= 63 && n >= 0 && goStoredHashIndex(level, n).compareTo(MAX) <= 0;
    if (!valid) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredHashes.index(level, n));
      assertEquals("no stored hash for level " + level + " node " + n, e.getMessage());
      return;
    }
    long x = StoredHashes.index(level, n);
    assertEquals(goStoredHashIndex(level, n), BigInteger.valueOf(x));
    assertArrayEquals(new long[] {level, n}, StoredHashes.split(x), "split(index(" + level + ", " + n + "))");
  }
}
