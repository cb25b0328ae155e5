package dev.sumdb4j.tlog.client;

import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.tlog.tile.TileHashReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The client's view of the log's history (x/mod's mergeLatest and checkTrees, made into one
 * batched step): the newest signed tree it trusts, which only moves forward, and the
 * authentication of new signed trees and records against it. Every tree seen must be consistent
 * with the newest; a conflict becomes a {@link LogMisbehaviorException} with {@link Evidence}.
 * Thread-safe: work happens outside the lock and is installed by compare-and-set.
 */
final class Timeline {
  private static final int HASHING_PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** A record to prove: leaf {@code id} must hash to {@code recordHash}. */
  record Leaf(long id, Hash recordHash) {}

  /** The outcome of one authentication step: which leaves matched, and the tree used. */
  record Proved(SignedTree tree, boolean[] leafOk) {}

  private static final String LATEST = "stored latest note";

  private final Verifiers verifiers;
  private final SumdbStore store;
  private final Fetcher fetcher;
  private final int height;
  private final boolean storeLatest;
  private final Object lock = new Object();
  private SignedTree latest = SignedTree.empty();
  private boolean initialized;

  Timeline(Verifiers verifiers, SumdbStore store, Fetcher fetcher, int height, boolean storeLatest) {
    this.storeLatest = storeLatest;
    this.verifiers = verifiers;
    this.store = store;
    this.fetcher = fetcher;
    this.height = height;
  }

  /** The newest trusted tree. */
  SignedTree latest() {
    synchronized (lock) {
      return latest;
    }
  }

  /**
   * On first use, trusts the stored latest tree (its signature verified): it was checked before it
   * was stored. Later stored trees (written by other processes) are merged like any other.
   */
  private void init() throws IOException, SumdbException {
    synchronized (lock) {
      if (initialized) {
        return;
      }
    }
    SignedTree stored = readStored();
    synchronized (lock) {
      if (!initialized && stored != null && latest.isEmpty()) {
        latest = stored;
      }
      initialized = true;
    }
  }

  /** Reads and verifies the stored latest note; null if none (or the store's latest note is not used). */
  SignedTree readStored() throws IOException, SumdbException {
    if (!storeLatest) {
      return null;
    }
    byte[] b = store.readLatest();
    return b == null || b.length == 0 ? null : readStoredBytes(b);
  }

  /**
   * Merges {@code trees} (verified signed trees) into the history and proves {@code leaves} in the
   * newest tree, reading all tiles needed for both in one authenticated read.
   *
   * @throws LogMisbehaviorException if two of the trees (or one and the trusted history) conflict
   * @throws InconsistentTileException if tiles fail authentication and no evidence can be built
   * @throws VerificationException if a leaf is not in the newest tree
   */
  Proved prove(List<SignedTree> trees, List<Leaf> leaves) throws IOException, SumdbException {
    init();
    for (;;) {
      SignedTree base = latest();
      List<SignedTree> all = distinct(trees, base);
      checkSameSizes(all, base);
      SignedTree newest = all.get(0);
      for (Leaf leaf : leaves) {
        if (leaf.id() < 0 || leaf.id() >= newest.size()) {
          throw new VerificationException("cannot validate record " + leaf.id() + " in tree of size " + newest.size());
        }
      }
      List<SignedTree> older = new ArrayList<>();
      for (SignedTree t : all) {
        if (t.size() > 0 && t.size() < newest.size()) {
          older.add(t);
        }
      }
      boolean[] ok = new boolean[leaves.size()];
      StoreTileReader reader = null;
      if (!older.isEmpty() || !leaves.isEmpty()) {
        long[] idx = indexes(older, leaves);
        Read r = read(newest, all, idx);
        reader = r.reader;
        LogMisbehaviorException conflict = firstConflict(older, r.hashes, newest, reader);
        if (conflict != null) {
          throw conflict;
        }
        int pos = r.hashes.size() - leaves.size();
        for (int i = 0; i < leaves.size(); i++) {
          ok[i] = r.hashes.get(pos + i).equals(leaves.get(i).recordHash());
        }
      }
      synchronized (lock) {
        if (latest != base) {
          continue; // someone moved the history on: check against the new one
        }
        latest = newest;
      }
      if (reader != null) {
        reader.flush();
      }
      return new Proved(newest, ok);
    }
  }

  /**
   * Brings the store's latest note and ours together: merges a note another process wrote, and
   * stores ours if it is newer, by compare-and-swap (x/mod mergeLatest's persistence loop).
   */
  void sync() throws IOException, SumdbException {
    if (!storeLatest) {
      return;
    }
    for (int attempt = 0; ; attempt++) {
      byte[] cur = store.readLatest();
      cur = cur == null ? new byte[0] : cur;
      SignedTree mine = latest();
      if (mine.sameNote(cur)) {
        return;
      }
      SignedTree stored = null;
      if (cur.length > 0) {
        stored = readStoredBytes(cur);
        prove(List.of(stored), List.of());
        mine = latest();
        if (stored.size() >= mine.size()) {
          return; // the store is as new as we are (or newer, now merged)
        }
      }
      if (mine.isEmpty()) {
        return;
      }
      if (store.compareAndSwapLatest(cur, mine.note())) {
        return;
      }
      if (attempt > 1000) {
        throw new IOException("cannot update the stored latest note: too many write conflicts");
      }
    }
  }

  /** The stored latest note verified last, and its tree: each batch reads it again, unchanged. */
  private volatile StoredNote lastStored;

  private record StoredNote(byte[] note, SignedTree tree) {}

  private SignedTree readStoredBytes(byte[] b) throws DamagedStateException {
    StoredNote last = lastStored;
    if (last != null && Arrays.equals(last.note(), b)) {
      return last.tree();
    }
    try {
      SignedTree tree = SignedTree.open(LATEST, b, verifiers);
      lastStored = new StoredNote(b.clone(), tree);
      return tree;
    } catch (SumdbException e) {
      Optional<Path> file = store.pathOf("latest");
      String reason = "the stored latest signed tree does not verify: " + e.getMessage();
      throw file.isPresent() ? new DamagedStateException(file.get(), reason, e)
          : new DamagedStateException(LATEST, reason, e);
    }
  }

  private record Read(List<Hash> hashes, StoreTileReader reader) {}

  /**
   * The authenticated hashes of {@code tree} at {@code idx}, read as every proof of this client
   * reads them (cached tiles first; cached tiles that fail authentication fetched again online and
   * reported offline), the tiles fetched cached afterwards.
   */
  List<Hash> readHashes(SignedTree tree, long[] idx) throws IOException, SumdbException {
    Read r = read(tree, List.of(tree), idx);
    r.reader().flush();
    return r.hashes();
  }

  /** A reader of {@code tree}'s hashes that hashes a large batch of tiles on every processor. */
  private TileHashReader hashReader(Tree tree, StoreTileReader tiles) {
    return new TileHashReader(tree, tiles, fetcher.executor(), HASHING_PARALLELISM);
  }

  /**
   * Reads authenticated hashes of {@code tree}: cache first; if that fails authentication, the
   * remote alone (online; the corrupt cached tiles are overwritten on flush) or a
   * {@link CorruptCacheException} (offline); if remote tiles fail too, forensics.
   */
  private Read read(SignedTree tree, List<SignedTree> all, long[] idx) throws IOException, SumdbException {
    StoreTileReader cached = new StoreTileReader(height, store, fetcher, true);
    Exception failure;
    try {
      return new Read(hashReader(tree.tree(), cached).readHashes(idx), cached);
    } catch (InconsistentTileException e) {
      failure = e;
      if (cached.usedCache() && !fetcher.online()) {
        throw CorruptCacheException.in(store, cached.cachedTileNames(),
            "cached tiles do not authenticate against " + tree + ": " + e.getMessage(), e);
      }
    } catch (NotFoundException e) {
      failure = e; // the server cannot show the tiles of this tree: look for evidence too
    }
    if (failure instanceof InconsistentTileException && cached.usedCache()) {
      StoreTileReader remote = new StoreTileReader(height, store, fetcher, false);
      try {
        return new Read(hashReader(tree.tree(), remote).readHashes(idx), remote);
      } catch (InconsistentTileException | NotFoundException e) {
        failure = e;
      }
    }
    LogMisbehaviorException evidence = forensics(tree, all, failure);
    if (evidence != null) {
      throw evidence;
    }
    if (failure instanceof NotFoundException nf) {
      // Not "module not found": the server lacks tiles of a tree it signed (or we trust).
      long smaller = all.stream().filter(t -> !t.isEmpty()).mapToLong(SignedTree::size)
          .filter(n -> n < tree.size()).max().orElse(-1);
      String why = smaller < 0 ? "" : "; it also signed tree size " + smaller + ", so it may lag behind the tree"
          + " this client already trusts, or serve another branch of the log: the two cannot be checked"
          + " against each other until it serves these tiles";
      throw new IOException("the server does not have the tiles of " + tree + ": " + nf.getMessage() + why, nf);
    }
    throw (SumdbException) failure;
  }

  /**
   * Tiles failed authentication against {@code failed} (or the server could not serve them):
   * looks for another signed tree the cache's or the server's tiles do authenticate, and that
   * proves a smaller tree inconsistent. Returns that evidence, or null if there is none.
   */
  private LogMisbehaviorException forensics(SignedTree failed, List<SignedTree> all, Exception cause) {
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
        if (!useCache && !fetcher.online()) {
          continue;
        }
        StoreTileReader r = new StoreTileReader(height, store, fetcher, useCache);
        try {
          List<Hash> hashes = hashReader(s.tree(), r).readHashes(idx);
          LogMisbehaviorException conflict = firstConflict(smaller, hashes, s, r);
          if (conflict != null) {
            return conflict;
          }
          break; // consistent: this tree proves nothing
        } catch (IOException | SumdbException e) {
          cause.addSuppressed(e);
        }
      }
    }
    return null;
  }

  /**
   * Folds {@code hashes} (the subtree hashes of each of {@code older}, in order, read from tiles
   * authenticated by {@code newer}) into tree hashes; returns the evidence of the first that
   * differs from its note's hash, or null.
   */
  private LogMisbehaviorException firstConflict(List<SignedTree> older, List<Hash> hashes, SignedTree newer,
      StoreTileReader r) {
    int pos = 0;
    for (SignedTree o : older) {
      int n = subtrees(o.size()).length;
      Hash h = fold(hashes.subList(pos, pos + n));
      pos += n;
      if (!h.equals(o.hash())) {
        return misbehavior(o, newer, h, r);
      }
    }
    return null;
  }

  private LogMisbehaviorException misbehavior(SignedTree older, SignedTree newer, Hash h, StoreTileReader r) {
    TreeProof proof;
    try {
      proof = TreeProof.prove(newer.size(), older.size(), hashReader(newer.tree(), r));
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
   * Throws single-note evidence if a signed tree of size 0 has a hash other than the empty tree's
   * (checked first: the note-less empty tree is not a signed tree to conflict with), and same-size
   * evidence if two trees have one size but different hashes.
   */
  private static void checkSameSizes(List<SignedTree> all, SignedTree base) throws SumdbException {
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

  /** The distinct trees of {@code trees} and {@code base}, largest first ({@code base} first among equals). */
  private static List<SignedTree> distinct(List<SignedTree> trees, SignedTree base) {
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

  private static long[] indexes(List<SignedTree> trees, List<Leaf> leaves) {
    long[] out = new long[0];
    for (SignedTree t : trees) {
      long[] s = subtrees(t.size());
      int n = out.length;
      out = Arrays.copyOf(out, n + s.length);
      System.arraycopy(s, 0, out, n, s.length);
    }
    int n = out.length;
    out = Arrays.copyOf(out, n + leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      out[n + i] = StoredHashes.index(0, leaves.get(i).id());
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
