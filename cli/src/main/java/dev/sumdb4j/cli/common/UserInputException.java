package dev.sumdb4j.cli.common;

/** Input the user gave on the command line or in the environment is unusable (exit code 2). */
public final class UserInputException extends Exception {
  /** Says what input was unusable. */
  public UserInputException(String message) {
    super(message);
  }

  /** Says what input was unusable, and why ({@code cause}). */
  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
