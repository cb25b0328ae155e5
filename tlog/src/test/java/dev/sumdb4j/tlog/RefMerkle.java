package dev.sumdb4j.tlog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A naive recursive RFC 6962 reference (section 2.1), test scope only: the oracle our iterative
 * and stored-hash code is compared against. Results of complete aligned subtrees are memoised by
 * range; with {@code period} p (a power of two, leaves repeating every p) also by size alone,
 * which makes trees of 2^40 leaves tractable.
 */
public final class RefMerkle {
  private final LongFunction<Hash> leaf;
  private final long period;
  private final Map<String, Hash> memo = new HashMap<>();

  public RefMerkle(LongFunction<Hash> leaf, long period) {
    this.leaf = leaf;
    this.period = period;
  }

  /** The oracle over explicit leaf hashes. */
  public static RefMerkle of(List<Hash> leaves) {
    return new RefMerkle(i -> leaves.get((int) i), Long.MAX_VALUE);
  }

  /** Leaves repeating every 8: leaf i is the record hash of the 8-byte value i mod 8. */
  public static RefMerkle periodic() {
    return new RefMerkle(i -> Hash.ofRecord(ByteBuffer.allocate(8).putLong(i % 8).array()), 8);
  }

  public Hash leaf(long i) {
    return leaf.apply(i);
  }

  private static long k(long n) { // largest power of two strictly less than n
    long k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  /** MTH(D[lo:hi]). */
  public Hash refRootHash(long lo, long hi) {
    long n = hi - lo;
    if (n == 0) {
      return Hash.emptyTree();
    }
    if (n == 1) {
      return leaf(lo);
    }
    boolean complete = Long.bitCount(n) == 1 && lo % n == 0;
    String key = complete && n >= period ? "p" + n : lo + ":" + hi;
    Hash h = memo.get(key);
    if (h == null) {
      long k = k(n);
      h = Hash.ofNode(refRootHash(lo, lo + k), refRootHash(lo + k, hi));
      memo.put(key, h);
    }
    return h;
  }

  /** PATH(m, D[lo:hi]). */
  public List<Hash> refInclusionProof(long m, long lo, long hi) {
    List<Hash> p = new ArrayList<>();
    long n = hi - lo;
    if (n > 1) {
      long k = k(n);
      if (m < k) {
        p.addAll(refInclusionProof(m, lo, lo + k));
        p.add(refRootHash(lo + k, hi));
      } else {
        p.addAll(refInclusionProof(m - k, lo + k, hi));
        p.add(refRootHash(lo, lo + k));
      }
    }
    return p;
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  public List<Hash> refConsistencyProof(long m, long n) {
    return m == n || m == 0 ? new ArrayList<>() : subproof(m, 0, n, true);
  }

  private List<Hash> subproof(long m, long lo, long hi, boolean b) {
    List<Hash> p = new ArrayList<>();
    long n = hi - lo;
    if (m == n) {
      if (!b) {
        p.add(refRootHash(lo, hi));
      }
      return p;
    }
    long k = k(n);
    if (m <= k) {
      p.addAll(subproof(m, lo, lo + k, b));
      p.add(refRootHash(lo + k, hi));
    } else {
      p.addAll(subproof(m - k, lo + k, hi, false));
      p.add(refRootHash(lo, lo + k));
    }
    return p;
  }

  /** A HashReader over this oracle's tree: stored hash (level, n) is the root of its subtree. */
  public HashReader reader() {
    return indexes -> {
      List<Hash> out = new ArrayList<>(indexes.length);
      for (long x : indexes) {
        long[] ln = StoredHashes.split(x);
        long lo = ln[1] << ln[0];
        out.add(refRootHash(lo, lo + (1L << ln[0])));
      }
      return out;
    };
  }
}
