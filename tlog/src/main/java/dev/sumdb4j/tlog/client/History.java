package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's view of the log's history (x/mod's mergeLatest and checkTrees, made into one
 * batched step), the layer above {@link AuthenticatedTiles}: the newest signed tree it trusts,
 * which only moves forward, and the authentication of new signed trees and records against it.
 * Every tree seen must be consistent with the newest; a conflict is a {@link
 * LogMisbehaviorException} with {@link Evidence} ({@link Consistency}). Data missing or damaged in
 * the cache offline is a {@link Step} value for the layer above to decide on. Thread-safe: work
 * happens outside the lock and is installed by compare-and-set.
 *
 * <p>The store's latest note is read and verified once per call of the client ({@link #begin}),
 * and again only when another process changed it before this call could store its own ({@link
 * #sync}).
 */
final class History {
  /** A record to prove: leaf {@code id} must hash to {@code recordHash}. */
  record Leaf(long id, Hash recordHash) {}

  /**
   * The store's latest note as one call read it: its bytes (empty: none) and its verified tree
   * (null: none, or the store's latest note is not used).
   */
  record Stored(byte[] bytes, SignedTree tree) {}

  /** How one authentication step ended. */
  sealed interface Step {
    /**
     * The trees merged: {@code tree} is the newest, {@code leafOk[i]} whether leaf {@code i}
     * matched, {@code tiles} the authenticated tiles to cache.
     */
    record Proved(SignedTree tree, boolean[] leafOk, List<VerifiedTile> tiles) implements Step {}

    /** Offline, these cache names are needed and not cached. */
    record Missing(List<String> names) implements Step {}

    /** Offline, cached tiles failed their checks. */
    record Corrupt(CorruptCacheException failure) implements Step {}
  }

  private static final String LATEST = "stored latest note";
  private static final Stored NONE = new Stored(new byte[0], null);

  private final Verifiers verifiers;
  private final SumdbStore store;
  private final AuthenticatedTiles tiles;
  private final boolean storeLatest;
  private final Object lock = new Object();
  private SignedTree latest = SignedTree.empty();
  private boolean initialized;

  History(Verifiers verifiers, SumdbStore store, AuthenticatedTiles tiles, boolean storeLatest) {
    this.verifiers = verifiers;
    this.store = store;
    this.tiles = tiles;
    this.storeLatest = storeLatest;
  }

  /** The newest trusted tree. */
  SignedTree latest() {
    synchronized (lock) {
      return latest;
    }
  }

  /**
   * Begins a call: reads and verifies the store's latest note. On first use its tree is trusted as
   * it is (it was checked before it was stored); later, a tree another process stored is merged
   * like any other ({@link #prove} merges {@link Stored#tree()}).
   *
   * @throws DamagedStateException if the stored note does not verify
   * @throws IOException if the store cannot be read
   */
  Stored begin() throws IOException, DamagedStateException {
    Stored stored = NONE;
    if (storeLatest) {
      byte[] b = store.readLatest();
      if (b != null && b.length > 0) {
        stored = new Stored(b, open(b));
      }
    }
    synchronized (lock) {
      if (!initialized && stored.tree() != null && latest.isEmpty()) {
        latest = stored.tree();
      }
      initialized = true;
    }
    return stored;
  }

  /**
   * Merges {@code trees} (verified signed trees) and the stored one into the history and proves
   * {@code leaves} in the newest tree, reading all tiles needed for both in one authenticated read.
   *
   * @throws LogMisbehaviorException if two of the trees (or one and the trusted history) conflict
   * @throws InconsistentTileException if tiles fail authentication and no evidence can be built
   * @throws VerificationException if a leaf is not in the newest tree
   * @throws IOException if tiles cannot be read (transport), or the server lacks a trusted tree's tiles
   */
  Step prove(Stored stored, List<SignedTree> trees, List<Leaf> leaves) throws IOException, SumdbException {
    List<SignedTree> given = new ArrayList<>(trees);
    if (stored.tree() != null) {
      given.add(0, stored.tree());
    }
    for (;;) {
      SignedTree base = latest();
      List<SignedTree> all = Consistency.distinct(given, base);
      Consistency.checkSameSizes(all, base);
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
      List<VerifiedTile> verified = List.of();
      if (!older.isEmpty() || !leaves.isEmpty()) {
        long[] idx = Consistency.indexes(older, leaves.stream().map(Leaf::id).toList());
        AuthenticatedTiles.HashRead r = tiles.read(newest, idx);
        if (r instanceof AuthenticatedTiles.HashRead.Missing m) {
          return new Step.Missing(m.names());
        }
        if (r instanceof AuthenticatedTiles.HashRead.CorruptCache c) {
          return new Step.Corrupt(corrupt(c));
        }
        if (r instanceof AuthenticatedTiles.HashRead.Unauthentic u) {
          throw rethrow(unauthentic(newest, all, u.failure()));
        }
        AuthenticatedTiles.HashRead.Hashes h = (AuthenticatedTiles.HashRead.Hashes) r;
        LogMisbehaviorException conflict = Consistency.firstConflict(older, h.hashes(), newest, h.more());
        if (conflict != null) {
          throw conflict;
        }
        int pos = h.hashes().size() - leaves.size();
        for (int i = 0; i < leaves.size(); i++) {
          ok[i] = h.hashes().get(pos + i).equals(leaves.get(i).recordHash());
        }
        verified = h.tiles();
      }
      synchronized (lock) {
        if (latest != base) {
          continue; // someone moved the history on: check against the new one
        }
        latest = newest;
      }
      return new Step.Proved(newest, ok, verified);
    }
  }

  /**
   * Brings the store's latest note and ours together at the end of a call: stores ours if it is
   * newer, by compare-and-swap against the note {@link #begin} read ({@code merged}: a step of this
   * call proved it consistent); when another process stored a note meanwhile, verifies and merges
   * it and tries again (x/mod mergeLatest's persistence loop). Offline, a stored tree that cannot
   * be checked for want of tiles is left as it is.
   *
   * @return the authenticated tiles read to merge notes other processes stored, to cache
   */
  List<VerifiedTile> sync(Stored stored, boolean merged) throws IOException, SumdbException {
    List<VerifiedTile> read = new ArrayList<>();
    if (!storeLatest) {
      return read;
    }
    byte[] cur = stored.bytes();
    SignedTree theirs = stored.tree();
    boolean checked = merged;
    for (int attempt = 0; ; attempt++) {
      SignedTree mine = latest();
      if (mine.sameNote(cur)) {
        return read;
      }
      if (theirs != null) {
        if (!checked) {
          Step s = prove(NONE, List.of(theirs), List.of());
          if (s instanceof Step.Missing) {
            return read;
          }
          if (s instanceof Step.Corrupt c) {
            throw c.failure();
          }
          read.addAll(((Step.Proved) s).tiles());
          mine = latest();
        }
        if (theirs.size() >= mine.size()) {
          return read; // the store is as new as we are (or newer, now merged)
        }
      }
      if (mine.isEmpty()) {
        return read;
      }
      if (store.compareAndSwapLatest(cur, mine.note())) {
        return read;
      }
      if (attempt > 1000) {
        throw new IOException("cannot update the stored latest note: too many write conflicts");
      }
      byte[] now = store.readLatest();
      cur = now == null ? new byte[0] : now;
      theirs = cur.length == 0 ? null : open(cur);
      checked = false;
    }
  }

  /**
   * The authenticated hashes of {@code tree} at {@code idx}, read as every proof of this client
   * reads them; whatever keeps them from being had is thrown.
   *
   * @throws MissingDataException offline, if tiles are not cached
   * @throws CorruptCacheException offline, if cached tiles fail authentication
   */
  AuthenticatedTiles.HashRead.Hashes readHashes(SignedTree tree, long[] idx) throws IOException, SumdbException {
    AuthenticatedTiles.HashRead r = tiles.read(tree, idx);
    if (r instanceof AuthenticatedTiles.HashRead.Hashes h) {
      return h;
    }
    if (r instanceof AuthenticatedTiles.HashRead.Unauthentic u) {
      throw rethrow(unauthentic(tree, List.of(tree), u.failure()));
    }
    if (r instanceof AuthenticatedTiles.HashRead.CorruptCache c) {
      throw corrupt(c);
    }
    throw rethrow(AuthenticatedTiles.failureOf(r));
  }

  /** Throws {@code e}, one of the checked exceptions of the client. */
  private static AssertionError rethrow(Exception e) throws IOException, SumdbException {
    if (e instanceof IOException io) {
      throw io;
    }
    if (e instanceof SumdbException s) {
      throw s;
    }
    throw new AssertionError("bad math in History: unexpected failure " + e, e);
  }

  private CorruptCacheException corrupt(AuthenticatedTiles.HashRead.CorruptCache c) {
    return CorruptCacheException.in(store, c.names(), c.reason(), c.cause());
  }

  /**
   * What to throw when {@code tree}'s tiles failed authentication or were not served: evidence of
   * a conflict among {@code all} if some other tree's tiles show one; else why the tiles are
   * unavailable, or the authentication failure itself.
   */
  private Exception unauthentic(SignedTree tree, List<SignedTree> all, Exception failure) {
    LogMisbehaviorException evidence = Consistency.forensics(tiles, tree, all, failure);
    if (evidence != null) {
      return evidence;
    }
    if (failure instanceof NotFoundException nf) {
      // Not "module not found": the server lacks tiles of a tree it signed (or we trust).
      long smaller = all.stream().filter(t -> !t.isEmpty()).mapToLong(SignedTree::size)
          .filter(n -> n < tree.size()).max().orElse(-1);
      String why = smaller < 0 ? "" : "; it also signed tree size " + smaller + ", so it may lag behind the tree"
          + " this client already trusts, or serve another branch of the log: the two cannot be checked"
          + " against each other until it serves these tiles";
      return new IOException("the server does not have the tiles of " + tree + ": " + nf.getMessage() + why, nf);
    }
    return failure;
  }

  private SignedTree open(byte[] b) throws DamagedStateException {
    try {
      return SignedTree.open(LATEST, b, verifiers);
    } catch (SumdbException e) {
      Optional<Path> file = store.pathOf("latest");
      String reason = "the stored latest signed tree does not verify: " + e.getMessage();
      throw file.isPresent() ? new DamagedStateException(file.get(), reason, e)
          : new DamagedStateException(LATEST, reason, e);
    }
  }
}
