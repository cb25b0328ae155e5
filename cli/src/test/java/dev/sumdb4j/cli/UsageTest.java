package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.RealData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors, {@code help [COMMAND]} and {@code -} for standard input, as users run them. */
class UsageTest {
  @TempDir Path tmp;

  @Test
  void usageError_oneLineAndWhereToLook_notTheWholeHelp() {
    for (String[] args : List.of(new String[] {"verify", "--bogus"}, new String[] {"verify", "--timeout", "soon"},
        new String[] {"--bogus"}, new String[] {"audit", "mirror", "--concurrency"})) {
      Cli.Result r = Cli.run(Map.of(), args);
      assertEquals(2, r.exit(), r::toString);
      assertFalse(r.err().contains("Usage:"), r::toString);
      List<String> lines = r.err().lines().toList();
      assertTrue(lines.get(0).startsWith("sumdb4j: "), r::toString);
      String sub = args[0].startsWith("-") ? "sumdb4j" : "sumdb4j " + String.join(" ", List.of(args).subList(0,
          args[0].equals("audit") ? 2 : 1));
      assertEquals("Try '" + sub + " --help' for more information.", lines.get(lines.size() - 1), r::toString);
      assertTrue(lines.size() <= 3, r::toString); // the message, perhaps a suggestion, where to look
    }
    Cli.Result typo = Cli.run(Map.of(), "verfy");
    assertEquals(2, typo.exit(), typo::toString);
    assertTrue(typo.err().contains("verify"), "suggests the command: " + typo);
  }

  @Test
  void help_command_rootAndSubcommand() {
    Cli.Result root = Cli.run(Map.of(), "help");
    assertEquals(0, root.exit(), root::toString);
    assertTrue(root.out().contains("Usage: sumdb4j") && root.out().contains("verify"), root::toString);
    Cli.Result verify = Cli.run(Map.of(), "help", "verify");
    assertEquals(0, verify.exit(), verify::toString);
    assertTrue(verify.out().contains("Usage: sumdb4j verify") && verify.out().contains("--offline"), verify::toString);
    Cli.Result bogus = Cli.run(Map.of(), "help", "bogus");
    assertEquals(2, bogus.exit(), bogus::toString);
  }

  /** {@code verify -}: the go.sum on standard input, verified offline against examples/gopath. */
  @Test
  void verify_dashReadsStandardInput() throws Exception {
    Path root = RealData.projectRoot();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "verify", "--offline", "--gopath", root.resolve("examples/gopath").toString(), "-"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(root.resolve("examples/go.sum").toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().clear();
    pb.environment().put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
    String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + err);
    assertEquals(6, out.lines().filter(l -> l.startsWith("-:") && l.contains(": ok ")).count(), out + err);
    assertTrue(out.startsWith("-:1: ok golang.org/x/text "), out);

    Cli.Result twice = Cli.run(Map.of("HOME", tmp.toString(), "GOENV", "off"), "verify", "--offline", "-", "-");
    assertEquals(2, twice.exit(), twice::toString);
  }
}
