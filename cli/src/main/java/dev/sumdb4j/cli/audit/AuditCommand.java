package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sumdb4j audit}: keep and check a full copy of a checksum database. Exit codes: 0 ok, 1
 * problems or differences found, 2 usage error or malformed input, 3 security (a signature, tile
 * or record failed verification, or the log forked), 4 network or I/O failure. {@code mirror},
 * {@code verify} and {@code compare} take the database as every other command does ({@code
 * GOSUMDB}, {@code --gosumdb}) and print one JSON document with {@code --json} ({@link AuditRun}).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audit the log: watch it stay append-only, mirror it, verify a mirror offline,"
        + " compare it with go.sum files and a module cache, audit a module proxy.",
    subcommands = {MirrorCommand.class, VerifyMirrorCommand.class, CompareCommand.class, ProxyCommand.class,
      dev.sumdb4j.cli.watch.WatchCommand.class})
public final class AuditCommand implements Callable<Integer> {
  /** sum.golang.org's verifier key. */
  public static final String SUM_GOLANG_ORG_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  @Spec CommandSpec spec;

  /** Without a subcommand: prints the usage, exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Runs {@code sumdb4j audit args...} standalone. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new AuditCommand()).execute(args));
  }
}
