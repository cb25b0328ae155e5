package dev.sumdb4j.cli.common;

import dev.sumdb4j.internal.DaemonThreads;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The root of the command line (the {@code sumdb4j} command), seen from a subcommand: the
 * environment variables the command runs with, which tests replace, and the HTTP threads of the run.
 */
public interface CommandEnvironment {
  /**
   * The environment variables of this run.
   *
   * @return the variables, name to value
   */
  Map<String, String> environment();

  /**
   * The environment of the command line whose root object is {@code root}.
   *
   * @param root the root command's user object
   * @return its environment, or this process's when it is not a {@link CommandEnvironment}
   */
  static Map<String, String> of(Object root) {
    return root instanceof CommandEnvironment e ? e.environment() : System.getenv();
  }

  /**
   * The HTTP threads of this run, made on first use and shut down when the run ends.
   *
   * @return the threads
   */
  ExecutorService httpThreads();

  /**
   * The HTTP threads of the command line whose root object is {@code root}.
   *
   * @param root the root command's user object, or null
   * @return the run's threads, or, for a command run without the root, a pool of its own (daemon
   *     threads that end when idle)
   */
  static ExecutorService httpThreads(Object root) {
    return root instanceof CommandEnvironment e ? e.httpThreads() : DaemonThreads.pool("sumdb4j-http", 4);
  }
}
