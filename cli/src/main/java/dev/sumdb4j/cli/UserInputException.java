package dev.sumdb4j.cli;

/** Input the user gave on the command line or in the environment is unusable (exit code 2). */
final class UserInputException extends Exception {
  UserInputException(String message) {
    super(message);
  }

  UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
