package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.ExitCodes;

/** Exit-code arithmetic of the commands (see {@link ExitCodes}). */
final class Codes {
  private Codes() {}

  /** The exit code of one failed lookup: {@link ExitCodes#forLookupFailure}. */
  static int ofLookupFailure(Exception e) {
    return ExitCodes.forLookupFailure(e);
  }
}
