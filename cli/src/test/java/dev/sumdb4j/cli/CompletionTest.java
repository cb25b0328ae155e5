package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;

/**
 * The bash completion script the build generates (cli/pom.xml, execution shell-completion, with
 * picocli's generator from the same command tree) loads in bash and completes commands and options.
 */
class CompletionTest {
  @TempDir Path tmp;

  /** What bash's completion function offers for {@code line} (the word being completed is its last). */
  String complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String program = "source " + script + "\n"
        + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(" + words + ");"
        + " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _complete_sumdb4j; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "--norc", "-c", program).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void bashCompletion_completesCommandsAndOptions() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
        "no bash");
    Path script = tmp.resolve("sumdb4j-completion.bash");
    Files.writeString(script, AutoComplete.bash("sumdb4j", Main.commandLine(new Main(Map.of()))),
        StandardCharsets.UTF_8);
    assertEquals("verify\n", complete(script, "sumdb4j ver"));
    assertTrue(complete(script, "sumdb4j verify --off").contains("--offline"));
    assertTrue(complete(script, "sumdb4j ").contains("modcache\n") && complete(script, "sumdb4j ").contains("help\n"));
    assertTrue(complete(script, "sumdb4j audit ").contains("mirror"));
  }
}
