package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.cli.common.StderrTerminal;
import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress is drawn when stderr is a terminal, as the launcher tells, whatever stdout is. */
class StderrTerminalTest {
  @TempDir Path tmp;

  @Test
  void launcherHint_wins_elseTheConsole() {
    assertTrue(StderrTerminal.isTerminal("1", false)); // stdout redirected, stderr a terminal
    assertFalse(StderrTerminal.isTerminal("", true)); // stderr redirected, stdout a terminal
    assertTrue(StderrTerminal.isTerminal(null, true));
    assertFalse(StderrTerminal.isTerminal(null, false));
  }

  @Test
  void launcher_passesTheHint() throws Exception {
    String script = Files.readString(RealData.projectRoot().resolve("cli/sumdb4j"));
    assertTrue(script.contains("if [ -t 2 ]; then defaults=\"$defaults -D" + StderrTerminal.PROPERTY + "=1\"; else"
        + " defaults=\"$defaults -D" + StderrTerminal.PROPERTY + "=\"; fi"), script);
  }

  /** Run as a process with stdout and stderr redirected to files: progress only when the hint says so. */
  @Test
  void progress_followsTheHint_notStdout() throws Exception {
    Path gopath = Examples.copyGopath(tmp);
    Map<String, String> env = Map.of("GOPATH", gopath.toString(), "GOENV", "off", "GOPROXY", "off");
    String goSum = RealData.projectRoot().resolve("examples/go.sum").toString();
    for (String hint : List.of("1", "")) {
      Path out = tmp.resolve("out" + hint);
      Path err = tmp.resolve("err" + hint);
      Cli.Result r = Cli.await(Cli.start(List.of("-D" + StderrTerminal.PROPERTY + "=" + hint), env, out, err,
          "proof", "export", "--offline", "--bundle", tmp.resolve("b" + hint + ".json").toString(), goSum), out, err);
      assertEquals(0, r.exit(), r::toString);
      assertEquals(hint.equals("1"), r.err().contains("\r\033[Klooking up 3 module versions..."), r::toString);
    }
  }
}
