package dev.sumdb4j.cli.common;

import java.util.Map;

/**
 * The root of the command line (the {@code sumdb4j} command), seen from a subcommand: the
 * environment variables the command runs with, which tests replace .
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
}
