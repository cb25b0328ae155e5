package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.internal.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task on several daemon threads and waits for them all. The first failure is kept;
 * the tasks poll {@link #failed} to stop early. One instance per run.
 */
final class Workers {
  /** A task that may fail with an I/O error (or anything unchecked). */
  interface Task {
    void run() throws IOException;
  }

  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** Returns whether a task (or the wait for them) has failed. */
  boolean failed() {
    return failure.get() != null;
  }

  /**
   * Runs {@code task} on {@code threads} threads named {@code name-0}, {@code name-1}, ... and
   * waits for them; returns the first failure, or null. If the calling thread is interrupted
   * while waiting, the tasks are interrupted too and the failure is the InterruptedException.
   */
  Throwable run(int threads, String name, Task task) {
    Runnable r = () -> {
      try {
        task.run();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      ts.add(DaemonThreads.start(name + "-" + i, r));
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        failure.compareAndSet(null, e);
        Thread.currentThread().interrupt();
        ts.forEach(Thread::interrupt);
        break;
      }
    }
    return failure.get();
  }

  /** Rethrows {@code f} (from {@link #run}) as what it is; an interruption as {@code interrupted}. */
  static void rethrow(Throwable f, String interrupted) throws IOException {
    if (f instanceof IOException) {
      throw (IOException) f;
    } else if (f instanceof UncheckedIOException) {
      throw ((UncheckedIOException) f).getCause();
    } else if (f instanceof InterruptedException) {
      throw new InterruptedIOException(interrupted);
    } else if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    } else if (f instanceof Error) {
      throw (Error) f;
    } else if (f != null) {
      throw new AssertionError("bad math in Workers: undeclared " + f, f);
    }
  }
}
