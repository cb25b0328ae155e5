package dev.sumdb4j.tlog;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.List;

/**
 * An RFC 6962 consistency proof that a tree of size n is a prefix of a tree of size t, in x/mod
 * order (deepest subtree first). When n is a power of two the old tree's hash is not part of the
 * proof, otherwise the first element is the hash of the old tree's rightmost complete subtree.
 */
public final class TreeProof {
  private final List<Hash> hashes;

  private TreeProof(List<Hash> hashes) {
    this.hashes = hashes;
  }

  /**
   * {@return the proof made of {@code hashes} (copied; no element may be null)}
   *
   * @param hashes the hashes, deepest first
   */
  public static TreeProof of(List<Hash> hashes) {
    return new TreeProof(List.copyOf(hashes));
  }

  /** {@return the proof hashes, deepest first} */
  public List<Hash> hashes() {
    return hashes;
  }

  /**
   * {@return the proof that the tree of size {@code oldSize} is a prefix of the tree of size {@code
   * treeSize}, reading stored hashes from {@code r}} The proof for {@code oldSize} 0 or {@code
   * oldSize == treeSize} is empty (Go rejects {@code oldSize} 0).
   *
   * <p>Requires 0 &lt;= oldSize &lt;= treeSize.
   *
   * @param treeSize the size of the newer tree
   * @param oldSize the size of the older tree, at most {@code treeSize}
   * @param r reads the newer tree's stored hashes
   * @throws SumdbException if the inputs are out of range, or {@code r} fails or returns the wrong
   *     number of hashes
   * @throws IOException if {@code r} cannot read the hashes
   */
  public static TreeProof prove(long treeSize, long oldSize, HashReader r) throws IOException, SumdbException {
    if (oldSize < 0 || oldSize > treeSize) {
      throw new SumdbException("tlog: invalid inputs in ProveTree: old size " + oldSize
          + " is not in [0, " + treeSize + "]");
    }
    ProofPlan plan = new ProofPlan();
    if (oldSize > 0) {
      long lo = 0;
      long hi = treeSize;
      while (oldSize != hi) {
        long k = ProofPlan.split(hi - lo);
        if (oldSize <= lo + k) {
          plan.add(lo + k, hi);
          hi = lo + k;
        } else {
          plan.add(lo, lo + k);
          lo = lo + k;
        }
      }
      if (lo != 0) {
        plan.add(lo, hi);
      }
    }
    return new TreeProof(List.copyOf(plan.read(r)));
  }

  /**
   * Verifies that {@code p} proves that the tree of size {@code treeSize} with hash {@code
   * treeHash} extends the tree of size {@code oldSize} with hash {@code oldHash}. For {@code
   * oldSize == treeSize} the proof must be empty and the hashes equal; for {@code oldSize} 0 the
   * proof must be empty and {@code oldHash} the empty tree's hash.
   *
   * <p>Requires 0 &lt;= oldSize &lt;= treeSize.
   *
   * @param p the proof
   * @param treeSize the size of the newer tree
   * @param treeHash the trusted hash of the newer tree
   * @param oldSize the size of the older tree
   * @param oldHash the trusted hash of the older tree
   * @throws ProofException if the inputs are out of range, the proof has the wrong size ("wrong
   *     proof size 3, want 4"), or the proof does not lead to both hashes (with the computed and
   *     expected hash)
   */
  public static void check(TreeProof p, long treeSize, Hash treeHash, long oldSize, Hash oldHash)
      throws ProofException {
    if (oldSize < 0 || oldSize > treeSize) {
      throw new ProofException("invalid consistency proof inputs: old size " + oldSize
          + " is not in [0, " + treeSize + "]");
    }
    List<Hash> h = p.hashes;
    if (oldSize == 0 || oldSize == treeSize) {
      if (!h.isEmpty()) {
        throw new ProofException("wrong proof size " + h.size() + ", want 0");
      }
      Hash want = oldSize == 0 ? Hash.emptyTree() : treeHash;
      if (!oldHash.equals(want)) {
        throw new ProofException("invalid consistency proof: tree of size " + oldSize
            + " has a different hash", oldHash.toString(), want.toString());
      }
      return;
    }
    int shift = Long.numberOfTrailingZeros(oldSize);
    long index = oldSize - 1;
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
    int border = Long.bitCount(index >>> inner);
    inner -= shift;
    boolean oldIsSubtree = oldSize == 1L << shift;
    int start = oldIsSubtree ? 0 : 1;
    int want = start + inner + border;
    if (h.size() != want) {
      throw new ProofException("wrong proof size " + h.size() + ", want " + want);
    }
    byte[] oldAcc = (oldIsSubtree ? oldHash : h.get(0)).b.clone();
    byte[] newAcc = oldAcc.clone();
    long mask = index >>> shift;
    for (int i = 0; i < inner; i++) {
      byte[] s = h.get(start + i).b;
      if (((mask >>> i) & 1) == 1) {
        Hash.nodeInto(s, oldAcc, oldAcc);
        Hash.nodeInto(s, newAcc, newAcc);
      } else {
        Hash.nodeInto(newAcc, s, newAcc);
      }
    }
    for (int i = start + inner; i < want; i++) {
      byte[] s = h.get(i).b;
      Hash.nodeInto(s, oldAcc, oldAcc);
      Hash.nodeInto(s, newAcc, newAcc);
    }
    if (!java.security.MessageDigest.isEqual(oldAcc, oldHash.b)) {
      throw new ProofException("invalid consistency proof from size " + oldSize + " to "
          + treeSize + ": computed old tree hash differs", Hash.wrap(oldAcc).toString(), oldHash.toString());
    }
    if (!java.security.MessageDigest.isEqual(newAcc, treeHash.b)) {
      throw new ProofException("invalid consistency proof from size " + oldSize + " to "
          + treeSize + ": computed tree hash differs", Hash.wrap(newAcc).toString(), treeHash.toString());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeProof && hashes.equals(((TreeProof) o).hashes);
  }

  @Override
  public int hashCode() {
    return hashes.hashCode();
  }

  @Override
  public String toString() {
    return "TreeProof" + hashes;
  }
}
