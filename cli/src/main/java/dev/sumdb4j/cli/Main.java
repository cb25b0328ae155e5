package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.CommandEnvironment;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.cli.commands.EvidenceCommand;
import dev.sumdb4j.cli.commands.GithubAnnotations;
import dev.sumdb4j.cli.commands.HashCommand;
import dev.sumdb4j.cli.commands.KeyCommand;
import dev.sumdb4j.cli.commands.LatestCommand;
import dev.sumdb4j.cli.commands.LookupCommand;
import dev.sumdb4j.cli.commands.ModcacheCommand;
import dev.sumdb4j.cli.commands.NoteCommand;
import dev.sumdb4j.cli.commands.ProofCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sumdb4j} command: verifies go.sum files against the Go checksum database.
 *
 * <p>Exit codes are listed in {@link ExitCodes}. Configuration comes from the same environment
 * variables as the go command's (GOSUMDB, GONOSUMDB, GOPRIVATE, GOPROXY, GOPATH, GOMODCACHE,
 * GOENV); options override them.
 */
@Command(
    name = "sumdb4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Verifies go.sum files against the Go checksum database (GOSUMDB), online or"
        + " offline from the go command's cache.",
    subcommands = {VerifyCommand.class, LookupCommand.class, LatestCommand.class, ProofCommand.class,
      ModcacheCommand.class, EvidenceCommand.class, NoteCommand.class, KeyCommand.class, HashCommand.class,
      dev.sumdb4j.cli.audit.AuditCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every go.sum line verified (or was skipped by GONOSUMDB/GOPRIVATE)",
      "1:a go.sum line mismatched the database or is not in it",
      "2:usage error or malformed input",
      "3:SECURITY: data failed authentication or the log's history is inconsistent",
      "4:unavailable: network or I/O failure, or data missing offline",
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "GOSUMDB, GONOSUMDB, GOPRIVATE, GOPROXY, GOPATH, GOMODCACHE and GOENV are read as the go"
          + " command reads them; so are HTTPS_PROXY, HTTP_PROXY, NO_PROXY, SSL_CERT_FILE, SSL_CERT_DIR"
          + " and NETRC (see the README's Network section).",
    })
public final class Main implements Callable<Integer>, CommandEnvironment {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  /** A command reading the process environment. */
  public Main() {
    this(System.getenv());
  }

  /** A command reading {@code environment} instead of the process environment. */
  public Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment this command reads its configuration from. */
  @Override
  public Map<String, String> environment() {
    return environment;
  }

  /** Without a subcommand: prints the usage and fails with exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /**
   * The subcommands by name, as {@code subcommands} above lists them (a test keeps the two equal):
   * lets {@link #main} build only the one a command line names.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = Map.ofEntries(
      Map.entry("verify", VerifyCommand.class), Map.entry("lookup", LookupCommand.class),
      Map.entry("latest", LatestCommand.class), Map.entry("proof", ProofCommand.class),
      Map.entry("modcache", ModcacheCommand.class), Map.entry("evidence", EvidenceCommand.class),
      Map.entry("note", NoteCommand.class), Map.entry("key", KeyCommand.class),
      Map.entry("hash", HashCommand.class), Map.entry("audit", dev.sumdb4j.cli.audit.AuditCommand.class),
      Map.entry("help", CommandLine.HelpCommand.class));

  /** A command line for {@code main}, wired with the exit-code mapper and the error printer. */
  public static CommandLine commandLine(Main main) {
    return wired(new CommandLine(main));
  }

  /**
   * The command line that runs {@code args}: when they start with a subcommand's name, the root
   * holds only that subcommand (picocli reflects on every command it is given, about a fifth of a
   * short run's start-up); for {@code --version} alone, a root with that option only and no
   * annotation read (building the whole tree was most of that run's CPU); otherwise, for the root's
   * help and usage errors, all of them.
   */
  static CommandLine commandLineFor(Main main, String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      CommandSpec root = CommandSpec.wrapWithoutInspection(main).name("sumdb4j");
      root.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
          .description("Print version information and exit.").build());
      return wired(new CommandLine(root));
    }
    Class<?> sub = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
    if (sub == null || sub == CommandLine.HelpCommand.class) { // help COMMAND needs the others
      return commandLine(main);
    }
    CommandSpec root = CommandSpec.wrapWithoutInspection(main).name("sumdb4j");
    CommandLine cl = new CommandLine(root);
    cl.addSubcommand(sub);
    return wired(cl);
  }

  private static CommandLine wired(CommandLine cl) {
    // No argument files: "@x/go.sum" is a path (a repository under check may hold one), and a
    // "--key @FILE" is read by the command, which never echoes the file's content.
    cl.setExpandAtFiles(false);
    // Everything the command prints passes TerminalText, whatever writers a caller set.
    cl.setExecutionStrategy(parseResult -> {
      CommandLine root = parseResult.commandSpec().commandLine();
      PrintWriter out = TerminalText.writer(root.getOut());
      PrintWriter err = TerminalText.writer(root.getErr());
      JsonRun json = JsonRun.of(parseResult);
      if (json == null) {
        root.setOut(out);
        root.setErr(err);
        return new CommandLine.RunLast().execute(parseResult);
      }
      // --json: exactly one document on every path, so the failures are handled here, before it.
      root.setOut(json.out());
      root.setErr(json.err(err));
      int code;
      try {
        refuseGithubAnnotations(parseResult);
        code = new CommandLine.RunLast().execute(parseResult);
      } catch (CommandLine.ExecutionException ex) {
        Exception cause = ex.getCause() instanceof Exception e ? e : ex;
        try {
          code = root.getExecutionExceptionHandler().handleExecutionException(cause, ex.getCommandLine(), parseResult);
        } catch (Exception unexpected) { // the handler above throws none
          code = ExitCodes.forException(unexpected);
        }
      } catch (CommandLine.ParameterException ex) {
        try {
          code = root.getParameterExceptionHandler().handleParseException(ex,
              parseResult.originalArgs().toArray(new String[0]));
        } catch (Exception unexpected) { // the handler above throws none
          code = ExitCodes.USAGE;
        }
      } catch (Error e) {
        code = fatal(root.getErr(), e, null);
      }
      json.finish(out, code);
      return code;
    });
    withVersion(cl, new Version());
    cl.setExitCodeExceptionMapper(ExitCodes::forException);
    // A usage error: what was wrong and where to look, not the whole help.
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      err.println("sumdb4j: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      if (JsonRun.requested(c, args)) {
        JsonRun.usageError(c.getOut(), ExitCodes.USAGE, ex.getMessage());
      }
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      Error fatal = fatalCause(ex);
      if (fatal != null) {
        return fatal(commandLine.getErr(), fatal, null);
      }
      annotateMalformedLine(ex, parseResult, commandLine.getOut());
      int code = ExitCodes.forException(ex);
      if (code == ExitCodes.SECURITY) { // the banner the go command prints, whichever command failed
        commandLine.getErr().println("SECURITY ERROR");
      }
      commandLine.getErr().println("sumdb4j: " + Failures.message(ex));
      commandLine.getErr().flush();
      return code;
    });
    CommandLine.IExecutionStrategy strategy = cl.getExecutionStrategy();
    cl.setExecutionStrategy(parseResult -> {
      try {
        return strategy.execute(parseResult);
      } catch (Error e) {
        return fatal(cl.getErr(), e, null);
      }
    });
    return cl;
  }

  /**
   * {@code --json} and {@code --format github} together are a usage error: standard output carries
   * exactly one JSON document, and GitHub reads annotations from standard output too; a run asked
   * for both would have to drop what it was asked for, or print something that does not parse.
   */
  private static void refuseGithubAnnotations(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    if ("github".equals(String.valueOf(last.matchedOptionValue("--format", "text")))) {
      throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
          "--json and --format github cannot be used together (standard output is one JSON document);"
              + " run once with each to get both");
    }
  }

  /**
   * With {@code --format github} (and no {@code --json}): a GitHub Actions annotation on the line of
   * a malformed input (a go.sum line) that ended the command, as for a failing line.
   */
  private static void annotateMalformedLine(Exception ex, CommandLine.ParseResult parseResult, PrintWriter out) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    if (!"github".equals(String.valueOf(last.matchedOptionValue("--format", "text")))
        || last.hasMatchedOption("--json")) {
      return;
    }
    for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MalformedInputException m && m.line() > 0) {
        out.println(GithubAnnotations.error(m.source(), m.line(), "malformed: " + m.reason()));
        out.flush();
        return;
      }
    }
  }

  /** Whether a fatal error has been reported (at most one message per process). */
  private static final AtomicBoolean FATAL_REPORTED = new AtomicBoolean();

  /** The {@link Error} in {@code t}'s causal chain, if any. */
  private static Error fatalCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof Error e) {
        return e;
      }
    }
    return null;
  }

  /**
   * Reports an {@link Error} (such as {@link OutOfMemoryError}) that ended the command, in one line
   * without a stack trace (once per process), and returns {@link ExitCodes#UNAVAILABLE}: nothing
   * was verified.
   */
  static int fatal(java.io.PrintWriter err, Error e, String thread) {
    String m = fatalMessage(e, thread);
    if (m != null) {
      err.println(m);
      err.flush();
    }
    return ExitCodes.UNAVAILABLE;
  }

  /** The one line reporting {@code e}, or null if a fatal error was reported already. */
  private static String fatalMessage(Error e, String thread) {
    if (!FATAL_REPORTED.compareAndSet(false, true)) {
      return null;
    }
    return "sumdb4j: aborted by a fatal error" + (thread == null ? "" : " in thread " + thread) + ": " + e
        + " (nothing was verified)";
  }

  /** Gives every command of the tree without a version of its own the project's ({@code --version}). */
  private static void withVersion(CommandLine cl, CommandLine.IVersionProvider version) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.versionProvider() == null && spec.version().length == 0) {
      spec.versionProvider(version);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      withVersion(sub, version);
    }
  }

  /** Runs the command with the process environment and exits with its exit code. */
  public static void main(String[] args) {
    // An Error in any thread (a worker's, the HTTP client's) ends the process with exit 4 and one
    // line, instead of a stack trace and a command waiting for work that thread will never finish.
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      if (e instanceof Error err) {
        try {
          String m = fatalMessage(err, t.getName());
          if (m != null) {
            System.err.println(m);
            System.err.flush();
          }
        } finally { // even if reporting fails for want of memory
          Runtime.getRuntime().halt(ExitCodes.UNAVAILABLE);
        }
      }
      System.err.print("Exception in thread \"" + t.getName() + "\" "); // the JVM's default report
      e.printStackTrace();
    });
    System.exit(commandLineFor(new Main(), args).execute(args));
  }

  /** The version from the build (a filtered resource). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"sumdb4j " + p.getProperty("version", "unknown")};
    }
  }
}
