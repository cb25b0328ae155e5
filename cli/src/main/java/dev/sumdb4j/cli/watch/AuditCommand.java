package dev.sumdb4j.cli.watch;

import dev.sumdb4j.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sumdb4j audit}: a minimal holder for {@code audit watch} until it joins the {@code audit}
 * command of {@code mirror}, {@code verify} and {@code compare}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audits a checksum database: watch it stay append-only.",
    subcommands = {WatchCommand.class})
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a subcommand: prints the usage and fails with exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
