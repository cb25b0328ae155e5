package dev.sumdb4j.cli.common;

/**
 * Whether standard error is a terminal: progress is drawn there only then. Java 17 cannot ask
 * (there is no isatty, and {@link System#console()} is about standard input and output, so it is
 * null when only stdout is redirected and non-null when only stderr is). The launcher script
 * {@code cli/sumdb4j} asks the shell ({@code [ -t 2 ]}) and passes the answer as the system
 * property {@value #PROPERTY} ({@code 1} for a terminal, empty otherwise); that answer wins. Started
 * without it ({@code java -jar}), {@code System.console() != null} is the best guess.
 */
public final class StderrTerminal {
  /** The system property the launcher sets: {@code 1} if stderr is a terminal, empty if not. */
  public static final String PROPERTY = "sumdb4j.stderr.tty";

  private StderrTerminal() {}

  /** Whether standard error is a terminal, as the launcher said or, without it, as the console suggests. */
  public static boolean isTerminal() {
    return isTerminal(System.getProperty(PROPERTY), System.console() != null);
  }

  /**
   * Whether standard error is a terminal, given what the launcher said and what the console suggests.
   *
   * @param hint the property's value ({@code 1} for a terminal), null if unset
   * @param console whether there is a console
   * @return {@code hint} if given, else {@code console}
   */
  public static boolean isTerminal(String hint, boolean console) {
    return hint == null ? console : hint.equals("1");
  }
}
