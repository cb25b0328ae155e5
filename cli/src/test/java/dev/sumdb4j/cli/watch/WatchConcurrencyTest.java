package dev.sumdb4j.cli.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.cli.Main;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.watch.CheckpointHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code audit watch} processes started at once on one state directory: the lock makes
 * them take turns, so exactly one bootstraps and the others find the tree unchanged (without the
 * lock each would read an empty history and append its own first line).
 */
class WatchConcurrencyTest {
  private static final int PROCESSES = 4;

  @TempDir Path tmp;

  @Test
  void watch_concurrentProcessesOnOneStateDir_takeTurns() throws Exception {
    TestLog log = TestLog.create("log.example", 8);
    for (int i = 0; i < 10; i++) {
      log.add("k" + i, "record " + i + "\n");
    }
    Path state = tmp.resolve("state");
    try (LoopbackLog server = LoopbackLog.start(log)) {
      List<Process> ps = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "audit", "watch", "--state", state.toString(), "--lock-timeout", "120")
            .redirectOutput(tmp.resolve("out" + i).toFile()).redirectError(tmp.resolve("err" + i).toFile());
        pb.environment().clear();
        pb.environment().put("GOPATH", tmp.resolve("gopath").toString());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("GOENV", tmp.resolve("no-goenv").toString());
        pb.environment().put("GOSUMDB", log.verifierKey() + " " + server.url());
        ps.add(pb.start());
      }
      for (int i = 0; i < PROCESSES; i++) {
        Process p = ps.get(i);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("watch process " + i + " did not finish");
        }
        String err = "process " + i + ": " + Files.readString(tmp.resolve("err" + i), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
      }
    }
    List<String> lines = Files.readAllLines(state.resolve(CheckpointHistory.HISTORY_FILE));
    assertEquals(1, lines.size(), lines::toString);
    long bootstrapped = 0;
    for (int i = 0; i < PROCESSES; i++) {
      if (Files.readString(tmp.resolve("err" + i)).contains("bootstrapped")) {
        bootstrapped++;
      }
    }
    assertEquals(1, bootstrapped);
  }
}
