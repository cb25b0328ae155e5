package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.client.CorruptCacheException;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.MissingDataException;
import dev.sumdb4j.tlog.http.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line itself: help, version, usage errors and the exit-code mapping. */
class MainTest {
  @TempDir Path tmp;

  @Test
  void help_listsCommandsAndExitCodes_exit0() {
    Cli.Result r = Cli.run(Map.of(), "--help");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("verify"), r::toString);
    for (String code : List.of("0   every go.sum line verified", "1   a go.sum line mismatched", "2   usage error",
        "3   SECURITY", "4   unavailable")) {
      assertTrue(r.out().contains(code), () -> code + " missing from\n" + r);
    }
    Cli.Result verifyHelp = Cli.run(Map.of(), "verify", "--help");
    assertEquals(0, verifyHelp.exit(), verifyHelp::toString);
    assertTrue(verifyHelp.out().contains("--offline") && verifyHelp.out().contains("--evidence-out")
        && verifyHelp.out().contains("Exit codes"), verifyHelp::toString);
  }

  @Test
  void subcommandTable_listsExactlyTheAnnotatedSubcommands() {
    Map<String, Class<?>> annotated = new java.util.HashMap<>();
    Main.commandLine(new Main(Map.of())).getSubcommands()
        .forEach((name, cl) -> annotated.put(name, cl.getCommandSpec().userObject().getClass()));
    assertEquals(annotated, Main.SUBCOMMANDS);
  }

  @Test
  void commandLineFor_buildsOnlyTheNamedSubcommand_andTheWholeTreeOtherwise() {
    Main main = new Main(Map.of());
    picocli.CommandLine lean = Main.commandLineFor(main, new String[] {"verify", "--offline"});
    assertEquals(List.of("verify"), List.copyOf(lean.getSubcommands().keySet()));
    assertEquals(Main.SUBCOMMANDS.keySet(),
        Main.commandLineFor(main, new String[] {"--help"}).getSubcommands().keySet());
    assertEquals(Main.SUBCOMMANDS.keySet(),
        Main.commandLineFor(main, new String[] {"bogus"}).getSubcommands().keySet());
    for (String version : List.of("--version", "-V")) { // the version alone: no subcommand, no annotation read
      picocli.CommandLine bare = Main.commandLineFor(main, new String[] {version});
      assertTrue(bare.getSubcommands().isEmpty(), version);
      assertTrue(bare.getCommandSpec().mixins().isEmpty(), version);
    }
    assertEquals(Main.SUBCOMMANDS.keySet(),
        Main.commandLineFor(main, new String[] {"--version", "verify"}).getSubcommands().keySet());
    Cli.Result unknown = Cli.run(Map.of(), "bogus");
    assertEquals(2, unknown.exit(), unknown::toString);
    assertTrue(unknown.err().contains("bogus"), unknown::toString);
  }

  @Test
  void version_printsProjectVersion_exit0() {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"verify", "--version"},
        new String[] {"audit", "mirror", "--version"}, new String[] {"note", "--version"})) {
      Cli.Result r = Cli.run(Map.of(), args);
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().matches("sumdb4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), () -> String.join(" ", args) + ": " + r);
    }
  }

  @Test
  void noSubcommand_printsUsage_exit2() {
    Cli.Result r = Cli.run(Map.of());
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("Usage: sumdb4j"), r::toString);
  }

  @Test
  void unknownOption_exit2() {
    assertEquals(2, Cli.run(Map.of(), "--bogus").exit());
    assertEquals(2, Cli.run(Map.of(), "verify", "--bogus").exit());
    assertEquals(2, Cli.run(Map.of(), "verify", "--timeout", "soon").exit());
  }

  @Test
  void verify_badGosumdb_exit2() throws IOException {
    Path gosum = tmp.resolve("go.sum");
    Files.writeString(gosum, "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n");
    Map<String, String> env = Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off");
    Cli.Result bad = Cli.run(env, "verify", "--gosumdb", "not a+valid+key value", gosum.toString());
    assertEquals(2, bad.exit(), bad::toString);
    Cli.Result off = Cli.run(env, "verify", "--gosumdb", "off", gosum.toString());
    assertEquals(2, off.exit(), off::toString);
    assertTrue(off.err().contains("GOSUMDB=off"), off::toString);
  }

  @Test
  void verify_offlineEmptyCache_exit4() throws IOException {
    Path gosum = tmp.resolve("go.sum");
    Files.writeString(gosum, "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n");
    Map<String, String> env = Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off");
    Cli.Result r = Cli.run(env, "verify", "--offline", gosum.toString());
    assertEquals(4, r.exit(), r::toString);
    assertTrue(r.out().startsWith(gosum + ":1: error rsc.io/quote v1.5.2: offline and not in the cache: 1 item:"
        + " lookup/rsc.io/quote@v1.5.2"), r::toString);
  }

  @Test
  void verify_defaultFile_isGoSumInCurrentDirectory() {
    Cli.Result r = Cli.run(Map.of("GOPATH", tmp.toString(), "GOENV", "off"), "verify", "--offline");
    // the module's directory has no go.sum: a usage error naming it
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("no such go.sum file: go.sum"), r::toString);
  }

  @Test
  void exitCodes_mapExceptionTypes() {
    assertEquals(2, ExitCodes.forException(new MalformedInputException("go.sum", 3, -1, "bad")));
    assertEquals(2, ExitCodes.forException(new UserInputException("bad option")));
    assertEquals(3, ExitCodes.forException(new ProofException("bad proof", "a", "b")));
    assertEquals(3, ExitCodes.forException(new SumdbException("unclassified check")));
    assertEquals(4, ExitCodes.forException(new IOException("connection refused")));
    assertEquals(4, ExitCodes.forException(new NotFoundException("/x", "404")));
    assertEquals(4, ExitCodes.forException(new MissingDataException(List.of("lookup/a@v1.0.0"))));
  }

  @Test
  void exitCodes_oneMappingForEveryKind() {
    MalformedInputException malformed = new MalformedInputException("/lookup/a.b/c@v1.0.0", 1, 0, "bad");
    // Malformed data the server sent is a misbehaving server, not a usage error.
    assertEquals(3, ExitCodes.forException(new MalformedResponseException(malformed)));
    assertEquals(3, ExitCodes.forLookupFailure(new MalformedResponseException(malformed)));
    // A damaged cache or state file: its own kind, exit 4, not a security failure.
    assertEquals(4, ExitCodes.forException(new CorruptCacheException(List.of("tile/8/0/000"), "bad", null)));
    assertEquals(4, ExitCodes.forException(new LocalStateException("latest: truncated", List.of(), malformed)));
    // A fork is a security failure wherever it is found, also wrapped.
    assertEquals(3, ExitCodes.forException(new CommandLine.ExecutionException(new CommandLine(new Main(Map.of())),
        "x", new LogMisbehaviorException("fork", null))));
    assertEquals(2, ExitCodes.forException(new UserInputException("invalid configuration", malformed)));
    // Not found is a verdict for a lookup, unavailable data otherwise.
    assertEquals(1, ExitCodes.forLookupFailure(new NotFoundException("/lookup/a.b/c@v1.0.0", "404")));
    assertEquals(4, ExitCodes.forLookupFailure(new IOException("connection refused")));
  }
}
