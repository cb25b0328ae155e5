package dev.sumdb4j.cli.commands;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.cli.ExitCodes;
import dev.sumdb4j.tlog.client.CorruptCacheException;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.http.NotFoundException;
import java.io.IOException;

/** Exit-code arithmetic of the commands (see {@link ExitCodes}). */
final class Codes {
  private Codes() {}

  /** The more severe exit code: 3, then 1, then 2, then 4, then 0. */
  static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case ExitCodes.SECURITY -> 4;
      case ExitCodes.FAILED -> 3;
      case ExitCodes.USAGE -> 2;
      case ExitCodes.UNAVAILABLE -> 1;
      default -> 0;
    };
  }

  /**
   * The exit code of one failed lookup. The module version was validated before the lookup, so a
   * malformed answer is data from the database that failed authentication.
   */
  static int ofLookupFailure(Exception e) {
    if (e instanceof NotFoundException) {
      return ExitCodes.FAILED;
    }
    if (e instanceof CorruptCacheException || e instanceof LogMisbehaviorException
        || e instanceof MalformedInputException || e instanceof VerificationException) {
      return ExitCodes.SECURITY;
    }
    if (e instanceof MissingDataException || e instanceof IOException) {
      return ExitCodes.UNAVAILABLE;
    }
    return ExitCodes.forException(e);
  }
}
