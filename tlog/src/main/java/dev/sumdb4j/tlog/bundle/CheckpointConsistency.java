package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.client.SignedTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that the signed checkpoints of proved records can all be states of one append-only log,
 * as far as the records' inclusion proofs show. An inclusion proof of record {@code i} in a tree
 * shows, besides the root, the hash of every complete subtree on the record's path and beside it;
 * a complete subtree of the first {@code n} records has one hash in every honest tree of size
 * {@code n} or more. So, for two checkpoints signed by one key:
 *
 * <ul>
 *   <li>of one size, their hashes must be equal (else a fork, with same-size {@link Evidence});
 *   <li>of sizes {@code a < b}, every subtree both proofs show must have one hash (else a fork);
 *       and if the larger tree's proofs show every subtree the smaller tree's hash folds, that
 *       hash must be the smaller tree's (else a fork, with {@link Evidence} when the proofs also
 *       carry the consistency proof's hashes). If they do not, consistency is not shown: the
 *       proofs neither prove nor refute it.
 * </ul>
 */
public final class CheckpointConsistency {
  /** The outcome for one pair of checkpoints. */
  public enum Status {
    /** The proofs show the smaller tree is a prefix of the larger. */
    CONSISTENT,
    /** The proofs show the trees cannot both be states of one log: the key signed a fork. */
    CONFLICT,
    /** The proofs do not carry enough hashes to tell. */
    NOT_SHOWN
  }

  /**
   * The outcome for the pair {@code older}, {@code newer} (sizes {@code older.size() <=
   * newer.size()}).
   *
   * @param older the smaller (or, for one size, the first seen) signed tree
   * @param newer the larger (or the second) signed tree
   * @param status what the proofs show
   * @param message a lowercase sentence saying what was shown and how
   * @param evidence for a conflict, evidence {@code evidence verify} re-checks, when the proofs
   *     carry enough to build it
   */
  public record Finding(SignedTree older, SignedTree newer, Status status, String message,
      Optional<Evidence> evidence) {
    /**
     * Validates the fields.
     *
     * @param older the smaller (or, for one size, the first seen) signed tree
     * @param newer the larger (or the second) signed tree
     * @param status what the proofs show
     * @param message a lowercase sentence saying what was shown and how
     * @param evidence for a conflict, evidence {@code evidence verify} re-checks, when the proofs carry enough to build it
     */
    public Finding {
      Objects.requireNonNull(older, "older");
      Objects.requireNonNull(newer, "newer");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(evidence, "evidence");
      if (evidence.isPresent() && status != Status.CONFLICT) {
        throw new IllegalArgumentException("evidence without a conflict");
      }
    }
  }

  private CheckpointConsistency() {}

  /**
   * Compares every two distinct trees among the checkpoints of {@code records} that one of
   * {@code keys} signed both of; returns one finding per pair, the smaller trees first.
   *
   * @param records proved records, whose checkpoints are compared
   * @param keys the keys whose signatures make a tree comparable
   * @return the findings, one per pair of trees
   */
  public static List<Finding> check(List<ProvedRecord> records, List<? extends NoteVerifier> keys) {
    Map<Tree, SignedTree> trees = new LinkedHashMap<>();
    Map<Tree, Map<Long, Hash>> shown = new HashMap<>();
    for (ProvedRecord r : records) {
      Tree t = r.tree().tree();
      trees.putIfAbsent(t, r.tree());
      Hash root = walk(0, t.size(), r.index(), Hash.ofRecord(r.recordText().getBytes(
          java.nio.charset.StandardCharsets.UTF_8)), r.proof().hashes(), r.proof().hashes().size(),
          shown.computeIfAbsent(t, k -> new HashMap<>()));
      if (!root.equals(t.hash())) {
        throw new IllegalArgumentException(r.source() + ": record " + r.index() + " is not proved in " + r.tree());
      }
    }
    List<SignedTree> sorted = new ArrayList<>(trees.values());
    sorted.sort(Comparator.comparingLong(SignedTree::size)); // stable: first seen first among equals
    Map<Tree, BitSet> signers = new HashMap<>();
    for (SignedTree t : sorted) {
      signers.put(t.tree(), signers(t, keys));
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        SignedTree a = sorted.get(i);
        SignedTree b = sorted.get(j);
        if (signers.get(a.tree()).intersects(signers.get(b.tree()))) {
          out.add(compare(a, shown.get(a.tree()), b, shown.get(b.tree())));
        }
      }
    }
    return out;
  }

  private static Finding compare(SignedTree a, Map<Long, Hash> shownA, SignedTree b, Map<Long, Hash> shownB) {
    String pair = "trees " + a.size() + " (" + a.hash() + ") and " + b.size() + " (" + b.hash() + ")";
    if (a.size() == b.size()) {
      return new Finding(a, b, Status.CONFLICT, "the key signed two trees of size " + a.size()
          + " with different hashes: " + a.hash() + " and " + b.hash(), Optional.of(Evidence.sameSize(a, b)));
    }
    HashReader fromB = indexes -> {
      List<Hash> hashes = new ArrayList<>();
      for (long idx : indexes) {
        Hash h = shownB.get(idx);
        if (h == null) {
          throw new SumdbException("not shown: stored hash " + idx);
        }
        hashes.add(h);
      }
      return hashes;
    };
    Hash computed = null;
    try {
      computed = TreeHash.of(a.size(), fromB);
    } catch (IOException | SumdbException notShown) {
      // fall through to the subtrees both proofs show
    }
    if (computed != null && computed.equals(a.hash())) {
      return new Finding(a, b, Status.CONSISTENT, "tree " + a.size() + " is a prefix of tree " + b.size()
          + " (shown by the inclusion proofs)", Optional.empty());
    }
    if (computed != null) {
      String why = "the key signed a fork: according to tree " + b.size() + " the tree of size " + a.size()
          + " has hash " + computed + ", but the key signed " + a.hash();
      try {
        TreeProof proof = TreeProof.prove(b.size(), a.size(), fromB);
        return new Finding(a, b, Status.CONFLICT, why, Optional.of(Evidence.fork(a, b, computed, proof)));
      } catch (IOException | SumdbException notShown) {
        return new Finding(a, b, Status.CONFLICT, why + " (the proofs do not carry a consistency proof, so no"
            + " evidence file)", Optional.empty());
      }
    }
    for (Map.Entry<Long, Hash> e : shownA.entrySet()) {
      Hash other = shownB.get(e.getKey());
      if (other != null && !other.equals(e.getValue())) {
        long[] node = StoredHashes.split(e.getKey());
        long lo = node[1] << node[0];
        long hi = (node[1] + 1) << node[0];
        return new Finding(a, b, Status.CONFLICT, "the key signed a fork: records [" + lo + ", " + hi
            + ") hash to " + e.getValue() + " in tree " + a.size() + " but to " + other + " in tree " + b.size()
            + " (the proofs do not carry a consistency proof, so no evidence file)", Optional.empty());
      }
    }
    return new Finding(a, b, Status.NOT_SHOWN, "consistency of " + pair + " not shown by these proofs",
        Optional.empty());
  }

  /** Which of {@code keys} signed {@code t}'s note (by position). */
  private static BitSet signers(SignedTree t, List<? extends NoteVerifier> keys) {
    BitSet out = new BitSet();
    for (int k = 0; k < keys.size(); k++) {
      try {
        Note.open(t.note(), Verifiers.of(List.of(keys.get(k))));
        out.set(k);
      } catch (SumdbException e) {
        // not signed by this key (or its signature does not verify): not comparable through it
      }
    }
    return out;
  }

  /**
   * Walks the inclusion proof of record {@code index} (leaf hash {@code leaf}) in the range
   * [{@code lo}, {@code hi}) of the tree, the proof's elements before {@code end} belonging to
   * this range (the last one beside its top split); puts the hash of every complete subtree it
   * passes or shows into {@code shown} and returns the range's hash.
   */
  private static Hash walk(long lo, long hi, long index, Hash leaf, List<Hash> proof, int end, Map<Long, Hash> shown) {
    Hash h;
    if (hi - lo == 1) {
      if (end != 0) {
        throw new IllegalArgumentException("inclusion proof too long for record " + index);
      }
      h = leaf;
    } else {
      if (end == 0) {
        throw new IllegalArgumentException("inclusion proof too short for record " + index);
      }
      long k = Long.highestOneBit(hi - lo - 1); // the largest power of two below hi - lo
      Hash sibling = proof.get(end - 1);
      if (index < lo + k) {
        Hash left = walk(lo, lo + k, index, leaf, proof, end - 1, shown);
        put(lo + k, hi, sibling, shown);
        h = Hash.ofNode(left, sibling);
      } else {
        Hash right = walk(lo + k, hi, index, leaf, proof, end - 1, shown);
        put(lo, lo + k, sibling, shown);
        h = Hash.ofNode(sibling, right);
      }
    }
    put(lo, hi, h, shown);
    return h;
  }

  /** Records {@code h} as the hash of [{@code lo}, {@code hi}) if that range is a complete subtree. */
  private static void put(long lo, long hi, Hash h, Map<Long, Hash> shown) {
    long n = hi - lo;
    if (Long.bitCount(n) == 1 && lo % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      shown.put(StoredHashes.index(level, lo >>> level), h);
    }
  }
}
