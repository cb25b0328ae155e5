package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModuleVersion;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state directory of a proxy audit, held under an exclusive lock ({@value #LOCK_FILE}) from
 * {@link #open} to {@link #close}. {@value #VERIFIED_FILE} is an append-only JSON Lines file, one
 * {@link StateEntry} per module version verified, each line appended with one write and an fsync as
 * soon as the version is verified, so a run killed at any point keeps everything verified before;
 * the next run resumes with the rest. A last line cut short by a killed run carries no verdict: it
 * is cut off at {@link #open} (reported by {@link #droppedTail}). Any other damaged line is an
 * error with its line number. {@value #RUNS_FILE} gets one line per run: the tree every kept
 * record was re-proved in. Evidence of findings goes under {@value #EVIDENCE_DIR}/.
 *
 * <p>Lines are independent facts, so the state directories of several shards merge by
 * concatenating their {@value #VERIFIED_FILE} files.
 */
public final class AuditState implements Closeable {
  /** The verified module versions. */
  public static final String VERIFIED_FILE = "verified.jsonl";
  /** One line per run. */
  public static final String RUNS_FILE = "runs.jsonl";
  /** The lock file. */
  public static final String LOCK_FILE = "audit.lock";
  /** The evidence directory. */
  public static final String EVIDENCE_DIR = "evidence";
  /** The download directory (partial files of the current run). */
  public static final String DOWNLOAD_DIR = "downloads";
  /** The largest state file read. */
  public static final long MAX_STATE_BYTES = 1L << 30;

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel verified;
  private final Map<ModuleVersion, StateEntry> entries;
  private final long droppedTail;
  private boolean closed;

  private AuditState(Path dir, FileChannel lockChannel, FileLock lock, FileChannel verified,
      Map<ModuleVersion, StateEntry> entries, long droppedTail) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.verified = verified;
    this.entries = entries;
    this.droppedTail = droppedTail;
  }

  /**
   * Locks {@code dir} (creating it), reads its verified versions and cuts off a partial last line.
   *
   * @throws IOException if the directory cannot be used, or another run holds its lock
   * @throws MalformedInputException if a complete line is damaged
   */
  public static AuditState open(Path dir) throws IOException, MalformedInputException {
    Files.createDirectories(dir);
    Path real = dir.toRealPath();
    FileChannel lockCh = FileChannel.open(real.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileChannel ch = null;
    try {
      FileLock lock;
      try {
        lock = lockCh.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("state directory " + real + " is in use by another run (" + LOCK_FILE + " is locked)");
      }
      Path file = real.resolve(VERIFIED_FILE);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(file + " is not a regular file");
      }
      long size = ch.size();
      if (size > MAX_STATE_BYTES) {
        throw new IOException(file + " has " + size + " bytes, more than the " + MAX_STATE_BYTES + " read");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
        // read it all
      }
      buf.flip();
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf).toString();
      } catch (CharacterCodingException e) {
        throw new MalformedInputException(file.toString(), -1, "corrupt state: not UTF-8");
      }
      Map<ModuleVersion, StateEntry> entries = new HashMap<>();
      int start = 0;
      int line = 0;
      long dropped = 0;
      while (start < text.length()) {
        int nl = text.indexOf('\n', start);
        if (nl < 0) {
          long keep = text.substring(0, start).getBytes(StandardCharsets.UTF_8).length;
          dropped = size - keep;
          ch.truncate(keep);
          ch.force(true);
          break;
        }
        line++;
        StateEntry e = StateEntry.parse(file.toString(), line, text.substring(start, nl));
        entries.put(e.module(), e);
        start = nl + 1;
      }
      ch.position(ch.size());
      Files.createDirectories(real.resolve(EVIDENCE_DIR));
      return new AuditState(real, lockCh, lock, ch, entries, dropped);
    } catch (IOException | MalformedInputException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      lockCh.close();
      throw e;
    }
  }

  /** The directory (its real path). */
  public Path dir() {
    return dir;
  }

  /** The bytes of a partial last line cut off by {@link #open} (0 if none). */
  public long droppedTail() {
    return droppedTail;
  }

  /** The verified module versions read at open and appended since. */
  public synchronized Map<ModuleVersion, StateEntry> entries() {
    return Collections.unmodifiableMap(new HashMap<>(entries));
  }

  /** The entry for {@code mv}, if it was verified. */
  public synchronized Optional<StateEntry> get(ModuleVersion mv) {
    return Optional.ofNullable(entries.get(mv));
  }

  /** Appends {@code e} as one line with one write and an fsync. */
  public synchronized void append(StateEntry e) throws IOException {
    checkOpen();
    ByteBuffer b = ByteBuffer.wrap(e.toJsonLine().getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      verified.write(b);
    }
    verified.force(false);
    entries.put(e.module(), e);
  }

  /** Appends one line to {@value #RUNS_FILE}. */
  public synchronized void appendRun(String jsonLine) throws IOException {
    checkOpen();
    try (FileChannel ch = FileChannel.open(dir.resolve(RUNS_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer b = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the state " + dir + " is closed");
    }
  }

  /** Releases the lock. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      verified.close();
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
