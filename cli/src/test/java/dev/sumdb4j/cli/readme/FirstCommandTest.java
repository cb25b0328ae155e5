package dev.sumdb4j.cli.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command ("Build and run") works on a fresh checkout with no network and no Go
 * setup: its {@code cli/sumdb4j ...} part is run exactly as written, from the project root, as a
 * separate JVM with an empty HOME and no GOPATH, GOMODCACHE or GOENV; it must print what the README
 * shows and change nothing under {@code examples/}.
 */
class FirstCommandTest {
  @TempDir Path tmp;

  /** The first indented code line of README's "Build and run" section. */
  static String firstCommand() throws IOException {
    String readme = Files.readString(RealData.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n## Build and run\n");
    assertTrue(section >= 0, "README has no Build and run section");
    return readme.substring(section).lines().filter(l -> l.startsWith("    ")).findFirst().orElseThrow().strip();
  }

  /** The indented lines after {@code marker} in the Build and run section, up to the next blank line. */
  static List<String> shownOutput() throws IOException {
    String readme = Files.readString(RealData.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("\n## Build and run\n"));
    List<String> lines = section.lines().toList();
    int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("    examples/go.sum:1:")).findFirst().orElseThrow());
    List<String> out = new ArrayList<>();
    for (; i < lines.size() && lines.get(i).startsWith("    "); i++) {
      out.add(lines.get(i).substring(4));
    }
    return out;
  }

  @Test
  void readmeFirstCommand_freshEnvironmentNoNetwork_verifiesTheExamples() throws Exception {
    String command = firstCommand();
    assertTrue(command.startsWith("mvn "), command);
    String run = command.substring(command.indexOf("&& ") + 3);
    assertTrue(run.startsWith("cli/sumdb4j "), run);
    List<String> args = List.of(run.substring("cli/sumdb4j ".length()).split(" +"));
    assertTrue(args.contains("--offline"), "the first command must not need the network: " + run);

    Path root = RealData.projectRoot();
    Map<String, String> before = digests(root.resolve("examples"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.sumdb4j.cli.Main"));
    cmd.addAll(args);
    Path home = Files.createDirectories(tmp.resolve("home"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "did not finish");
    String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
    String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);
    String what = run + "\n--- stdout:\n" + out + "--- stderr:\n" + err;

    assertEquals(0, p.exitValue(), what);
    List<String> lines = out.lines().toList();
    assertEquals(6, lines.size(), what);
    lines.forEach(l -> assertTrue(l.matches("examples/go\\.sum:[1-6]: ok .*"), l));
    // what the README shows is what it prints: the first and last verdicts and the summary
    List<String> shown = shownOutput();
    assertEquals(shown.get(0), lines.get(0), what);
    assertEquals(shown.get(shown.size() - 2), lines.get(5), what);
    assertEquals(shown.get(shown.size() - 1), err.strip(), what);
    assertEquals(before, digests(root.resolve("examples")), "the command changed files under examples/");
  }

  /** Relative path to SHA-256 of every file under {@code dir}. */
  static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(f).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    return m;
  }
}
