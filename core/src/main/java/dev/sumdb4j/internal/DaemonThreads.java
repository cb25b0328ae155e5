package dev.sumdb4j.internal;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads of sumdb4j's pools: named {@code <prefix>-1}, {@code <prefix>-2}..., so a
 * thread dump says whose they are, and daemons, so a pool nobody shut down never keeps the JVM
 * alive. Not API.
 */
public final class DaemonThreads {
  /** How long an idle thread of a {@link #pool} waits for work before it ends. */
  private static final long IDLE_SECONDS = 5;

  private DaemonThreads() {}

  /**
   * A factory of daemon threads named {@code prefix-N}, N counting from 1 per factory.
   *
   * @param prefix the name of the threads' owner, such as {@code sumdb4j-client}
   * @return the factory
   */
  public static ThreadFactory factory(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * A pool of at most {@code threads} daemon threads named {@code prefix-N}, started on demand,
   * whose idle threads end after a few seconds (an unused pool holds no thread); tasks beyond
   * {@code threads} wait in an unbounded queue.
   *
   * @param prefix the name of the threads' owner
   * @param threads the most threads at once, at least 1
   * @return the pool (shut it down when done; its idle threads end anyway)
   */
  public static ExecutorService pool(String prefix, int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Starts {@code task} on a new daemon thread named {@code name}.
   *
   * @param name the thread's name
   * @param task what it runs
   * @return the started thread
   */
  public static Thread start(String name, Runnable task) {
    Thread t = new Thread(task, Objects.requireNonNull(name, "name"));
    t.setDaemon(true);
    t.start();
    return t;
  }
}
