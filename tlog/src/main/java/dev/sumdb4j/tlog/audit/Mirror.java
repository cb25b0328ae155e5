package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.TileHashReader;
import dev.sumdb4j.tlog.tile.TileReader;
import dev.sumdb4j.tlog.tile.Tiles;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads a checksum database into a {@link MirrorDir}: every hash tile and every data tile of
 * the newest signed tree. Nothing unverified is stored: each hash tile is authenticated against
 * the signed tree (through {@link TileHashReader}) and each data tile against its authenticated
 * level-0 tile before it is written, atomically. A level-0 tile is written only after its data
 * tile, so a killed run resumes where it stopped: tiles already on disk are read back and
 * authenticated again instead of downloaded (a data tile against its level-0 tile; one damaged on
 * disk is fetched again and rewritten). When the mirror already holds an older signed tree,
 * the new tree must contain it (else {@link VerificationException}: the log forked or the mirror
 * is corrupt). Partial tiles at the right edge are stored under their {@code .p/<W>} names and
 * replaced by wider ones on later runs; {@code latest} is replaced last.
 */
public final class Mirror {
  static final int H = RecordScanner.H;

  private final Remote remote;
  private final Verifiers verifiers;
  private final MirrorDir dir;
  private final int concurrency;
  private final int batchTiles;
  private final AuditProgress progress;

  private Mirror(Builder b) {
    this.remote = Objects.requireNonNull(b.remote, "remote");
    this.verifiers = Objects.requireNonNull(b.verifiers, "verifiers");
    this.dir = Objects.requireNonNull(b.dir, "dir");
    this.concurrency = b.concurrency;
    this.batchTiles = b.batchTiles;
    this.progress = b.progress;
  }

  /** {@return a builder; remote, verifiers and dir are required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The outcome of a run.
   *
   * @param tree the signed tree now mirrored
   * @param previousSize the size of the tree the mirror held before (0 if none)
   * @param tilesWritten tiles downloaded, authenticated and written (repaired ones included)
   * @param tilesKept tiles already in the mirror, authenticated again and kept: hash tiles against
   *     the signed tree, data tiles against their authenticated level-0 tile
   * @param tilesRepaired data tiles in the mirror that failed that check (damaged on disk), fetched
   *     again, authenticated and rewritten
   */
  public record Result(Tree tree, long previousSize, long tilesWritten, long tilesKept, long tilesRepaired) {}

  /**
   * Mirrors the log's newest signed tree.
   *
   * @throws VerificationException if a tile or the tree note does not verify, or the new tree does
   *     not contain the mirror's previous one
   * @throws SumdbException if the server sends malformed data
   * @throws MirrorLockedException if another audit run is using the mirror
   * @throws IOException if the server or the disk fails (a later run resumes)
   * @throws InterruptedException if interrupted (a later run resumes)
   * @return what was mirrored
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public Result run() throws IOException, SumdbException, InterruptedException {
    try (MirrorDir.Lock l = dir.lock()) {
      return runLocked();
    }
  }

  private Result runLocked() throws IOException, SumdbException, InterruptedException {
    dir.removeTemporaryFiles();
    byte[] latest = remote.get("/latest");
    Tree tree = SignedTrees.open("/latest", latest, verifiers).tree();
    long oldSize = 0;
    byte[] oldNote = MirrorDir.readOrNull(dir.latestFile(), MirrorDir.MAX_LATEST_BYTES);
    Tree old = null;
    if (oldNote != null) {
      old = SignedTrees.open(dir.latestFile().toString(), oldNote, verifiers).tree();
      oldSize = old.size();
      if (old.size() > tree.size()) {
        throw new VerificationException("server's latest tree has " + tree.size()
            + " records, fewer than the mirror's " + old.size() + ": not going back");
      }
    }
    Run r = new Run(tree);
    if (tree.size() > 0) {
      HashReader hr = new TileHashReader(tree, r.reader());
      TreeHash.of(tree.size(), hr); // fetches and authenticates the tree's right edge once
      if (old != null && old.size() > 0) {
        Hash h = TreeHash.of(old.size(), hr);
        if (!h.equals(old.hash())) {
          throw new VerificationException("the mirror's signed tree (size " + old.size() + ", hash "
              + old.hash() + ") is not contained in the server's (size " + tree.size() + ", hash "
              + tree.hash() + "), which says " + h + " at that size: the log forked or the mirror is corrupt");
        }
      }
      List<Tile> all = Tiles.newTiles(H, 0, tree.size());
      List<Tile> upper = new ArrayList<>();
      List<Tile> level0 = new ArrayList<>();
      for (Tile t : all) {
        (t.level() == 0 ? level0 : upper).add(t);
      }
      upper.sort((a, b) -> Integer.compare(b.level(), a.level()));
      r.total = upper.size() + 2L * level0.size();
      r.runBatches(upper);
      r.runBatches(level0);
    }
    MirrorDir.writeAtomically(dir.latestFile(), latest);
    return new Result(tree, oldSize, r.written.get(), r.kept.get(), r.repaired.get());
  }

  /** The state of one run, shared by its batches. */
  private final class Run {
    final Tree tree;
    final Map<Tile, byte[]> memory = new ConcurrentHashMap<>(); // untrusted bytes of upper/edge tiles
    final AtomicLong written = new AtomicLong();
    final AtomicLong kept = new AtomicLong();
    final AtomicLong repaired = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    long total;

    Run(Tree tree) {
      this.tree = tree;
    }

    BatchReader reader() {
      return new BatchReader(this);
    }

    void runBatches(List<Tile> tiles) throws IOException, SumdbException, InterruptedException {
      ExecutorService ex = Executors.newFixedThreadPool(concurrency, DaemonThreads.factory("sumdb4j-mirror"));
      try {
        List<Future<Void>> fs = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i += batchTiles) {
          List<Tile> batch = tiles.subList(i, Math.min(tiles.size(), i + batchTiles));
          fs.add(ex.submit(() -> {
            batch(batch);
            return null;
          }));
        }
        for (Future<Void> f : fs) {
          try {
            f.get();
          } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
              throw (IOException) c;
            } else if (c instanceof SumdbException) {
              throw (SumdbException) c;
            } else if (c instanceof InterruptedException) {
              throw (InterruptedException) c;
            } else if (c instanceof RuntimeException) {
              throw (RuntimeException) c;
            } else if (c instanceof Error) {
              throw (Error) c;
            }
            throw new IOException(c);
          }
        }
      } finally {
        // On a failure the other batches are still writing: return only once they have stopped,
        // so no temporary file outlives the run.
        ex.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
          while (!ex.awaitTermination(1, TimeUnit.MINUTES)) {
            // a batch blocked in I/O finishes or fails within its request timeout
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Authenticates and stores the tiles of {@code batch} (all of one level). */
    void batch(List<Tile> batch) throws IOException, SumdbException {
      BatchReader br = reader();
      HashReader hr = new TileHashReader(tree, br);
      long[] idx = new long[batch.size()];
      for (int i = 0; i < idx.length; i++) {
        Tile t = batch.get(i);
        idx[i] = StoredHashes.index(t.level() * H, (t.index() << H) + t.width() - 1);
      }
      hr.readHashes(idx);
      RecordScanner scanner = new RecordScanner();
      for (Tile t : batch) {
        if (t.level() != 0) {
          continue;
        }
        byte[] auth = br.authenticated.get(t);
        if (auth == null) {
          throw new AssertionError("bad math in Mirror: " + t.path() + " was not authenticated");
        }
        Tile d = t.dataTile();
        byte[] onDisk = br.fromDisk.contains(t) ? dir.readOrNull(d) : null;
        if (onDisk != null && authentic(scanner, d, onDisk, auth)) {
          kept.addAndGet(2);
        } else {
          if (onDisk != null) {
            repaired.incrementAndGet(); // damaged on disk: replaced by the server's, authenticated
          }
          byte[] data = fetch(d);
          checkData(scanner, d, data, auth);
          dir.write(d, data);
          if (!br.fromDisk.contains(t)) {
            dir.write(t, auth);
            written.incrementAndGet();
          } else {
            kept.incrementAndGet();
          }
          written.incrementAndGet();
        }
        progress.progress(done.addAndGet(2), total);
      }
      for (Map.Entry<Tile, byte[]> e : br.authenticated.entrySet()) {
        Tile t = e.getKey();
        if (t.level() > 0 && !dir.has(t)) {
          dir.write(t, e.getValue());
          if (batch.contains(t)) {
            written.incrementAndGet();
          }
        } else if (t.level() > 0 && batch.contains(t)) {
          kept.incrementAndGet();
        }
      }
      for (Tile t : batch) {
        if (t.level() > 0) {
          progress.progress(done.incrementAndGet(), total);
        }
      }
    }

    byte[] fetch(Tile t) throws IOException {
      try {
        return remote.get("/" + t.path());
      } catch (NotFoundException e) {
        if (t.isFull()) {
          throw e;
        }
        // A partial tile may be gone once the full one exists: read it and truncate.
        return truncate(t, remote.get("/" + t.full().path()));
      }
    }

    /** Whether data tile {@code d} (read from the mirror) matches its authenticated level-0 tile. */
    boolean authentic(RecordScanner s, Tile d, byte[] data, byte[] level0) {
      try {
        checkData(s, d, data, level0);
        return true;
      } catch (SumdbException e) {
        return false;
      }
    }

    /** Checks the records of data tile {@code d} against its authenticated level-0 tile. */
    void checkData(RecordScanner s, Tile d, byte[] data, byte[] level0) throws SumdbException {
      String source = "/" + d.path();
      s.split(source, d, data, data.length);
      byte[] h = new byte[Hash.SIZE];
      long first = d.index() << H;
      for (int i = 0; i < d.width(); i++) {
        s.recordHash(data, s.starts[i], s.ends[i], h, 0);
        if (!Arrays.equals(h, 0, Hash.SIZE, level0, i * Hash.SIZE, (i + 1) * Hash.SIZE)) {
          throw new VerificationException(source + ": record " + (first + i) + " (#" + i
              + ", at byte offset " + s.starts[i] + ") hashes to " + Hash.of(h)
              + ", but the authenticated tile " + d.full().path().replace("/data/", "/0/")
              + " says " + Hash.of(level0, i * Hash.SIZE));
        }
      }
    }
  }

  /** Returns the first {@code t.width()} entries of {@code full}, a wider version of {@code t}. */
  static byte[] truncate(Tile t, byte[] full) {
    if (t.level() >= 0) {
      long want = (long) t.width() * Hash.SIZE;
      return full.length > want ? Arrays.copyOf(full, (int) want) : full;
    }
    int records = 0;
    for (int j = 0; j + 1 < full.length; j++) {
      if (full[j] == '\n' && full[j + 1] == '\n') {
        if (++records == t.width()) {
          return Arrays.copyOf(full, j + 2);
        }
        j++;
      }
    }
    return full;
  }

  /** Reads tiles for one batch: memory, then disk, then the server. */
  private final class BatchReader implements TileReader {
    private final Run run;
    final Map<Tile, byte[]> authenticated = new LinkedHashMap<>();
    final Set<Tile> fromDisk = ConcurrentHashMap.newKeySet();

    BatchReader(Run run) {
      this.run = run;
    }

    @Override
    public int height() {
      return H;
    }

    @Override
    public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
      List<byte[]> out = new ArrayList<>(tiles.size());
      for (Tile t : tiles) {
        boolean shared = t.level() > 0 || !t.isFull();
        byte[] b = shared ? run.memory.get(t) : null;
        if (b == null) {
          b = dir.readOrNull(t);
          if (b != null) {
            fromDisk.add(t);
          } else {
            b = run.fetch(t);
          }
          if (shared) {
            run.memory.put(t, b);
          }
        } else if (t.level() == 0 && dir.has(t)) {
          fromDisk.add(t);
        }
        out.add(b);
      }
      return out;
    }

    @Override
    public void saveTiles(List<VerifiedTile> tiles) {
      for (VerifiedTile t : tiles) {
        authenticated.put(t.tile(), t.data());
      }
    }
  }

  /** Configures a {@link Mirror}. */
  public static final class Builder {
    private Remote remote;
    private Verifiers verifiers;
    private MirrorDir dir;
    private int concurrency = 8;
    private int batchTiles = 16;
    private AuditProgress progress = AuditProgress.NONE;

    private Builder() {}

    /**
     * The log server (untrusted).
     *
     * @param remote the log server
     * @return this builder
     */
    public Builder remote(Remote remote) {
      this.remote = remote;
      return this;
    }

    /**
     * The keys the log's tree notes must be signed with.
     *
     * @param verifiers the verifier keys
     * @return this builder
     */
    public Builder verifiers(Verifiers verifiers) {
      this.verifiers = verifiers;
      return this;
    }

    /**
     * The mirror directory.
     *
     * @param dir the mirror directory
     * @return this builder
     */
    public Builder dir(MirrorDir dir) {
      this.dir = dir;
      return this;
    }

    /**
     * Parallel downloads, 1 to 256 (default 8).
     *
     * @param n the number of parallel downloads
     * @return this builder
     */
    public Builder concurrency(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("concurrency must be 1..256, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    /**
     * Tiles authenticated together, 1 to 1024 (default 16).
     *
     * @param n the number of tiles per batch
     * @return this builder
     */
    public Builder batchTiles(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("batchTiles must be 1..1024, got " + n);
      }
      this.batchTiles = n;
      return this;
    }

    /**
     * Receives progress in tiles (default none).
     *
     * @param progress the progress receiver
     * @return this builder
     */
    public Builder progress(AuditProgress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** {@return the configured job} */
    public Mirror build() {
      return new Mirror(this);
    }
  }
}
