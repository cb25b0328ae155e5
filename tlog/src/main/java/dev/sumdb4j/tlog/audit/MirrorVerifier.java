package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.StateFiles;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.Tiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies a {@link MirrorDir} offline against its signed {@code latest} tree: every data tile
 * parses strictly (exactly W valid records, nothing trailing), every record hashes to its entry in
 * the level-0 tile, every tile of every level hashes to its entry in the tile above, the tree
 * hash recomputed from the tiles equals the signed one, and no module version is logged twice.
 * Every problem is located by file, record id and byte offset.
 *
 * <p>The work is split into chunks of {@value #CHUNK_TILES} level-0 tiles (32,768 records),
 * checked in parallel; a chunk depends only on its own tiles and one level-1 tile, so chunks can
 * also be spread across machines (each checking a range of level-0 tiles, the upper levels and
 * the index merge being small). Progress, problems and the on-disk {@link DuplicateIndex} live
 * under {@code verify/} in a state directory ({@link MirrorDir#defaultStateDir()} unless given),
 * never in the mirror, which is only read; a killed run resumes from the chunks it finished. Memory does
 * not grow with the log: one set of buffers per thread, and the index is scanned a bucket at a
 * time.
 */
public final class MirrorVerifier {
  static final int CHUNK_TILES = 128;
  private static final int H = RecordScanner.H;

  private final MirrorDir dir;
  private final Path stateRoot;
  private final Verifiers verifiers;
  private final int threads;
  private final int maxProblems;
  private final AuditProgress progress;

  private MirrorVerifier(MirrorDir dir, Path stateRoot, Verifiers verifiers, int threads, int maxProblems,
      AuditProgress progress) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.stateRoot = Objects.requireNonNull(stateRoot, "stateRoot").toAbsolutePath().normalize();
    this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
    if (threads < 1 || threads > 256 || maxProblems < 0) {
      throw new IllegalArgumentException("threads must be 1..256 and maxProblems >= 0");
    }
    this.threads = threads;
    this.maxProblems = maxProblems;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * {@return a verifier of {@code dir} whose {@code latest} must be signed by one of {@code
   * verifiers}, using {@code threads} threads, listing at most {@code maxProblems} problems}
   *
   * @param dir the mirror
   * @param verifiers the keys {@code latest} must be signed with
   * @param threads the number of threads, at least 1
   * @param maxProblems the most problems listed, at least 1
   * @param progress receives progress
   */
  public static MirrorVerifier of(MirrorDir dir, Verifiers verifiers, int threads, int maxProblems,
      AuditProgress progress) {
    return of(dir, dir.defaultStateDir(), verifiers, threads, maxProblems, progress);
  }

  /**
   * As {@link #of(MirrorDir, Verifiers, int, int, AuditProgress)}, keeping the state in {@code
   * stateDir} (created if needed) instead of the default beside the mirror.
   *
   * @param dir the mirror
   * @param stateDir the state directory
   * @param verifiers the keys {@code latest} must be signed with
   * @param threads the number of threads, at least 1
   * @param maxProblems the most problems listed, at least 1
   * @param progress receives progress
   * @return the verifier
   */
  public static MirrorVerifier of(MirrorDir dir, Path stateDir, Verifiers verifiers, int threads, int maxProblems,
      AuditProgress progress) {
    return new MirrorVerifier(dir, stateDir, verifiers, threads, maxProblems, progress);
  }

  Path stateDir() {
    return stateRoot.resolve("verify");
  }

  /** Takes the locks of a run that reads the mirror and keeps its state in {@code stateRoot}. */
  static Locks lock(MirrorDir dir, Path stateRoot) throws IOException {
    if (stateRoot.equals(dir.stateDir())) { // the mirror's own .audit (where earlier versions kept it): one lock
      MirrorDir.Lock l = dir.lock();
      return new Locks(l, l);
    }
    MirrorDir.Lock read = dir.readLock();
    try {
      return new Locks(read, MirrorDir.lockState(stateRoot));
    } catch (IOException | RuntimeException e) {
      read.close();
      throw e;
    }
  }

  /** The mirror's lock, shared, and the state directory's. */
  record Locks(MirrorDir.Lock mirror, MirrorDir.Lock state) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        state.close();
      } finally {
        mirror.close();
      }
    }
  }

  /**
   * Verifies the mirror, resuming an interrupted run of the same tree.
   *
   * @throws NotAMirrorException if {@code latest} is missing (the directory is not a mirror)
   * @throws SumdbException if {@code latest} is malformed or not signed by a known key
   * @throws MirrorLockedException if {@code audit mirror} is writing the mirror, or another run
   *     uses the state directory
   * @throws IOException if the disk fails (a later run resumes), or the state directory cannot be
   *     created or written
   * @return the report: the tree, and every problem found (up to the limit)
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public VerifyReport run() throws IOException, SumdbException {
    dir.requireMirror();
    try (Locks l = lock(dir, stateRoot)) {
      return run(false);
    }
  }

  /**
   * As {@link #run()}, for a caller holding the mirror's lock; with {@code reuseComplete}, a
   * finished check of the same tree is not redone (its problems are reported again and the index
   * reused), as record lookups need.
   */
  VerifyReport run(boolean reuseComplete) throws IOException, SumdbException {
    Tree tree = readTree();
    long tiles0 = (tree.size() + (1 << H) - 1) >>> H;
    int chunks = (int) ((tiles0 + CHUNK_TILES - 1) / CHUNK_TILES);
    int buckets = DuplicateIndex.bucketsFor(tree.size());
    Path sd = stateDir();
    VerifyState state = VerifyState.loadFor(sd.resolve("state"), tree, buckets, chunks);
    if (state != null && state.doneCount() == chunks && !reuseComplete) {
      state = null; // a finished run: check again from scratch
    }
    boolean resumed = state != null && state.doneCount() > 0;
    Thread cleanup = null;
    if (state == null) {
      cleanup = discard(sd);
      Files.createDirectories(sd);
      state = new VerifyState(sd.resolve("state"), tree, buckets, chunks, new BitSet());
      state.save();
    }
    try {
      return check(tree, state, sd, buckets, resumed);
    } finally {
      if (cleanup != null) {
        try {
          cleanup.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private VerifyReport check(Tree tree, VerifyState state, Path sd, int buckets, boolean resumed)
      throws IOException {
    Path problemsFile = sd.resolve("problems");
    Set<Tile> badTiles = ConcurrentHashMap.newKeySet();
    try (DuplicateIndex index = new DuplicateIndex(sd.resolve("index"), buckets)) {
      index.truncateTorn();
      runChunks(tree, state, index, problemsFile, badTiles);
    }
    Set<AuditProblem> problems = new LinkedHashSet<>();
    byte[] problemLines = MirrorDir.readOrNull(problemsFile, Integer.MAX_VALUE - 8); // this run's own lines
    if (problemLines != null) {
      new String(problemLines, StandardCharsets.UTF_8).lines().forEach(line -> {
        AuditProblem p = AuditProblem.fromLine(line);
        if (p != null) {
          problems.add(p);
        }
      });
    }
    // A resumed run lost the tiles blamed by earlier chunks; the problems name them.
    for (AuditProblem p : problems) {
      try {
        badTiles.add(Tile.parsePath(p.path()));
      } catch (MalformedInputException e) {
        // "latest" or another non-tile path
      }
    }
    UpperLevels upper = new UpperLevels(dir, tree, badTiles);
    problems.addAll(upper.check());
    resolveRightEdge(tree, problems, upper.treeHashOk);
    List<Duplicate> duplicates = new ArrayList<>();
    try (DuplicateIndex index = new DuplicateIndex(sd.resolve("index"), buckets)) {
      RecordReader rr = new RecordReader(dir, tree.size());
      index.forEachCollision(threads, (fp, ids) -> {
        Map<String, List<Long>> byKey = new TreeMap<>();
        for (long id : ids) {
          String key = rr.keyOrNull(id);
          if (key != null) {
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
          }
        }
        byKey.forEach((k, v) -> {
          if (v.size() > 1) {
            duplicates.add(new Duplicate(k, v));
          }
        });
      });
    }
    List<AuditProblem> listed = new ArrayList<>();
    for (AuditProblem p : problems) {
      if (listed.size() < maxProblems) {
        listed.add(p);
      }
    }
    return new VerifyReport(tree, tree.size(), listed, problems.size(), duplicates, resumed);
  }

  /**
   * Blames a mismatch between the records and the partial level-0 tile at the right edge (which
   * has no parent entry) on one of them using the signed tree hash: if the stored tiles hash to
   * it, the records are wrong; if the tiles with the records' hashes do, the tile is.
   */
  private void resolveRightEdge(Tree tree, Set<AuditProblem> problems, boolean treeHashOk)
      throws IOException {
    List<AuditProblem> ambiguous = new ArrayList<>();
    for (AuditProblem p : problems) {
      if (p.message().endsWith(ChunkChecker.AMBIGUOUS)) {
        ambiguous.add(p);
      }
    }
    if (ambiguous.isEmpty()) {
      return;
    }
    Tile edge = ChunkChecker.level0((tree.size() - 1) >>> H, tree.size());
    boolean blameData = treeHashOk;
    boolean blameTile = false;
    if (!treeHashOk && !edge.isFull()) {
      byte[] data = dir.readOrNull(edge.dataTile());
      RecordScanner s = new RecordScanner();
      try {
        s.split(edge.dataTile().path(), edge.dataTile(), data, data.length);
        byte[] hashes = new byte[edge.width() * Hash.SIZE];
        for (int i = 0; i < edge.width(); i++) {
          s.recordHash(data, s.starts[i], s.ends[i], hashes, i * Hash.SIZE);
        }
        Hash h = TreeHash.of(tree.size(), new DiskHashReader(dir, tree.size(), edge, hashes));
        blameTile = h.equals(tree.hash());
      } catch (SumdbException | RuntimeException e) {
        blameTile = false;
      }
    }
    if (!blameData && !blameTile) {
      return;
    }
    for (AuditProblem p : ambiguous) {
      problems.remove(p);
      boolean isTile = !p.path().startsWith("tile/8/data/");
      if (isTile == blameTile) {
        String m = p.message();
        problems.add(new AuditProblem(p.path(), p.record(), p.offset(),
            m.substring(0, m.length() - ChunkChecker.AMBIGUOUS.length())));
      }
    }
  }

  private Tree readTree() throws IOException, SumdbException {
    byte[] latest;
    try {
      latest = RegularFiles.read(dir.latestFile(), MirrorDir.MAX_LATEST_BYTES, false);
    } catch (NoSuchFileException e) {
      throw new NotAMirrorException(dir.root());
    }
    return SignedTrees.open(dir.latestFile().toString(), latest, verifiers).tree();
  }

  private void runChunks(Tree tree, VerifyState state, DuplicateIndex index, Path problemsFile,
      Set<Tile> badTiles) throws IOException {
    long tiles0 = (tree.size() + (1 << H) - 1) >>> H;
    AtomicInteger next = new AtomicInteger();
    AtomicLong doneTiles = new AtomicLong();
    for (int c = 0; c < state.chunks; c++) {
      if (state.isDone(c)) {
        doneTiles.addAndGet(Math.min(CHUNK_TILES, tiles0 - (long) c * CHUNK_TILES));
      }
    }
    Object problemsLock = new Object();
    // A thread writes its index entries and problems, then marks its chunks done, every few
    // chunks: fewer, larger appends to the bucket files (each append costs the kernel an inode
    // time update and a page lookup per bucket). Small logs flush after every chunk, so that
    // they too have progress to resume from.
    int flushEvery = Math.max(1, Math.min(4, state.chunks / (8 * threads)));
    Workers workers = new Workers();
    Throwable f = workers.run(threads, "sumdb4j-verify", () -> {
      ChunkChecker cc = new ChunkChecker(dir, tree.size(), badTiles);
      List<Integer> pending = new ArrayList<>();
      long pendingTiles = 0;
      for (int c; (c = next.getAndIncrement()) < state.chunks && !workers.failed(); ) {
        if (state.isDone(c)) {
          continue;
        }
        long from = (long) c * CHUNK_TILES;
        long to = Math.min(tiles0, from + CHUNK_TILES);
        cc.check(from, to);
        pending.add(c);
        pendingTiles += to - from;
        if (pending.size() >= flushEvery) {
          flush(cc, pending, index, state, problemsFile, problemsLock);
          progress.progress(doneTiles.addAndGet(pendingTiles), tiles0);
          pendingTiles = 0;
        }
      }
      if (!pending.isEmpty() && !workers.failed()) {
        flush(cc, pending, index, state, problemsFile, problemsLock);
        progress.progress(doneTiles.addAndGet(pendingTiles), tiles0);
      }
    });
    state.save();
    Workers.rethrow(f, "audit verify interrupted");
  }

  /**
   * Appends the index entries and problems {@code cc} gathered for the {@code pending} chunks,
   * then marks them done (in that order, so a crash in between only redoes them) and resets both.
   */
  private static void flush(ChunkChecker cc, List<Integer> pending, DuplicateIndex index,
      VerifyState state, Path problemsFile, Object problemsLock) throws IOException {
    index.append(cc.pairs, cc.npairs, cc.appendBuffer());
    if (!cc.problems.isEmpty()) {
      StringBuilder b = new StringBuilder();
      for (AuditProblem p : cc.problems) {
        b.append(p.toLine()).append('\n');
      }
      synchronized (problemsLock) {
        try (java.nio.channels.FileChannel ch = StateFiles.openForWrite(problemsFile, true)) { // never a link
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      }
    }
    for (int c : pending) {
      state.markDone(c);
    }
    pending.clear();
    cc.reset();
  }

  /**
   * Moves the state of an earlier run out of the way at once and deletes it, and any such state a
   * killed run left behind, on a background thread: freeing a large index takes the kernel a
   * second or more, which then overlaps the check instead of preceding it. A deletion that fails
   * is left to the next run. Returns the thread, or null if there is nothing to delete.
   */
  private static Thread discard(Path sd) throws IOException {
    String prefix = sd.getFileName() + ".old-";
    if (Files.exists(sd)) {
      Files.move(sd, sd.resolveSibling(prefix + ProcessHandle.current().pid() + "-" + System.nanoTime()),
          StandardCopyOption.ATOMIC_MOVE);
    }
    List<Path> old = new ArrayList<>();
    if (Files.isDirectory(sd.getParent())) {
      try (var s = Files.newDirectoryStream(sd.getParent(), prefix + "*")) {
        s.forEach(old::add);
      }
    }
    if (old.isEmpty()) {
      return null;
    }
    return DaemonThreads.start("sumdb4j-verify-cleanup", () -> {
      for (Path p : old) {
        try {
          deleteTree(p);
        } catch (IOException | UncheckedIOException e) {
          // left for the next run
        }
      }
    });
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** Checks levels 1 and up, bottom-up, and the tree hash; single-threaded (small). */
  private static final class UpperLevels {
    private final MirrorDir dir;
    private final Tree tree;
    private final Set<Tile> badTiles;
    private final RecordScanner s = new RecordScanner();
    boolean treeHashOk;

    UpperLevels(MirrorDir dir, Tree tree, Set<Tile> badTiles) {
      this.dir = dir;
      this.tree = tree;
      this.badTiles = badTiles;
    }

    List<AuditProblem> check() throws IOException {
      List<AuditProblem> out = new ArrayList<>();
      if (tree.size() == 0) {
        if (!tree.hash().equals(Hash.emptyTree())) {
          out.add(new AuditProblem("latest", -1, -1, "empty tree with hash " + tree.hash()
              + ", want " + Hash.emptyTree()));
        }
        return out;
      }
      List<Tile> all = new ArrayList<>(Tiles.newTiles(H, 0, tree.size()));
      all.removeIf(t -> t.level() == 0);
      all.sort((a, b) -> a.level() != b.level() ? Integer.compare(a.level(), b.level())
          : Long.compare(a.index(), b.index()));
      byte[] root = new byte[Hash.SIZE];
      Tile parent = null;
      byte[] pdata = null;
      for (Tile t : all) {
        byte[] data = dir.readOrNull(t);
        if (data == null) {
          out.add(new AuditProblem(t.path(), -1, -1, "missing"));
          badTiles.add(t);
          continue;
        }
        if (data.length != t.width() * Hash.SIZE) {
          out.add(new AuditProblem(t.path(), -1, Math.min(data.length, t.width() * Hash.SIZE),
              "tile has " + data.length + " bytes, want " + t.width() * Hash.SIZE));
          badTiles.add(t);
          continue;
        }
        if (!t.isFull() || badTiles.contains(t)) {
          continue;
        }
        Tile p = t.parent(1, tree.size()).orElse(null);
        if (p == null) {
          continue;
        }
        if (!p.equals(parent)) {
          parent = p;
          pdata = dir.readOrNull(p);
          if (pdata != null && pdata.length != p.width() * Hash.SIZE) {
            pdata = null;
          }
        }
        if (pdata == null) {
          continue; // reported when its own turn comes
        }
        s.subtreeHash(data, 1 << H, root, 0);
        int off = (int) (t.index() & ((1 << H) - 1)) * Hash.SIZE;
        int m = java.util.Arrays.mismatch(root, 0, Hash.SIZE, pdata, off, off + Hash.SIZE);
        if (m >= 0) {
          badTiles.add(p);
          out.add(new AuditProblem(p.path(), -1, off + m, "entry #" + off / Hash.SIZE + " is "
              + Hash.of(pdata, off) + ", but " + t.path() + " (consistent with the level below) hashes to "
              + Hash.of(root)));
        }
      }
      try {
        Hash h = TreeHash.of(tree.size(), new DiskHashReader(dir, tree.size(), null, null));
        treeHashOk = h.equals(tree.hash());
        if (!treeHashOk) {
          out.add(new AuditProblem("latest", -1, -1, "tree hash recomputed from the tiles is " + h
              + ", but the signed tree says " + tree.hash()));
        }
      } catch (SumdbException e) {
        out.add(new AuditProblem("latest", -1, -1, "cannot recompute the tree hash: " + e.getMessage()));
      }
      return out;
    }
  }

  /** Reads stored hashes from the mirror's tiles without authentication (the caller compares). */
  private static final class DiskHashReader implements HashReader {
    private final MirrorDir dir;
    private final long treeSize;
    private final Tile replaced;
    private final byte[] replacement;

    /** Reads the mirror's tiles, except {@code replaced} (if not null), read as {@code replacement}. */
    DiskHashReader(MirrorDir dir, long treeSize, Tile replaced, byte[] replacement) {
      this.dir = dir;
      this.treeSize = treeSize;
      this.replaced = replaced;
      this.replacement = replacement;
    }

    @Override
    public List<Hash> readHashes(long[] indexes) throws IOException, SumdbException {
      List<Hash> out = new ArrayList<>(indexes.length);
      for (long x : indexes) {
        Tile t = Tile.forIndex(H, x).parent(0, treeSize).orElseThrow(
            () -> new AssertionError("bad math in DiskHashReader: index outside tree"));
        byte[] data = t.equals(replaced) ? replacement : dir.readOrNull(t);
        if (data == null || data.length != t.width() * Hash.SIZE) {
          throw new SumdbException(t.path() + " is missing or has the wrong size");
        }
        out.add(t.hashFromTile(data, x));
      }
      return out;
    }
  }
}
