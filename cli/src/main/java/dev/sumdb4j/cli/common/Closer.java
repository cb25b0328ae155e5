package dev.sumdb4j.cli.common;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command opened and closes when it ends (a {@code DatabaseOptions.Session}, a module proxy
 * client, an HTTP fetcher): {@link #close} closes them in reverse order. A command's {@code call()}
 * holds one in a try-with-resources, so that a run in a long-lived JVM (tests, an embedder) leaves no
 * connection pool open.
 */
public final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  /**
   * Registers {@code resource} to be closed by {@link #close}.
   *
   * @param <T> its type
   * @param resource what to close, or null (nothing)
   * @return {@code resource}
   */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    if (resource != null) {
      open.push(resource);
    }
    return resource;
  }

  /**
   * Closes everything registered, the last first; a failure to close one does not stop the others
   * (closing network resources has nothing to report to the user).
   */
  @Override
  public synchronized void close() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        // nothing a user could act on: the run's outcome is already decided
      }
    }
  }
}
