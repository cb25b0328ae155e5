package dev.sumdb4j.tlog.client;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeProof;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The checks that signed trees agree, and the evidence when they do not (x/mod's checkTrees): a
 * tree of size 0 with another hash, two trees of one size with different hashes, an older tree
 * whose hash the newer tree's authenticated tiles contradict. Also the forensics that look for such
 * evidence when tiles fail authentication. Pure functions of the trees and the hashes read, except
 * {@link #forensics}, which reads through {@link AuthenticatedTiles}.
 */
final class Consistency {
  private Consistency() {}

  /**
   * Throws single-note evidence if a signed tree of size 0 has a hash other than the empty tree's
   * (checked first: the note-less empty tree is not a signed tree to conflict with), and same-size
   * evidence if two trees have one size but different hashes.
   */
  static void checkSameSizes(List<SignedTree> all, SignedTree base) throws LogMisbehaviorException {
    for (SignedTree a : all) {
      if (a.size() == 0 && !a.hash().equals(Hash.emptyTree())) {
        throw new LogMisbehaviorException("signed tree of size 0 has hash " + a.hash() + ", want the empty tree's "
            + Hash.emptyTree(), Evidence.emptyTreeHash(a));
      }
    }
    for (int i = 0; i < all.size(); i++) {
      SignedTree a = all.get(i);
      for (int j = i + 1; j < all.size(); j++) {
        SignedTree b = all.get(j);
        if (a.size() == b.size() && !a.hash().equals(b.hash())) {
          SignedTree first = b == base ? b : a;
          SignedTree second = first == a ? b : a;
          throw new LogMisbehaviorException("two signed trees of size " + a.size() + " with different hashes",
              Evidence.sameSize(first, second));
        }
      }
    }
  }

  /**
   * Folds {@code hashes} (the subtree hashes of each of {@code older}, in order, read from tiles
   * authenticated by {@code newer}) into tree hashes; returns the evidence of the first that
   * differs from its note's hash, or null. {@code more} reads the hashes of the consistency proof.
   */
  static LogMisbehaviorException firstConflict(List<SignedTree> older, List<Hash> hashes, SignedTree newer,
      HashReader more) {
    int pos = 0;
    for (SignedTree o : older) {
      int n = subtrees(o.size()).length;
      Hash h = fold(hashes.subList(pos, pos + n));
      pos += n;
      if (!h.equals(o.hash())) {
        return misbehavior(o, newer, h, more);
      }
    }
    return null;
  }

  private static LogMisbehaviorException misbehavior(SignedTree older, SignedTree newer, Hash h, HashReader more) {
    TreeProof proof;
    try {
      proof = TreeProof.prove(newer.size(), older.size(), more);
      TreeProof.check(proof, newer.size(), newer.hash(), older.size(), h);
    } catch (ProofException e) {
      throw new AssertionError("bad math in misbehavior: generated inconsistent proof", e);
    } catch (IOException | SumdbException e) {
      // The proof needs tiles the hash did not; without them the evidence is incomplete.
      return new LogMisbehaviorException("checking tree#" + older.size() + " against tree#" + newer.size()
          + " (the consistency proof could not be read: " + e.getMessage() + ")",
          Evidence.of(older, newer, h, TreeProof.of(List.of())));
    }
    return new LogMisbehaviorException("checking tree#" + older.size() + " against tree#" + newer.size(),
        Evidence.of(older, newer, h, proof));
  }

  /**
   * Tiles failed authentication against {@code failed} (or the server could not serve them):
   * looks for another signed tree the cache's or the server's tiles do authenticate, and that
   * proves a smaller tree inconsistent. Returns that evidence, or null if there is none; what kept
   * each attempt from an answer is added to {@code cause} as suppressed.
   */
  static LogMisbehaviorException forensics(AuthenticatedTiles tiles, SignedTree failed, List<SignedTree> all,
      Exception cause) {
    for (SignedTree s : all) {
      if (s == failed || s.size() <= 1) {
        continue;
      }
      List<SignedTree> smaller = new ArrayList<>();
      for (SignedTree t : all) {
        if (t.size() > 0 && t.size() < s.size()) {
          smaller.add(t);
        }
      }
      if (smaller.isEmpty()) {
        continue;
      }
      long[] idx = indexes(smaller, List.of());
      for (boolean useCache : new boolean[] {true, false}) {
        if (!useCache && !tiles.online()) {
          continue;
        }
        AuthenticatedTiles.HashRead r;
        try {
          r = tiles.readOnce(s, idx, useCache);
        } catch (IOException | SumdbException e) {
          cause.addSuppressed(e);
          continue;
        }
        if (r instanceof AuthenticatedTiles.HashRead.Hashes h) {
          LogMisbehaviorException conflict = firstConflict(smaller, h.hashes(), s, h.more());
          if (conflict != null) {
            return conflict;
          }
          break; // consistent: this tree proves nothing
        }
        cause.addSuppressed(AuthenticatedTiles.failureOf(r));
      }
    }
    return null;
  }

  /** The distinct trees of {@code trees} and {@code base}, largest first ({@code base} first among equals). */
  static List<SignedTree> distinct(List<SignedTree> trees, SignedTree base) {
    List<SignedTree> out = new ArrayList<>();
    out.add(base);
    for (SignedTree t : trees) {
      if (out.stream().noneMatch(o -> o.equals(t))) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingLong(SignedTree::size).reversed()); // stable: base stays first among equals
    return out;
  }

  /** The stored indexes of the subtrees of each of {@code trees}, then of each leaf id, in order. */
  static long[] indexes(List<SignedTree> trees, List<Long> leafIds) {
    long[] out = new long[0];
    for (SignedTree t : trees) {
      long[] s = subtrees(t.size());
      int n = out.length;
      out = Arrays.copyOf(out, n + s.length);
      System.arraycopy(s, 0, out, n, s.length);
    }
    int n = out.length;
    out = Arrays.copyOf(out, n + leafIds.size());
    for (int i = 0; i < leafIds.size(); i++) {
      out[n + i] = StoredHashes.index(0, leafIds.get(i));
    }
    return out;
  }

  /**
   * The stored indexes of the complete subtrees of the tree of size {@code n}, largest first: the
   * hashes that fold into its tree hash.
   */
  static long[] subtrees(long n) {
    long[] out = new long[Long.bitCount(n)];
    long lo = 0;
    for (int i = 0; i < out.length; i++) {
      int level = 63 - Long.numberOfLeadingZeros(n - lo);
      out[i] = StoredHashes.index(level, lo >>> level);
      lo += 1L << level;
    }
    return out;
  }

  /** Folds complete-subtree hashes (largest first) into a tree hash, right to left. */
  private static Hash fold(List<Hash> hashes) {
    Hash acc = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      acc = Hash.ofNode(hashes.get(i), acc);
    }
    return acc;
  }
}
