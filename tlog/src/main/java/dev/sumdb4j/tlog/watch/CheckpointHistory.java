package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.NewFiles;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.StateFiles;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.client.Evidence;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The state directory of a log watch: an append-only history of the signed trees seen, one
 * {@link HistoryEntry} JSON line each in {@value #HISTORY_FILE}, held under an exclusive lock
 * ({@value #LOCK_FILE}) from {@link #open} to {@link #close}, so runs on one directory never
 * interleave (between processes and between threads).
 *
 * <p>{@link #open} validates every line (JSON shape, the note's signature, and that sizes never
 * shrink); it does not prove consistency again: each line was proved consistent with the one
 * before when it was appended. A damaged line, such as a last line cut short by a run killed while
 * writing it, is reported with its line number and never dropped or rewritten: lines are only
 * ever appended, each with a single write and an fsync.
 */
public final class CheckpointHistory implements Closeable {
  /** The history file in the state directory. */
  public static final String HISTORY_FILE = "checkpoints.jsonl";
  /** The lock file in the state directory. */
  public static final String LOCK_FILE = "watch.lock";
  /** The largest history file read. */
  public static final long MAX_HISTORY_BYTES = 1L << 30;

  /** JVM file locks are per process: threads of one process take this one first. */
  private static final ConcurrentMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Path file;
  private final Semaphore inProcess;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<HistoryEntry> entries;
  private boolean closed;

  private CheckpointHistory(Path dir, Semaphore inProcess, FileChannel lockChannel, FileLock lock,
      List<HistoryEntry> entries) {
    this.dir = dir;
    this.file = dir.resolve(HISTORY_FILE);
    this.inProcess = inProcess;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.entries = new ArrayList<>(entries);
  }

  /**
   * Locks the state directory {@code dir} (creating it if needed), waiting up to {@code
   * lockTimeout} for another run to finish, and reads and validates its history; each note must
   * verify with {@code log}.
   *
   * @param dir the state directory
   * @param log the log's keys
   * @param lockTimeout how long to wait for the lock
   * @throws StateLockedException if another run still holds the lock after {@code lockTimeout}
   * @throws LocalStateException naming the history file if it is damaged: a line fails its checks
   *     (the line number is in the message; the cause is the {@link MalformedInputException}), or
   *     the file is not a regular file or exceeds {@value #MAX_HISTORY_BYTES} bytes
   * @throws IOException if the directory cannot be read or locked
   * @return the history, locked until closed
   */
  public static CheckpointHistory open(Path dir, Verifiers log, Duration lockTimeout)
      throws IOException, LocalStateException {
    Files.createDirectories(dir);
    Path real = dir.toRealPath();
    Semaphore sem = IN_PROCESS.computeIfAbsent(real, p -> new Semaphore(1));
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    try {
      if (!sem.tryAcquire(Math.max(0, lockTimeout.toNanos()), TimeUnit.NANOSECONDS)) {
        throw new StateLockedException(real);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the lock on " + real);
    }
    FileChannel ch = null;
    try {
      ch = StateFiles.openForWrite(real.resolve(LOCK_FILE), false); // no link, no FIFO
      FileLock lock = acquire(ch, real, deadline);
      List<HistoryEntry> entries = read(real.resolve(HISTORY_FILE), log);
      return new CheckpointHistory(real, sem, ch, lock, entries);
    } catch (IOException | LocalStateException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close(); // releases the file lock
        } catch (IOException c) {
          e.addSuppressed(c);
        }
      }
      sem.release();
      throw e;
    }
  }

  private static FileLock acquire(FileChannel ch, Path dir, long deadline) throws IOException {
    for (;;) {
      FileLock l = ch.tryLock();
      if (l != null) {
        return l;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new StateLockedException(dir);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the lock on " + dir);
      }
    }
  }

  private static List<HistoryEntry> read(Path file, Verifiers log) throws IOException, LocalStateException {
    byte[] b;
    try {
      b = RegularFiles.read(file, (int) MAX_HISTORY_BYTES, false);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (RegularFiles.IrregularFileException e) {
      throw new LocalStateException("damaged watch state: history file " + file + " " + e.getReason()
          + "; start a new state directory (from its last line if it has one)", List.of(file), e);
    }
    try {
      return parse(file, b, log);
    } catch (MalformedInputException e) {
      throw new LocalStateException("damaged watch state: " + e.getMessage(), List.of(file), e);
    }
  }

  private static List<HistoryEntry> parse(Path file, byte[] b, Verifiers log) throws MalformedInputException {
    String source = file.toString();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedInputException(source, -1, "corrupt history: not UTF-8");
    }
    List<HistoryEntry> out = new ArrayList<>();
    int start = 0;
    int line = 0;
    while (start < text.length()) {
      line++;
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        throw new MalformedInputException(source, line, -1, "corrupt history: line " + line
            + " is incomplete (no newline at its end), probably cut short by a run killed while writing it;"
            + " nothing was appended after it. Check it, then remove that partial line by hand to go on");
      }
      HistoryEntry e = HistoryEntry.parse(source, line, text.substring(start, nl), log);
      if (!out.isEmpty()) {
        HistoryEntry prev = out.get(out.size() - 1);
        if (e.size() < prev.size() || (e.size() == prev.size() && !e.hash().equals(prev.hash()))) {
          throw new MalformedInputException(source, line, -1, "corrupt history: " + e
              + " does not extend line " + (line - 1) + "'s " + prev + ": lines were edited or reordered");
        }
      }
      out.add(e);
      start = nl + 1;
    }
    return out;
  }

  /** {@return the state directory (its real path)} */
  public Path dir() {
    return dir;
  }

  /** {@return every entry, oldest first} */
  public synchronized List<HistoryEntry> entries() {
    return List.copyOf(entries);
  }

  /** {@return the newest entry, if any} */
  public synchronized Optional<HistoryEntry> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  /**
   * Appends {@code entry} as one line, with a single append and an fsync. The caller has proved it
   * consistent with {@link #last()}.
   *
   * @param entry the entry to append
   * @throws IOException if the write fails (the line may then be incomplete, which the next
   *     {@link #open} reports)
   */
  public synchronized void append(HistoryEntry entry) throws IOException {
    checkOpen();
    HistoryEntry prev = entries.isEmpty() ? null : entries.get(entries.size() - 1);
    if (prev != null && entry.size() < prev.size()) {
      throw new IllegalArgumentException("append: " + entry + " is older than " + prev);
    }
    ByteBuffer buf = ByteBuffer.wrap(entry.toJsonLine().getBytes(StandardCharsets.UTF_8));
    try (FileChannel ch = StateFiles.openForWrite(file, true)) { // never appends through a link
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    entries.add(entry);
  }

  /**
   * Writes {@code evidence} as a new JSON file {@code evidence-<UTC time>.json} in the state
   * directory (never replacing an existing file) and returns its path.
   *
   * @param evidence the evidence
   * @param now the time that names the file
   * @return the file written
   * @throws IOException if the file cannot be written, or exists already
   */
  public synchronized Path writeEvidence(Evidence evidence, Instant now) throws IOException {
    checkOpen();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC).format(now);
    // exists-then-rename could replace a file made in between: NewFiles links, which never replaces
    return NewFiles.writeFresh(dir.resolve("evidence-" + stamp + ".json"), evidence.toJson().getBytes(StandardCharsets.UTF_8));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the history of " + dir + " is closed");
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
      lock.release();
      lockChannel.close();
    } finally {
      inProcess.release();
    }
  }

  @Override
  public String toString() {
    return "CheckpointHistory{" + file + ", " + entries.size() + " lines}";
  }
}
