package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs the client's tasks concurrently on its executor: the reads of a batch of lookups or tiles,
 * and the cache writes. A task's checked failure is its {@link Attempt}'s; an unchecked one or an
 * {@link Error} ends the whole wait.
 */
final class Parallel {
  /** A unit of work that may fail with a checked exception. */
  interface Task<T> {
    T run() throws IOException, SumdbException;
  }

  /** The result of a task: a value or the exception it threw. */
  record Attempt<T>(T value, Exception error) {
    boolean ok() {
      return error == null;
    }
  }

  private final Executor executor;

  Parallel(Executor executor) {
    this.executor = executor;
  }

  /** The executor concurrent tasks run on (also lends threads to tile hashing). */
  Executor executor() {
    return executor;
  }

  /** Rethrows an unchecked {@code cause} as it is; returns the checked exception {@code other} makes of it. */
  private static <E extends Exception> E unchecked(Throwable cause, java.util.function.Function<Throwable, E> other) {
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return other.apply(cause);
  }

  /**
   * Reads every key: {@code cached} first, on the calling thread (a cached read is a stat, an open
   * and a read of a small file: handing each to a thread of its own cost more than the read), then
   * the misses (those it answers null) through {@code remote}, concurrently. Both report failures as
   * values, never by throwing.
   *
   * @return the reads, in the keys' order
   * @throws IOException if interrupted
   */
  <K, R> List<R> cacheFirst(List<K> keys, java.util.function.Function<K, R> cached,
      java.util.function.Function<K, R> remote) throws IOException {
    List<R> out = new ArrayList<>(keys.size());
    List<Integer> misses = new ArrayList<>();
    List<Task<R>> tasks = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      K key = keys.get(i);
      R r = cached.apply(key);
      out.add(r);
      if (r == null) {
        misses.add(i);
        tasks.add(() -> remote.apply(key));
      }
    }
    if (!tasks.isEmpty()) {
      List<Attempt<R>> got = all(tasks);
      for (int j = 0; j < got.size(); j++) {
        out.set(misses.get(j), got.get(j).value());
      }
    }
    return out;
  }

  /**
   * Runs every task concurrently and waits for all of them; results are in task order. A task that
   * fails with an unchecked exception or an {@link Error} (such as {@link OutOfMemoryError}) ends
   * the wait at once: it is rethrown as it is, and the tasks not started yet are abandoned.
   */
  <T> List<Attempt<T>> all(List<Task<T>> tasks) throws IOException {
    if (tasks.size() == 1) {
      return List.of(attempt(tasks.get(0)));
    }
    List<CompletableFuture<Attempt<T>>> futures = new ArrayList<>();
    CompletableFuture<Void> fatal = new CompletableFuture<>();
    try {
      for (Task<T> t : tasks) {
        CompletableFuture<Attempt<T>> f = CompletableFuture.supplyAsync(() -> {
          if (fatal.isDone()) {
            throw new CancellationException("another task failed");
          }
          return attempt(t);
        }, executor);
        f.whenComplete((v, e) -> {
          if (e != null) {
            fatal.completeExceptionally(e); // attempt() returns checked failures: this is unchecked
          }
        });
        futures.add(f);
      }
      CompletableFuture.anyOf(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])), fatal).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new InterruptedIOException("interrupted waiting for concurrent reads");
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable c = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      throw unchecked(c, x -> new IOException("bad math in Parallel.all: an attempt threw " + x, x));
    } catch (RuntimeException | Error e) { // the executor could not take a task (e.g. no thread)
      fatal.completeExceptionally(e);
      throw e;
    }
    List<Attempt<T>> out = new ArrayList<>(futures.size());
    for (CompletableFuture<Attempt<T>> f : futures) {
      out.add(f.join()); // all completed normally
    }
    return out;
  }

  /** Something to do that handles its own failures. */
  interface Job {
    void run();
  }

  /**
   * Runs {@code jobs} in up to {@code parts} concurrent batches (the cache writes of a batch of
   * lookups: mostly time in the kernel) and waits for all of them.
   *
   * @throws InterruptedIOException if interrupted while waiting
   */
  void runBatched(List<Job> jobs, int parts) throws IOException {
    int n = Math.min(parts, jobs.size());
    if (n <= 1) {
      jobs.forEach(Job::run);
      return;
    }
    List<Task<Void>> batches = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      List<Job> mine = jobs.subList(jobs.size() * b / n, jobs.size() * (b + 1) / n);
      batches.add(() -> {
        mine.forEach(Job::run);
        return null;
      });
    }
    all(batches);
  }

  private static <T> Attempt<T> attempt(Task<T> t) {
    try {
      return new Attempt<>(t.run(), null);
    } catch (IOException | SumdbException e) {
      return new Attempt<>(null, e);
    }
  }
}
