package dev.sumdb4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sumdb4j verify}: checks every line of go.sum files against the checksum database. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Checks every line of each GO_SUM file against the checksum database and prints"
        + " one verdict per line: FILE:LINE: ok|mismatch|not-found|skipped|error ...")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Parameters(paramLabel = "GO_SUM", description = "go.sum files (default: ./go.sum)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--offline", description = "use only the local cache (GOPATH/GOMODCACHE), no network")
  boolean offline;

  @Option(names = "--json", description = "print a JSON report instead of text")
  boolean json;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getErr().println("sumdb4j verify: not built yet");
    return ExitCodes.UNAVAILABLE;
  }
}
