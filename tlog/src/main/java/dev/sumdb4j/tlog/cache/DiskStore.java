package dev.sumdb4j.tlog.cache;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.StateFiles;
import dev.sumdb4j.tlog.client.VerifiedLookup;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.http.ResponseCaps;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link SumdbStore} in the go command's own on-disk layout, so the two share a cache:
 *
 * <pre>
 * $GOMODCACHE/cache/download/sumdb/&lt;name&gt;/lookup/&lt;escaped path&gt;@&lt;escaped version&gt;
 * $GOMODCACHE/cache/download/sumdb/&lt;name&gt;/tile/&lt;H&gt;/&lt;L&gt;/&lt;NNN&gt;[.p/&lt;W&gt;]
 * $GOPATH/pkg/sumdb/&lt;name&gt;/latest
 * </pre>
 *
 * <p>Every write goes to a temporary file in the target's directory that is then renamed over the
 * target atomically, so a reader sees the old or the new content, never a part. An empty file
 * counts as missing. {@link #compareAndSwapLatest} holds an exclusive lock on {@code latest.lock}
 * beside {@code latest}, which serializes it between processes and (with an in-process lock)
 * between threads. Names are validated so that nothing is read or written outside the cache, and
 * reads are bounded in size. Safe for concurrent use.
 *
 * <p>Interoperation: the go command locks with {@code flock} and this class with the JVM's
 * {@code FileLock} ({@code fcntl} on Linux), which do not exclude each other; a go command
 * running at the same time as a compare-and-swap here can therefore still race on {@code latest}
 * (each side then re-checks the other's note, which is authenticated before use).
 */
public final class DiskStore implements SumdbStore {
  /** The largest lookup body read (a record and a signed note). */
  public static final int MAX_LOOKUP_BYTES = 1 << 20;
  /**
   * The largest tile read at any height; a tile's own cap is smaller, the one its download had
   * ({@link ResponseCaps}: a full height-8 hash tile is 8,192 bytes, a data tile at most 2 MiB).
   */
  public static final int MAX_TILE_BYTES = 16 << 20;
  /** The largest {@code latest} note read. */
  public static final int MAX_LATEST_BYTES = 1 << 20;

  /** In-process locks per real path of a {@code latest} file: JVM file locks are per process. */
  private static final ConcurrentMap<Path, ReentrantLock> LATEST_LOCKS = new ConcurrentHashMap<>();

  /** Temporary file names: this process's id and a counter, so no random source is needed. */
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();
  private static final int MAX_KNOWN_DIRECTORIES = 16_384;

  private final String name;
  private final Path cacheDir;
  private final Path latestDir;
  /** Directories this store created or found, so a write does not ask the file system again. */
  private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

  private DiskStore(String name, Path cacheDir, Path latestDir) {
    this.name = name;
    this.cacheDir = cacheDir;
    this.latestDir = latestDir;
  }

  /**
   * The store of database {@code name} with lookups and tiles under {@code
   * <modCache>/cache/download/sumdb/<name>} and {@code latest} in {@code <sumdbDir>/<name>}
   * ({@code sumdbDir} is {@code $GOPATH/pkg/sumdb} for the go command).
   *
   * @param modCache the module cache (GOMODCACHE)
   * @param sumdbDir the directory of the {@code latest} notes (the go command's {@code <GOPATH>/pkg/sumdb})
   * @param name the database's name, e.g. {@code sum.golang.org}
   * @return the store
   */
  public static DiskStore at(Path modCache, Path sumdbDir, String name) {
    Objects.requireNonNull(modCache, "modCache");
    Objects.requireNonNull(sumdbDir, "sumdbDir");
    StoreKeys.name(name);
    Path cache = modCache.resolve("cache").resolve("download").resolve("sumdb").resolve(name);
    Path latest = sumdbDir.resolve(name);
    return new DiskStore(name, cache, latest);
  }

  /**
   * The store of database {@code name} for a GOPATH with the default module cache ({@code $GOPATH/pkg/mod}).
   *
   * @param gopath the GOPATH
   * @param name the database's name, e.g. {@code sum.golang.org}
   * @return the store
   */
  public static DiskStore inGopath(Path gopath, String name) {
    Path pkg = gopath.resolve("pkg");
    return at(pkg.resolve("mod"), pkg.resolve("sumdb"), name);
  }

  /**
   * The store the go command would use for {@code config}.
   *
   * @param config the database's configuration
   * @throws SumdbException if GOSUMDB is off or GOPATH is unknown (no {@code $GOPATH}, no {@code $HOME})
   * @return the store
   */
  public static DiskStore of(SumdbConfig config) throws SumdbException {
    SumdbConfig.Database db = config.requireDatabase();
    Path modCache = config.modCache().orElseThrow(
        () -> new SumdbException("could not locate sumdb cache: missing $GOMODCACHE and $GOPATH"));
    Path sumdbDir = config.sumdbDir().orElseThrow(
        () -> new SumdbException("could not locate sumdb file: missing $GOPATH"));
    return at(modCache, sumdbDir, db.name());
  }

  /** {@return the database name} */
  public String name() {
    return name;
  }

  /**
   * {@code <modCache>/cache/download/sumdb/<name>}: where lookups and tiles live.
   *
   * @return the directory of lookups and tiles
   */
  public Path cacheDir() {
    return cacheDir;
  }

  /** {@return the {@code latest} file} */
  public Path latestFile() {
    return latestDir.resolve("latest");
  }

  /**
   * The file for a lookup key.
   *
   * @param key the lookup key ({@code <escaped path>@<escaped version>})
   * @return the file
   */
  public Path lookupFile(String key) {
    return resolve(cacheDir.resolve("lookup"), StoreKeys.lookupKey(key));
  }

  /**
   * The file for a tile path.
   *
   * @param tilePath the tile's path
   * @return the file
   */
  public Path tileFile(String tilePath) {
    return resolve(cacheDir, StoreKeys.tilePath(tilePath));
  }

  private static Path resolve(Path dir, String relative) {
    Path p = dir;
    for (String element : relative.split("/", -1)) {
      p = p.resolve(element);
    }
    if (!p.normalize().startsWith(dir.normalize())) {
      throw new AssertionError("bad math: " + relative + " escapes " + dir);
    }
    return p;
  }

  @Override
  public Optional<byte[]> readLookup(String key) throws IOException {
    return read(lookupFile(key), MAX_LOOKUP_BYTES);
  }

  @Override
  public void writeLookup(VerifiedLookup lookup) throws IOException {
    Path file = lookupFile(lookup.key());
    try {
      writeAtomic(file, lookup.body(), false);
    } catch (IOException e) {
      throw cannotWrite(e, file);
    }
  }

  @Override
  public Optional<byte[]> readTile(String tilePath) throws IOException {
    // the cap its download had: 8,192 bytes for a height-8 hash tile, not 16 MiB
    return read(tileFile(tilePath), (int) ResponseCaps.forPath("/" + tilePath, MAX_TILE_BYTES));
  }

  @Override
  public void writeTile(VerifiedTile tile) throws IOException {
    Path file = tileFile(tile.tile().path());
    try {
      writeAtomic(file, tile.data(), false);
    } catch (IOException e) {
      throw cannotWrite(e, file);
    }
  }

  @Override
  public byte[] readLatest() throws IOException {
    return read(latestFile(), MAX_LATEST_BYTES).orElse(new byte[0]);
  }

  @Override
  @SuppressWarnings("try") // the file lock is held for the block, never referenced
  public boolean compareAndSwapLatest(byte[] expected, byte[] replacement) throws IOException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    try {
      Files.createDirectories(latestDir);
    } catch (IOException e) {
      throw cannotWrite(e, latestDir);
    }
    Path key = latestDir.toRealPath().resolve("latest");
    ReentrantLock local = LATEST_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      local.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for " + key);
    }
    try (FileChannel ch = openLatestLock();
        FileLock ignored = lock(ch)) {
      byte[] current = readLatest();
      if (!Arrays.equals(current, expected)) {
        return false;
      }
      try {
        writeAtomic(latestFile(), replacement, true);
      } catch (IOException e) {
        throw cannotWrite(e, latestFile());
      }
      return true;
    } finally {
      local.unlock();
    }
  }

  /**
   * The file of entry {@code name}: {@link #latestFile()} for {@code latest}, {@link #lookupFile}
   * for {@code lookup/<key>}, {@link #tileFile} for a tile path.
   *
   * @throws IllegalArgumentException if {@code name} names no entry
   */
  @Override
  public Optional<Path> pathOf(String name) {
    if (name.equals("latest")) {
      return Optional.of(latestFile());
    }
    if (name.startsWith("lookup/")) {
      return Optional.of(lookupFile(name.substring("lookup/".length())));
    }
    return Optional.of(tileFile(name));
  }

  /** An exclusive lock; waits out a lock held by another class loader of this JVM. */
  private FileChannel openLatestLock() throws IOException {
    Path lockFile = latestDir.resolve("latest.lock");
    try {
      // Never through a link, never a FIFO (whose open for writing would block): StateFiles.
      return StateFiles.openForWrite(lockFile, false);
    } catch (RegularFiles.IrregularFileException e) {
      throw new IOException("cannot lock the stored latest note: " + lockFile + " " + e.getReason()
          + " (remove it: the lock file is made again)", e);
    } catch (IOException e) {
      throw cannotWrite(e, lockFile);
    }
  }

  private static FileLock lock(FileChannel ch) throws IOException {
    while (true) {
      try {
        return ch.lock();
      } catch (OverlappingFileLockException e) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for a file lock");
        }
      }
    }
  }

  /**
   * The file's bytes, empty when missing or empty; fails beyond {@code max} bytes, and on anything
   * but a regular file (a FIFO would block the read forever; a link is not followed).
   */
  private static Optional<byte[]> read(Path file, int max) throws IOException {
    byte[] data;
    try {
      data = RegularFiles.read(file, max, false);
    } catch (RegularFiles.IrregularFileException e) {
      throw new IOException("cache file " + file + " " + e.getReason(), e);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return Optional.empty();
      }
      throw e;
    }
    return data.length == 0 ? Optional.empty() : Optional.of(data);
  }

  /**
   * Writes through a temporary file in the same directory, renamed over the target. The temporary
   * file is created exclusively with the default permissions (0666 less the umask, as the go
   * command's cache writes), under a name unique to this process and write.
   */
  private void writeAtomic(Path target, byte[] data, boolean sync) throws IOException {
    Path dir = target.getParent();
    ensureDirectory(dir);
    String prefix = "." + target.getFileName() + "." + PID + "-";
    Path tmp;
    FileChannel opened;
    while (true) {
      tmp = dir.resolve(prefix + TEMP_COUNTER.incrementAndGet() + ".tmp");
      try {
        opened = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        break;
      } catch (FileAlreadyExistsException e) {
        // left behind by an earlier process with the same pid: take the next name
      } catch (NoSuchFileException e) {
        if (!knownDirectories.remove(dir)) {
          throw e;
        }
        ensureDirectory(dir); // removed behind this store's back (a cache clean): make it again
      }
    }
    try {
      try (FileChannel ch = opened) {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        if (sync) {
          ch.force(true);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically on this file system", e);
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * {@code e}, a failure to write {@code target}, in words a user can act on: {@code cannot write
   * the cache: permission denied: PATH} (the path the file system refused, else {@code target}).
   * An interruption passes as it is.
   */
  private static IOException cannotWrite(IOException e, Path target) {
    if (e instanceof InterruptedIOException) {
      return e;
    }
    String reason;
    String file = target.toString();
    if (e instanceof FileSystemException f) {
      if (f.getFile() != null) {
        file = f.getFile();
      }
      reason = f instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : f instanceof FileAlreadyExistsException ? "file exists"
          : f instanceof NotDirectoryException ? "not a directory"
          : f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT) : f.getClass().getSimpleName();
    } else {
      reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return new IOException("cannot write the cache: " + reason + ": " + file, e);
  }

  /**
   * Creates {@code dir} and its parents unless this store has seen it exist already. Below the
   * cache directory every directory must be a directory, not a link to one, so that no write lands
   * outside the cache (links above it, such as a module cache moved to another disk, are followed).
   */
  private void ensureDirectory(Path dir) throws IOException {
    if (knownDirectories.contains(dir)) {
      return;
    }
    if (!dir.startsWith(cacheDir)) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
    } else {
      StateFiles.createDirectoriesBelow(cacheDir, dir);
    }
    if (knownDirectories.size() >= MAX_KNOWN_DIRECTORIES) {
      knownDirectories.clear(); // a long-lived store: forget, rather than grow with every module path
    }
    knownDirectories.add(dir);
  }

  @Override
  public String toString() {
    return "DiskStore{" + name + ": cache " + cacheDir + ", latest " + latestFile() + "}";
  }
}
