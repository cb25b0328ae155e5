package dev.sumdb4j.tlog;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored-hash layout of a log: every leaf hash and every completed interior node hash, in
 * one dense sequence in the order they become computable as records are appended
 * (Crosby–Wallach post-order, as Go's {@code tlog.StoredHashIndex}).
 *
 * <p>For example the first stored indexes are 0=(0,0) 1=(0,1) 2=(1,0) 3=(0,2) 4=(0,3) 5=(1,1)
 * 6=(2,0), where (level, n) is the n-th node at that level, level 0 being the leaves.
 */
public final class StoredHashes {
  /**
   * The largest stored index, 2^62 (logs of up to about 2^61 records): {@link #split} accepts
   * exactly the indexes 0 to {@code MAX_INDEX} and {@link #index} returns exactly those, so the two
   * are inverse over the whole range, as Go's {@code tlog.SplitStoredHashIndex} and {@code
   * tlog.StoredHashIndex} are wherever their int64 arithmetic does not overflow.
   */
  public static final long MAX_INDEX = 1L << 62;

  /**
   * The largest tree size supported, 2^61 (2305843009213693952) records: every stored hash of
   * such a tree has an index below {@link #MAX_INDEX} (the tree holds 2^62 − 1 of them). Larger
   * sizes, such as 2^62 or 2^63 − 1, would overflow the stored-hash arithmetic, so a signed tree
   * claiming one is rejected when parsed. (sum.golang.org holds under 2^27 records.)
   */
  public static final long MAX_TREE_SIZE = 1L << 61;

  private StoredHashes() {}

  /**
   * {@return the stored index of the hash of node {@code n} at level {@code level}}
   *
   * @param level the node's level, 0 for leaves
   * @param n the node's index within its level
   * @throws IllegalArgumentException if {@code level} is negative, {@code n} is negative, or the
   *     node's index would be above {@link #MAX_INDEX} (the node {@link #split} refuses)
   */
  public static long index(int level, long n) {
    // The first test keeps the last leaf under the node below 2^62, so the index fits in a long
    // (at most 2^63 - 2) and can then be compared with MAX_INDEX.
    if (level < 0 || level > 62 || n < 0 || n >= (1L << (62 - level)) || indexUnchecked(level, n) > MAX_INDEX) {
      throw new IllegalArgumentException("no stored hash for level " + level + " node " + n);
    }
    return indexUnchecked(level, n);
  }

  /** As {@link #index} without argument checks, for callers that derived valid arguments. */
  static long indexUnchecked(int level, long n) {
    long last = ((n + 1) << level) - 1; // the last leaf under the node
    // last + last/2 + last/4 + ... == 2*last - popcount(last)
    return 2 * last - Long.bitCount(last) + level;
  }

  /**
   * {@return {level, n} of the node stored at {@code index}: the inverse of {@link #index}}
   *
   * @param index a stored-hash index, not negative
   * @throws IllegalArgumentException if {@code index} is negative or above {@link #MAX_INDEX}
   */
  public static long[] split(long index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException("stored hash index " + index + " out of range");
    }
    long n = index / 2;
    long indexN = indexUnchecked(0, n);
    if (indexN > index) {
      throw new AssertionError("bad math in split(" + index + ")");
    }
    while (true) {
      // Each record n adds 1 + trailingZeros(n + 1) hashes.
      long x = indexN + 1 + Long.numberOfTrailingZeros(n + 1);
      if (x > index) {
        break;
      }
      n++;
      indexN = x;
    }
    int level = (int) (index - indexN);
    return new long[] {level, n >> level};
  }

  /**
   * {@return the number of stored hashes in a tree of {@code treeSize} records}
   *
   * @param treeSize the number of records, not negative
   * @throws IllegalArgumentException if {@code treeSize} is negative or above {@link #MAX_TREE_SIZE}
   */
  public static long count(long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("negative tree size " + treeSize);
    }
    if (treeSize > MAX_TREE_SIZE) {
      throw new IllegalArgumentException(tooLarge(treeSize));
    }
    return treeSize == 0 ? 0 : indexUnchecked(0, treeSize - 1) + 1 + Long.numberOfTrailingZeros(~(treeSize - 1));
  }

  /**
   * {@return the hashes to append to the stored hashes when appending record {@code n} with
   * content {@code data}: its leaf hash, then the interior nodes it completes, lowest first}
   * Reads the needed older hashes from {@code r}.
   *
   * @param n the index of the new record, equal to the number of records before it
   * @param data the record's content
   * @param r reads the hashes already stored
   * @throws IOException if {@code r} cannot read the hashes
   * @throws SumdbException if {@code r} fails (data that fails authentication or is malformed)
   */
  public static List<Hash> forRecord(long n, byte[] data, HashReader r) throws IOException, SumdbException {
    return forRecordHash(n, Hash.ofRecord(data), r);
  }

  /**
   * As {@link #forRecord} for a record whose leaf hash {@code h} is already known.
   *
   * @param n the index of the new record, equal to the number of records before it
   * @param h the record's leaf hash
   * @param r reads the hashes already stored
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws SumdbException if {@code r} returns the wrong number of hashes
   * @return the hashes to store, the leaf hash first
   * @throws IOException if {@code r} cannot read the hashes
   */
  public static List<Hash> forRecordHash(long n, Hash h, HashReader r) throws IOException, SumdbException {
    if (n < 0) {
      throw new IllegalArgumentException("negative record number " + n);
    }
    int m = Long.numberOfTrailingZeros(n + 1);
    List<Hash> out = new ArrayList<>(m + 1);
    out.add(h);
    if (m == 0) {
      return out;
    }
    long[] indexes = new long[m];
    for (int i = 0; i < m; i++) {
      // The left sibling at level i is the node just before record n's ancestor.
      indexes[i] = indexUnchecked(i, (n >> i) - 1);
    }
    List<Hash> old = readExactly(r, indexes);
    for (int i = 0; i < m; i++) {
      h = Hash.ofNode(old.get(i), h);
      out.add(h);
    }
    return out;
  }

  /**
   * {@return the stored indexes of the complete subtrees that make up the leaf range [lo, hi),
   * largest (leftmost) first: for lo = 0 these are the hashes that fold into the tree hash of a
   * tree of size hi}
   *
   * @param lo the first leaf of the range
   * @param hi the end of the range (exclusive), at least {@code lo}
   * @throws IllegalArgumentException unless 0 &lt;= lo &lt;= hi
   */
  public static long[] subtrees(long lo, long hi) {
    if (lo < 0 || hi < lo) {
      throw new IllegalArgumentException("bad leaf range [" + lo + ", " + hi + ")");
    }
    long[] out = new long[64];
    int m = subtrees(lo, hi, out, 0);
    return java.util.Arrays.copyOf(out, m);
  }

  /** Appends the subtree indexes of [lo, hi) to {@code out} at {@code pos}; returns the new end. */
  static int subtrees(long lo, long hi, long[] out, int pos) {
    while (lo < hi) {
      int level = 63 - Long.numberOfLeadingZeros(hi - lo); // largest power of two <= hi - lo
      long k = 1L << level;
      // Also bounded by lo's alignment: a complete subtree starts at a multiple of its size.
      if ((lo & (k - 1)) != 0) {
        throw new AssertionError("bad math in subtrees(" + lo + ", " + hi + ")");
      }
      out[pos++] = indexUnchecked(level, lo >> level);
      lo += k;
    }
    return pos;
  }

  /** Reads {@code indexes} from {@code r}, checking the count. */
  static List<Hash> readExactly(HashReader r, long[] indexes) throws IOException, SumdbException {
    List<Hash> got = r.readHashes(indexes);
    if (got == null || got.size() != indexes.length) {
      throw new SumdbException("tlog: ReadHashes(" + indexes.length + " indexes) = "
          + (got == null ? "null" : got.size() + " hashes"));
    }
    for (Hash h : got) {
      if (h == null) {
        throw new SumdbException("tlog: ReadHashes(" + indexes.length + " indexes) returned a null hash");
      }
    }
    return got;
  }

  /** Folds subtree hashes right to left into one: h0 + (h1 + (... + hm)). */
  static Hash fold(List<Hash> hashes, int from, int to) {
    Hash acc = hashes.get(to - 1);
    for (int i = to - 2; i >= from; i--) {
      acc = Hash.ofNode(hashes.get(i), acc);
    }
    return acc;
  }

  /**
   * The message for a tree size above {@link #MAX_TREE_SIZE}.
   *
   * @param treeSize the tree size that was refused
   * @return the message, naming both sizes
   */
  public static String tooLarge(long treeSize) {
    return "tree size " + treeSize + " exceeds the largest supported, " + MAX_TREE_SIZE
        + " (2^61, MAX_TREE_SIZE): its stored hash indexes would overflow";
  }
}
