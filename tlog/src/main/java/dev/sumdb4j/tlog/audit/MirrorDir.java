package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.StateFiles;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.http.ResponseCaps;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A log mirror on disk, laid out as a static tile server serves it: {@code latest} (the signed
 * tree note), {@code tile/<H>/<L>/<NNN>[.p/<W>]} hash tiles and {@code tile/<H>/data/<NNN>[.p/<W>]}
 * data tiles. Any HTTP file server pointed at the directory serves the log. Files are written
 * through a temporary file and an atomic rename, so a reader (or a killed writer) never sees a
 * half-written file; temporary files start with {@value #TEMP_PREFIX}. {@code audit mirror}'s
 * lock lives under {@code .audit/}, which a server need not publish. The state of the runs that
 * only read the mirror ({@code audit verify} and {@code compare}) lives outside it, in a state
 * directory ({@link #defaultStateDir()} unless given), so that a read-only mirror can be checked.
 */
public final class MirrorDir {
  /** The name prefix of temporary files. */
  public static final String TEMP_PREFIX = ".tmp-";

  private final Path root;

  private MirrorDir(Path root) {
    this.root = root;
  }

  /**
   * {@return the mirror rooted at {@code root} (created on first write)}
   *
   * @param root the mirror's directory
   */
  public static MirrorDir at(Path root) {
    return new MirrorDir(Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
  }

  /** {@return the root directory} */
  public Path root() {
    return root;
  }

  /**
   * {@return the file holding {@code tile}}
   *
   * @param tile a tile
   */
  public Path file(Tile tile) {
    return root.resolve(tile.path());
  }

  /** The largest {@code latest} file: a checkpoint and its signatures. */
  static final int MAX_LATEST_BYTES = Checkpoint.MAX_CHECKPOINT_BYTES + (1 << 16);

  /** {@return the file holding the signed tree note} */
  public Path latestFile() {
    return root.resolve("latest");
  }

  /**
   * {@return the directory of the mirror's own state ({@code .audit}: the lock {@code audit mirror} holds)}
   */
  public Path stateDir() {
    return root.resolve(".audit");
  }

  /**
   * {@return the default state directory of the runs that only read the mirror ({@code audit
   * verify}, {@code audit compare}): beside the mirror, {@code <root>.audit} (so {@code
   * /srv/mirror} has {@code /srv/mirror.audit}); the mirror itself is never written}
   */
  public Path defaultStateDir() {
    Path name = root.getFileName();
    return name == null ? root.resolve(".audit") : root.resolveSibling(name + ".audit");
  }

  /**
   * Checks that this directory is a mirror ({@code audit mirror} made its {@code latest} file), as
   * runs that only read one do before taking the lock, which would create {@code .audit} there.
   *
   * @throws NotAMirrorException if there is no {@code latest} file
   */
  public void requireMirror() throws NotAMirrorException {
    if (!Files.exists(latestFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new NotAMirrorException(root);
    }
  }

  /**
   * Takes the mirror's lock ({@code .audit/lock}, created if needed), which every audit run that
   * writes the mirror holds for its whole run, so that two runs (say, overlapping cron jobs) cannot
   * corrupt each other's tiles. Does not wait.
   *
   * @throws MirrorLockedException if another run, in this process or another, holds it (or a
   *     shared {@link #readLock()})
   * @throws IOException if the lock file cannot be created or locked
   * @return the lock; close it to release it
   */
  public Lock lock() throws IOException {
    Path file = stateDir().resolve("lock");
    Files.createDirectories(file.getParent());
    return tryLock(StateFiles.openForWrite(file, false), file, false); // no link, no FIFO
  }

  /**
   * Takes the mirror's lock shared, as the runs that only read the mirror do, so that no {@code
   * audit mirror} rewrites tiles under them; writes nothing: without a lock file (a mirror copied
   * without its {@code .audit}) there is nothing to take and the returned lock is empty. Does not
   * wait.
   *
   * @throws MirrorLockedException if a run that writes the mirror holds it
   * @throws IOException if the lock file cannot be read or locked
   * @return the lock; close it to release it
   */
  public Lock readLock() throws IOException {
    Path file = stateDir().resolve("lock");
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new Lock(null);
    }
    return tryLock(ch, file, true);
  }

  /**
   * Takes the lock of a state directory ({@code stateDir/lock}; the directory is created if
   * needed), which a run holds while it uses the state there. Does not wait.
   *
   * @param stateDir the state directory
   * @throws MirrorLockedException if another run, in this process or another, holds it
   * @throws IOException if the directory or its lock file cannot be created or locked
   * @return the lock; close it to release it
   */
  public static Lock lockState(Path stateDir) throws IOException {
    Path file = stateDir.resolve("lock");
    try {
      Files.createDirectories(stateDir);
      return tryLock(StateFiles.openForWrite(file, false), file, false); // no link, no FIFO
    } catch (java.nio.file.FileSystemException e) {
      throw new IOException("cannot use state directory " + stateDir + ": "
          + (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
          : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
          + (e.getFile() != null && !e.getFile().equals(stateDir.toString())
          && !e.getFile().equals(file.toString()) ? " (" + e.getFile() + ")" : ""), e);
    }
  }

  private static Lock tryLock(FileChannel ch, Path file, boolean shared) throws IOException {
    FileLock l;
    try {
      l = ch.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      l = null; // held by another thread of this process
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      ch.close();
      throw new MirrorLockedException(file);
    }
    return new Lock(ch);
  }

  /** The mirror's lock, held until closed. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel; // null: nothing to hold

    private Lock(FileChannel channel) {
      this.channel = channel;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }

  /**
   * {@return the content of {@code tile}, or null if the mirror does not hold it}
   *
   * @param tile a tile
   * @throws IOException if the tile's file cannot be read
   */
  public byte[] readOrNull(Tile tile) throws IOException {
    return readOrNull(file(tile), maxBytes(tile));
  }

  /**
   * The largest file {@code tile} can be: the cap its download had ({@link ResponseCaps}: 2^H
   * hashes, or 2^H records of at most {@link ResponseCaps#MAX_RECORD_BYTES} bytes and a newline).
   */
  static int maxBytes(Tile tile) {
    return (int) ResponseCaps.forPath("/" + tile.path(), Integer.MAX_VALUE - 8);
  }

  /**
   * Returns the content of {@code file}, a regular file (not a link, FIFO or device) of at most
   * {@code max} bytes, or null if it does not exist.
   *
   * @throws RegularFiles.IrregularFileException if it is not a regular file or exceeds {@code max}
   */
  static byte[] readOrNull(Path file, int max) throws IOException {
    try {
      return RegularFiles.read(file, max, false);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * {@return whether the mirror holds {@code tile}}
   *
   * @param tile a tile
   */
  public boolean has(Tile tile) {
    return Files.isRegularFile(file(tile));
  }

  /**
   * Writes {@code data} as {@code tile} atomically, then removes the narrower partial versions of
   * the same tile that it supersedes. Callers pass authenticated data only.
   *
   * @param tile the tile to write
   * @param data its authenticated content
   * @throws IOException if the file cannot be written
   */
  public void write(Tile tile, byte[] data) throws IOException {
    Path target = file(tile);
    StateFiles.createDirectoriesBelow(root, target.getParent());
    writeAtomically(target, data);
    removeNarrower(tile);
  }

  /** Writes {@code data} to {@code target} through a temporary file and an atomic rename. */
  static void writeAtomically(Path target, byte[] data) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename atomically in " + dir, e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes the partial files of {@code tile}'s position narrower than {@code tile}. */
  private void removeNarrower(Tile tile) throws IOException {
    Tile full = tile.full();
    String fullPath = full.path();
    Path pdir = root.resolve(fullPath + ".p");
    if (!Files.isDirectory(pdir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(pdir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX)) {
          continue;
        }
        int w;
        try {
          w = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          continue;
        }
        if (w < tile.width()) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (tile.isFull()) {
      try {
        Files.deleteIfExists(pdir);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // a concurrent writer's temporary file; harmless
      }
    }
  }

  /**
   * Deletes temporary files left by a killed run under {@code tile/}; returns how many.
   *
   * @return how many files were deleted
   * @throws IOException if the directory cannot be listed or a file cannot be deleted
   */
  public int removeTemporaryFiles() throws IOException {
    Path tiles = root.resolve("tile");
    if (!Files.isDirectory(tiles)) {
      return 0;
    }
    int[] n = {0};
    Files.walkFileTree(tiles, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
          Files.deleteIfExists(file);
          n[0]++;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return n[0];
  }

  @Override
  public String toString() {
    return "MirrorDir(" + root + ")";
  }
}
