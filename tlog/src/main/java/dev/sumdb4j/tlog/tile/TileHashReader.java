package dev.sumdb4j.tlog.tile;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link HashReader} for a signed tree that reads tiles from a {@link TileReader} and returns a
 * hash only after authenticating every tile it came from: the tiles holding the tree's complete
 * subtrees must hash to the tree hash, and every other tile must hash to its entry in its
 * (authenticated) parent tile. Only then are the tiles offered to {@link TileReader#saveTiles}.
 *
 * <p>Unlike golang.org/x/mod before v0.40.0, every tile that is not a tree-hash tile is checked
 * against its parent (CVE-2026-56865: x/mod skipped the first few child tiles).
 */
public final class TileHashReader implements HashReader {
  /** Below this many tiles to hash, a read hashes on the calling thread alone. */
  private static final int PARALLEL_MIN_TILES = 32;

  private final Tree tree;
  private final TileReader reader;
  private final Executor hashing;
  private final int parallelism;

  /**
   * Creates a reader of the hashes of {@code tree} (trusted, e.g. from a verified note).
   *
   * @param tree the tree whose hashes are read, trusted
   * @param reader reads the tiles (unauthenticated data: this reader authenticates it)
   */
  public TileHashReader(Tree tree, TileReader reader) {
    this(tree, reader, null, 1);
  }

  /**
   * Creates a reader of the hashes of {@code tree} that, for a read of many tiles, hashes them in up
   * to {@code parallelism} parts at once: one on the calling thread, the others on {@code hashing}.
   * What is checked, in what order, and every verdict are those of the single-threaded reader.
   *
   * @param tree the tree whose hashes are read, trusted
   * @param reader reads the tiles (unauthenticated data: this reader authenticates it)
   * @param hashing runs the parts not hashed on the calling thread
   * @param parallelism the most parts hashed at once, at least 1
   */
  public TileHashReader(Tree tree, TileReader reader, Executor hashing, int parallelism) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.reader = Objects.requireNonNull(reader, "reader");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (parallelism > 1) {
      Objects.requireNonNull(hashing, "hashing");
    }
    this.hashing = hashing;
    this.parallelism = parallelism;
  }

  /**
   * Returns the authenticated hashes at {@code storedIndexes}, in order.
   *
   * @throws SumdbException if an index is not in the tree ("indexes not in tree"), the tile reader
   *     returns the wrong number or size of tiles
   * @throws InconsistentTileException if a tile does not match the signed tree
   * @throws IOException if the tile reader fails
   */
  @Override
  public List<Hash> readHashes(long[] storedIndexes) throws IOException, SumdbException {
    int h = reader.height();
    if (h < 1 || h > 30) {
      throw new SumdbException("invalid tile height " + h + " from TileReader");
    }
    long n = tree.size();
    long limit = StoredHashes.count(n);
    for (long x : storedIndexes) {
      if (x < 0 || x >= limit) {
        throw new SumdbException("indexes not in tree: stored hash " + x + " is not in a tree of size " + n);
      }
    }
    List<Tile> tiles = new ArrayList<>();
    Map<Tile, Integer> order = new HashMap<>();
    long[] stx = StoredHashes.subtrees(0, n);
    int[] stxTile = new int[stx.length];
    for (int i = 0; i < stx.length; i++) {
      Tile t = clip(Tile.forIndex(h, stx[i]), 0, n);
      stxTile[i] = order.computeIfAbsent(t, k -> add(tiles, k));
    }
    // The CVE-2026-56865 fix: children start after the DISTINCT tree-hash tiles.
    int treeTiles = tiles.size();
    int[] indexTile = new int[storedIndexes.length];
    for (int i = 0; i < storedIndexes.length; i++) {
      Tile base = Tile.forIndex(h, storedIndexes[i]);
      int k = 0;
      while (!order.containsKey(parentOrNull(base, k, n))) {
        if (++k > 64) {
          throw new AssertionError("bad math in tileHashReader: no planned ancestor of " + base.path());
        }
      }
      for (int kk = k - 1; kk >= 0; kk--) {
        Tile p = clip(base, kk, n);
        if (!p.isFull()) {
          throw new AssertionError("bad math in tileHashReader: " + base.path() + " parent " + kk
              + " is partial " + p.path() + " in tree of size " + n);
        }
        order.put(p, tiles.size());
        tiles.add(p);
      }
      indexTile[i] = order.get(clip(base, 0, n));
    }

    List<byte[]> data = checkShape(tiles, reader.readTiles(List.copyOf(tiles)));

    // Authenticate the tree-hash tiles against the signed tree hash.
    if (n > 0) {
      Hash acc = tiles.get(stxTile[stx.length - 1]).hashFromTile(data.get(stxTile[stx.length - 1]), stx[stx.length - 1]);
      for (int i = stx.length - 2; i >= 0; i--) {
        acc = Hash.ofNode(tiles.get(stxTile[i]).hashFromTile(data.get(stxTile[i]), stx[i]), acc);
      }
      if (!acc.equals(tree.hash())) {
        throw new InconsistentTileException(tiles.get(treeTiles - 1), tiles.subList(0, treeTiles), tree, acc, tree.hash());
      }
    }
    // Authenticate every other tile against its parent, which comes earlier in the list.
    Hash[] got = subtreeHashes(tiles, data, treeTiles);
    for (int i = treeTiles; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      Tile p = parentOrNull(t, 1, n);
      Integer j = p == null ? null : order.get(p);
      if (j == null || j >= i) {
        throw new AssertionError("bad math in tileHashReader: lost parent of " + t.path());
      }
      Hash want = p.hashFromTile(data.get(j), StoredHashes.index(p.level() * p.height(), t.index()));
      if (!got[i].equals(want)) {
        throw new InconsistentTileException(t, List.of(t), tree, got[i], want);
      }
    }
    List<VerifiedTile> verified = new ArrayList<>(tiles.size());
    for (int i = 0; i < tiles.size(); i++) {
      verified.add(new VerifiedTile(tiles.get(i), data.get(i), tree));
    }
    reader.saveTiles(List.copyOf(verified));

    List<Hash> out = new ArrayList<>(storedIndexes.length);
    for (int i = 0; i < storedIndexes.length; i++) {
      out.add(tiles.get(indexTile[i]).hashFromTile(data.get(indexTile[i]), storedIndexes[i]));
    }
    return out;
  }

  /**
   * The hash of every tile from {@code from} on, each over its whole width (null before {@code
   * from}). Parts are claimed by whichever thread comes first, the calling thread included, so a
   * busy or stopped executor only makes the read slower, never stuck.
   */
  private Hash[] subtreeHashes(List<Tile> tiles, List<byte[]> data, int from) {
    Hash[] out = new Hash[tiles.size()];
    int count = tiles.size() - from;
    int parts = Math.min(parallelism, count / PARALLEL_MIN_TILES);
    if (parts <= 1) {
      hashRange(tiles, data, out, from, tiles.size());
      return out;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(parts);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
        try {
          hashRange(tiles, data, out, from + (int) ((long) count * p / parts), from + (int) ((long) count * (p + 1) / parts));
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    };
    for (int p = 1; p < parts; p++) {
      try {
        hashing.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the calling thread hashes what nobody else claims
      }
    }
    worker.run();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the parts others claimed finish quickly: wait for them, then restore
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error err) {
      throw err;
    }
    return out;
  }

  private static void hashRange(List<Tile> tiles, List<byte[]> data, Hash[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = Hash.ofSubtree(data.get(i), 0, tiles.get(i).width());
    }
  }

  private static int add(List<Tile> tiles, Tile t) {
    tiles.add(t);
    return tiles.size() - 1;
  }

  private static Tile parentOrNull(Tile t, int k, long n) {
    return t.parent(k, n).orElse(null);
  }

  private static Tile clip(Tile t, int k, long n) {
    Optional<Tile> p = t.parent(k, n);
    if (p.isEmpty()) {
      throw new AssertionError("bad math in tileHashReader: " + t.path() + " parent " + k
          + " is outside tree of size " + n);
    }
    return p.get();
  }

  private static List<byte[]> checkShape(List<Tile> tiles, List<byte[]> data) throws SumdbException {
    if (data == null || data.size() != tiles.size()) {
      throw new SumdbException("TileReader returned bad result slice (len="
          + (data == null ? "null" : data.size()) + ", want " + tiles.size() + ")");
    }
    List<byte[]> copy = new ArrayList<>(data.size());
    for (int i = 0; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      byte[] d = data.get(i);
      long want = (long) t.width() * Hash.SIZE;
      if (d == null || d.length != want) {
        throw new MalformedInputException(t.path(), -1, "TileReader returned bad result slice ("
            + t.path() + " len=" + (d == null ? "null" : d.length) + ", want " + want + ")");
      }
      copy.add(d.clone()); // the reader must not change what we authenticated
    }
    return copy;
  }

  @Override
  public String toString() {
    return "TileHashReader(" + tree + ")";
  }
}
