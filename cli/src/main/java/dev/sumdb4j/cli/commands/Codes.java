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
