package dev.sumdb4j.tlog.proxyaudit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only file of lines with group commit. {@link #append} writes its line to the file at
 * once, with one write to the end (so a killed process loses nothing appended: the kernel holds
 * it), and a background thread makes the lines durable with one fsync for many lines: at most
 * {@code maxDelay} after the oldest line not yet synced, or as soon as {@code maxLines} are waiting,
 * and always on {@link #sync} and {@link #close}. Only a crash of the machine itself (power, kernel)
 * can lose lines, and then only the last ones, the ones written after the last fsync: the file
 * holds a prefix of the lines appended, perhaps with a torn last line, which its reader drops.
 *
 * <p>A failed fsync is sticky: every later call throws it, since what the file holds is no longer
 * known.
 */
final class GroupCommitLog implements Closeable {
  /** How a batch is made durable ({@code FileChannel.force(false)}; a test counts the calls). */
  interface Syncer {
    /** Makes everything written to {@code ch} durable. */
    void sync(FileChannel ch) throws IOException;
  }

  private final FileChannel ch;
  private final String name;
  private final long maxDelayNanos;
  private final int maxLines;
  private final Syncer syncer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition synced = lock.newCondition();
  private final Thread thread;
  /** Lines written, and the count of them known durable. */
  private long written;
  private long durable;
  /** When the oldest line not yet durable was written (valid while {@code written > durable}). */
  private long oldestPending;
  /** A sync has been asked for by {@link #sync} up to this line count. */
  private long wanted;
  private IOException failure;
  private boolean closing;
  private boolean closed;

  /**
   * A log over {@code ch}, positioned at its end.
   *
   * @param ch the file, open for writing, positioned where lines go
   * @param name the file's name, for messages
   * @param maxDelay the longest a written line waits for its fsync, in milliseconds (at least 0)
   * @param maxLines the most lines that wait for one fsync (at least 1)
   * @param syncer how lines are made durable
   */
  GroupCommitLog(FileChannel ch, String name, long maxDelay, int maxLines, Syncer syncer) {
    if (maxDelay < 0 || maxLines < 1) {
      throw new IllegalArgumentException("bad group commit bounds: " + maxDelay + " ms, " + maxLines + " lines");
    }
    this.ch = Objects.requireNonNull(ch, "ch");
    this.name = Objects.requireNonNull(name, "name");
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelay);
    this.maxLines = maxLines;
    this.syncer = Objects.requireNonNull(syncer, "syncer");
    this.thread = new Thread(this::syncLoop, "sumdb4j-state-sync");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Writes {@code line} (which ends with a newline) with one write at the end of the file; it is
   * durable within the bounds of this log.
   *
   * @throws IOException if it cannot be written, or an earlier fsync failed
   */
  void append(byte[] line) throws IOException {
    if (line.length == 0 || line[line.length - 1] != '\n') {
      throw new IllegalArgumentException("a line ends with a newline");
    }
    lock.lock();
    try {
      check();
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      if (written == durable) {
        oldestPending = System.nanoTime();
      }
      written++;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every line appended before it is durable.
   *
   * @throws IOException if an fsync failed
   */
  void sync() throws IOException {
    lock.lock();
    try {
      check();
      awaitDurable();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: asks for and awaits the fsync of every line written so far. */
  private void awaitDurable() throws IOException {
    long target = written;
    wanted = Math.max(wanted, target);
    work.signal();
    boolean interrupted = false;
    while (durable < target && failure == null && thread.isAlive()) {
      try {
        synced.await();
      } catch (InterruptedException e) {
        interrupted = true; // the lines must be durable before this returns
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failed();
    }
    if (durable < target) {
      throw new IOException(name + ": the fsync thread stopped");
    }
  }

  private void check() throws IOException {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (failure != null) {
      throw failed();
    }
  }

  private IOException failed() {
    return new IOException(name + ": fsync failed, the last lines may be lost: " + failure.getMessage(), failure);
  }

  private void syncLoop() {
    lock.lock();
    try {
      while (true) {
        // wait for a batch: maxLines lines, a line older than maxDelay, a sync() or close()
        while (failure == null) {
          long pending = written - durable;
          if (pending > 0 && (pending >= maxLines || wanted > durable || closing
              || System.nanoTime() - oldestPending >= maxDelayNanos)) {
            break;
          }
          if (closing) {
            return;
          }
          try {
            if (pending == 0) {
              work.await();
            } else {
              work.awaitNanos(maxDelayNanos - (System.nanoTime() - oldestPending));
            }
          } catch (InterruptedException e) {
            return; // only close() interrupts it, after its final sync
          }
        }
        if (failure != null) {
          return;
        }
        long target = written;
        lock.unlock();
        IOException error = null;
        try {
          syncer.sync(ch); // appends go on meanwhile: they join the next batch
        } catch (IOException e) {
          error = e;
        } catch (RuntimeException e) {
          error = new IOException(e.toString(), e);
        } finally {
          lock.lock();
        }
        if (error != null) {
          failure = error;
        } else {
          durable = Math.max(durable, target);
        }
        synced.signalAll();
      }
    } finally {
      synced.signalAll();
      lock.unlock();
    }
  }

  /** Lines made durable so far (for tests). */
  long durableLines() {
    lock.lock();
    try {
      return durable;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Syncs what is left, stops the thread and closes the file.
   *
   * @throws IOException if the last lines cannot be made durable
   */
  @Override
  public void close() throws IOException {
    IOException error = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true; // no more appends
      try {
        awaitDurable();
      } catch (IOException e) {
        error = e;
      }
      closing = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      ch.close();
    } catch (IOException e) {
      if (error == null) {
        error = e;
      }
    }
    if (error != null) {
      throw error;
    }
  }
}
