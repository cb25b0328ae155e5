package dev.sumdb4j.cli.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.tlog.audit.MirrorLockedException;
import dev.sumdb4j.tlog.audit.NotAMirrorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sumdb4j audit}: keep and check a full copy of a checksum database. Exit codes: 0 ok, 1
 * problems or differences found, 2 usage error or malformed input, 3 security (a signature, tile
 * or record failed verification, or the log forked), 4 network or I/O failure.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audit the log: watch it stay append-only, mirror it, verify a mirror offline,"
        + " compare it with go.sum files and a module cache.",
    subcommands = {MirrorCommand.class, VerifyMirrorCommand.class, CompareCommand.class,
      dev.sumdb4j.cli.watch.WatchCommand.class})
public final class AuditCommand implements Callable<Integer> {
  /** sum.golang.org's verifier key. */
  public static final String SUM_GOLANG_ORG_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  static final int OK = 0;
  static final int FOUND = 1;
  static final int USAGE = 2;
  static final int SECURITY = 3;
  static final int UNAVAILABLE = 4;

  @Spec CommandSpec spec;

  /** Without a subcommand: prints the usage, exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** Returns the verifiers for a {@code --key} value. */
  static Verifiers verifiers(String key) throws MalformedInputException {
    return Verifiers.of(VerifierKey.parse(key));
  }

  /** The body of a subcommand. */
  interface Body {
    int run() throws IOException, SumdbException, InterruptedException;
  }

  /** Runs {@code body}, printing a failure on {@code err} and mapping it to an exit code. */
  static int run(PrintWriter err, Body body) {
    try {
      return body.run();
    } catch (MalformedInputException | NotAMirrorException e) {
      err.println("sumdb4j audit: " + e.getMessage());
      return USAGE;
    } catch (VerificationException e) {
      err.println("sumdb4j audit: SECURITY: " + e.getMessage());
      return SECURITY;
    } catch (SumdbException e) {
      err.println("sumdb4j audit: " + e.getMessage());
      return SECURITY;
    } catch (MirrorLockedException e) {
      err.println("sumdb4j audit: " + e.getMessage());
      return UNAVAILABLE;
    } catch (IOException e) {
      err.println("sumdb4j audit: " + e);
      return UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sumdb4j audit: interrupted (run again to resume)");
      return UNAVAILABLE;
    } finally {
      err.flush();
    }
  }

  /** Runs {@code sumdb4j audit args...} standalone. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new AuditCommand()).execute(args));
  }
}
