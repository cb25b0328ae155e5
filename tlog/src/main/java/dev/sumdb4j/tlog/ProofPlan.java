package dev.sumdb4j.tlog;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The leaf ranges whose subtree hashes make up a proof, collected from the root down and then
 * read in proof order (deepest sibling first) with one {@link HashReader} call.
 */
final class ProofPlan {
  private final long[] lo = new long[64];
  private final long[] hi = new long[64];
  private int size;

  /** Adds the range [a, b) as the next proof element from the top. */
  void add(long a, long b) {
    if (a >= b || size == 64) {
      throw new AssertionError("bad math in proof plan: [" + a + ", " + b + ")");
    }
    lo[size] = a;
    hi[size] = b;
    size++;
  }

  /** Returns the largest power of two strictly less than {@code n} (n &gt;= 2). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Reads the planned hashes from {@code r} and returns the proof, deepest element first. */
  List<Hash> read(HashReader r) throws IOException, SumdbException {
    if (size == 0) {
      return Collections.emptyList();
    }
    long[] buf = new long[64 * size];
    int[] ends = new int[size];
    int pos = 0;
    for (int e = size - 1, j = 0; e >= 0; e--, j++) {
      pos = StoredHashes.subtrees(lo[e], hi[e], buf, pos);
      ends[j] = pos;
    }
    List<Hash> hashes = StoredHashes.readExactly(r, java.util.Arrays.copyOf(buf, pos));
    List<Hash> proof = new ArrayList<>(size);
    int start = 0;
    for (int j = 0; j < size; j++) {
      proof.add(StoredHashes.fold(hashes, start, ends[j]));
      start = ends[j];
    }
    return proof;
  }
}
