package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it prints its usage and fails with exit code 2. */
abstract class GroupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Prints the usage on stderr; returns {@link ExitCodes#USAGE}. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
