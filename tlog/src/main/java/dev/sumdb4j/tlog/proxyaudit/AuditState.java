package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.StateFiles;
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
 * {@link StateEntry} per module version verified, each line written with one write as soon as the
 * version is verified, so a killed run keeps everything verified before and the next run resumes
 * with the rest. The lines are made durable by group commit: one fsync for the lines of up to
 * {@value #SYNC_MAX_DELAY_MS} ms or {@value #SYNC_MAX_LINES} lines, and on {@link #close}. A crash
 * of the machine can lose only the last lines, those written after the last fsync; a lost line
 * only means that its version is downloaded and checked again on the next run. A last line cut
 * short carries no verdict: it is cut off at {@link #open} (reported by {@link #droppedTail}). Any
 * other damaged line is an error with its line number. {@value #RUNS_FILE} gets one line per run,
 * after every verified line is durable: the tree every kept record was re-proved in. Evidence of
 * findings goes under {@value #EVIDENCE_DIR}/.
 *
 * <p>Lines are independent facts, so the state directories of several shards merge by
 * concatenating their {@value #VERIFIED_FILE} files (of runs that ended: a killed run's file may
 * end with a line cut short, which must not land in the middle of the merged file).
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
  /** The longest a verified line waits for its fsync, in milliseconds. */
  public static final int SYNC_MAX_DELAY_MS = 50;
  /** The most verified lines that wait for one fsync. */
  public static final int SYNC_MAX_LINES = 512;

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final GroupCommitLog verified;
  private final Map<ModuleVersion, StateEntry> entries;
  private final long droppedTail;
  private boolean closed;

  private AuditState(Path dir, FileChannel lockChannel, FileLock lock, GroupCommitLog verified,
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
   * @param dir the state directory
   * @return the state, open until {@link #close}
   * @throws IOException if the directory cannot be used, or another run holds its lock
   * @throws MalformedInputException if a complete line is damaged
   */
  public static AuditState open(Path dir) throws IOException, MalformedInputException {
    return open(dir, c -> c.force(false), SYNC_MAX_DELAY_MS, SYNC_MAX_LINES);
  }

  /**
   * {@link #open(Path)}, making lines durable with {@code syncer} at most every {@code maxDelay} ms
   * or {@code maxLines} lines (for tests).
   */
  static AuditState open(Path dir, GroupCommitLog.Syncer syncer, long maxDelay, int maxLines)
      throws IOException, MalformedInputException {
    Files.createDirectories(dir);
    Path real = dir.toRealPath();
    FileChannel lockCh = StateFiles.openForWrite(real.resolve(LOCK_FILE), false); // no link, no FIFO
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
      Read read = read(file.toString(), buf.array(), buf.position());
      if (read.dropped() > 0) {
        ch.truncate(read.kept());
        ch.force(true);
      }
      ch.position(ch.size());
      Files.createDirectories(real.resolve(EVIDENCE_DIR));
      GroupCommitLog log = new GroupCommitLog(ch, file.toString(), maxDelay, maxLines, syncer);
      return new AuditState(real, lockCh, lock, log, read.entries(), read.dropped());
    } catch (IOException | MalformedInputException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      lockCh.close();
      throw e;
    }
  }

  /**
   * What a state file holds: its entries, the bytes of its complete lines and the bytes after them.
   */
  record Read(Map<ModuleVersion, StateEntry> entries, long kept, long dropped) {}

  /**
   * Reads the first {@code length} bytes of {@code data}, the state file {@code source}: every
   * complete line (ending with a newline) must be a state entry; the bytes after the last newline
   * are a line cut short by a crash and are dropped, whatever they are.
   *
   * @throws MalformedInputException if a complete line is damaged, with its line number
   */
  static Read read(String source, byte[] data, int length) throws MalformedInputException {
    Map<ModuleVersion, StateEntry> entries = new HashMap<>();
    int start = 0;
    int line = 0;
    while (true) {
      int nl = start;
      while (nl < length && data[nl] != '\n') {
        nl++;
      }
      if (nl >= length) {
        break;
      }
      line++;
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, start, nl - start))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedInputException(source, line, -1, "corrupt state: the line is not UTF-8");
      }
      StateEntry e = StateEntry.parse(source, line, text);
      entries.put(e.module(), e);
      start = nl + 1;
    }
    return new Read(entries, start, length - start);
  }

  /** {@return the directory (its real path)} */
  public Path dir() {
    return dir;
  }

  /** {@return the bytes of a partial last line cut off by {@link #open} (0 if none)} */
  public long droppedTail() {
    return droppedTail;
  }

  /** {@return the verified module versions read at open and appended since} */
  public synchronized Map<ModuleVersion, StateEntry> entries() {
    return Collections.unmodifiableMap(new HashMap<>(entries));
  }

  /**
   * The entry for {@code mv}, if it was verified.
   *
   * @param mv the module version
   * @return its entry, or empty if it was not verified
   */
  public synchronized Optional<StateEntry> get(ModuleVersion mv) {
    return Optional.ofNullable(entries.get(mv));
  }

  /**
   * Appends {@code e} as one line with one write; it is durable within {@value #SYNC_MAX_DELAY_MS}
   * ms, and once {@link #sync} or {@link #close} returns.
   *
   * @param e the entry
   * @throws IOException if it cannot be written, or an earlier fsync of the file failed
   */
  public void append(StateEntry e) throws IOException {
    byte[] line = e.toJsonLine().getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      checkOpen();
    }
    verified.append(line);
    synchronized (this) {
      entries.put(e.module(), e);
    }
  }

  /**
   * Waits until every line appended so far is durable.
   *
   * @throws IOException if an fsync fails
   */
  public void sync() throws IOException {
    synchronized (this) {
      checkOpen();
    }
    verified.sync();
  }

  /**
   * Appends one line to {@value #RUNS_FILE}, after making every verified line durable.
   *
   * @param jsonLine the line, without its newline
   * @throws IOException if it cannot be written
   */
  public synchronized void appendRun(String jsonLine) throws IOException {
    checkOpen();
    verified.sync();
    try (FileChannel ch = StateFiles.openForWrite(dir.resolve(RUNS_FILE), true)) {
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

  /**
   * Makes every verified line durable, closes the file and releases the lock.
   *
   * @throws IOException if the last lines cannot be made durable
   */
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
