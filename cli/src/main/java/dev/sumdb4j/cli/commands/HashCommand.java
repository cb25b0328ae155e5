package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.module.ModuleVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j hash zip|dir|gomod PATH}: prints the go.sum (h1:) hash of a module zip, tree or go.mod. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = "Prints the h1: hash the go command writes in go.sum for a module zip, an extracted"
        + " module directory or a go.mod file.",
    subcommands = {HashCommand.Zip.class, HashCommand.Dir.class, HashCommand.GoMod.class})
public final class HashCommand extends GroupCommand {
  private static Path existing(Path p) throws UserInputException {
    if (!Files.exists(p)) {
      throw new UserInputException("no such file or directory: " + p);
    }
    return p;
  }

  /** {@code hash zip ZIP}. */
  @Command(name = "zip", mixinStandardHelpOptions = true,
      description = "Prints the h1: hash of a module zip (the go.sum line without /go.mod).")
  static final class Zip implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ZIP", description = "the module zip")
    Path zip;

    @Override
    public Integer call() throws Exception {
      spec.commandLine().getOut().println(DirHash.hashZip(existing(zip)));
      return ExitCodes.OK;
    }
  }

  /** {@code hash dir --prefix module@version DIR}. */
  @Command(name = "dir", mixinStandardHelpOptions = true,
      description = "Prints the h1: hash of an extracted module directory, each file named"
          + " PREFIX/relative-path (as the go command hashes $GOMODCACHE/path@version). Symbolic"
          + " links and special files are skipped, never followed or opened, as the go command's"
          + " module zips omit them.")
  static final class Dir implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--prefix", required = true, paramLabel = "MODULE@VERSION",
        description = "the module path and version the files are named under, e.g. rsc.io/quote@v1.5.2")
    String prefix;

    @Parameters(paramLabel = "DIR", description = "the module directory")
    Path dir;

    @Override
    public Integer call() throws Exception {
      ModuleVersion.parse(prefix); // a typo here would give a hash no go.sum has
      if (!Files.isDirectory(existing(dir))) {
        throw new UserInputException(dir + " is not a directory");
      }
      spec.commandLine().getOut().println(DirHash.hashDir(dir, prefix));
      return ExitCodes.OK;
    }
  }

  /** {@code hash gomod GO_MOD}. */
  @Command(name = "gomod", mixinStandardHelpOptions = true,
      description = "Prints the h1: hash of a go.mod file (the go.sum line ending in /go.mod).")
  static final class GoMod implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "GO_MOD", description = "the go.mod file (or a module cache .mod file)")
    Path file;

    @Override
    public Integer call() throws Exception {
      spec.commandLine().getOut().println(DirHash.hashGoMod(Output.read(file, "go.mod file", Output.MAX_GO_MOD_BYTES)));
      return ExitCodes.OK;
    }
  }
}
