package dev.sumdb4j.tlog;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.util.List;

/**
 * An RFC 6962 inclusion proof ("audit path") that a record is in a tree, in x/mod order: element
 * 0 is the sibling nearest the leaf, the last element the sibling nearest the root.
 */
public final class RecordProof {
  private final List<Hash> hashes;

  private RecordProof(List<Hash> hashes) {
    this.hashes = hashes;
  }

  /**
   * {@return the proof made of {@code hashes} (copied; no element may be null)}
   *
   * @param hashes the hashes, deepest sibling first
   */
  public static RecordProof of(List<Hash> hashes) {
    return new RecordProof(List.copyOf(hashes));
  }

  /** {@return the proof hashes, nearest the leaf first} */
  public List<Hash> hashes() {
    return hashes;
  }

  /**
   * {@return the proof that record {@code index} is in the tree of size {@code treeSize}, reading
   * stored hashes from {@code r}}
   *
   * <p>Requires 0 &lt;= index &lt; treeSize.
   *
   * @param treeSize the size of the tree
   * @param index the record's index
   * @param r reads the tree's stored hashes
   * @throws SumdbException if the inputs are out of range, or {@code r} fails or returns the wrong
   *     number of hashes
   * @throws IOException if {@code r} cannot read the hashes
   */
  public static RecordProof prove(long treeSize, long index, HashReader r) throws IOException, SumdbException {
    if (index < 0 || index >= treeSize) {
      throw new SumdbException("tlog: invalid inputs in ProveRecord: record " + index
          + " is not in a tree of size " + treeSize);
    }
    ProofPlan plan = new ProofPlan();
    long lo = 0;
    long hi = treeSize;
    while (hi - lo > 1) {
      long k = ProofPlan.split(hi - lo);
      if (index < lo + k) {
        plan.add(lo + k, hi);
        hi = lo + k;
      } else {
        plan.add(lo, lo + k);
        lo = lo + k;
      }
    }
    return new RecordProof(List.copyOf(plan.read(r)));
  }

  /** Returns the length of every inclusion proof for {@code index} in a tree of {@code treeSize}. */
  static int expectedSize(long index, long treeSize) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  /**
   * Verifies that {@code p} proves that the tree of size {@code treeSize} with hash {@code
   * treeHash} contains record {@code index} with hash {@code recordHash}.
   *
   * <p>Requires 0 &lt;= index &lt; treeSize. As in RFC 9162 and x/mod, the proof binds {@code
   * treeSize} only through its shape (the same hashes also check for another size whose path from
   * the leaf has the same shape); the size is bound to {@code treeHash} by the signed tree note.
   *
   * @param p the proof
   * @param treeSize the size of the tree
   * @param treeHash the trusted hash of the tree
   * @param index the record's index
   * @param recordHash the record's (leaf) hash
   * @throws ProofException if the inputs are out of range, the proof has the wrong size
   *     ("wrong proof size 3, want 4"), or the proof does not lead to {@code treeHash} (with the
   *     computed and expected hashes)
   */
  public static void check(RecordProof p, long treeSize, Hash treeHash, long index, Hash recordHash)
      throws ProofException {
    if (index < 0 || index >= treeSize) {
      throw new ProofException("invalid inclusion proof inputs: record " + index
          + " is not in a tree of size " + treeSize);
    }
    List<Hash> h = p.hashes;
    int want = expectedSize(index, treeSize);
    if (h.size() != want) {
      throw new ProofException("wrong proof size " + h.size() + ", want " + want);
    }
    byte[] got = rootFrom(recordHash, index, treeSize, h);
    if (!java.security.MessageDigest.isEqual(got, treeHash.b)) {
      throw new ProofException("invalid inclusion proof for record " + index + " in tree of size "
          + treeSize + ": computed tree hash differs", Hash.wrap(got).toString(), treeHash.toString());
    }
  }

  /** Chains {@code leaf} up through {@code proof} (of the expected size) to the tree root. */
  static byte[] rootFrom(Hash leaf, long index, long treeSize, List<Hash> proof) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
    byte[] acc = leaf.b.clone();
    for (int i = 0; i < inner; i++) {
      byte[] s = proof.get(i).b;
      if (((index >>> i) & 1) == 0) {
        Hash.nodeInto(acc, s, acc);
      } else {
        Hash.nodeInto(s, acc, acc);
      }
    }
    for (int i = inner; i < proof.size(); i++) {
      Hash.nodeInto(proof.get(i).b, acc, acc);
    }
    return acc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordProof && hashes.equals(((RecordProof) o).hashes);
  }

  @Override
  public int hashCode() {
    return hashes.hashCode();
  }

  @Override
  public String toString() {
    return "RecordProof" + hashes;
  }
}
