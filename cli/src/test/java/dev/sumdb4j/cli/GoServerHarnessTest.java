package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go reference harness itself: the reference client accepts its log, forks and growth work. */
@Tag("live")
class GoServerHarnessTest {
  @TempDir Path tmp;

  @Test
  void referenceClient_sampledGoSum_verifiesEveryLine() throws Exception {
    Path gosum = tmp.resolve("go.sum");
    try (GoServer s = GoServer.start("-n", "3000", "-gosum", gosum.toString(), "-gosum-step", "7")) {
      List<String> lines = Files.readAllLines(gosum);
      assertEquals(2 * ((3000 + 6) / 7), lines.size());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("github.com/Example")), "capitalised paths sampled");
      assertTrue(lines.stream().anyMatch(l -> l.contains("+incompatible")), "+incompatible sampled");
      String out = runClient(s, gosum, 0);
      assertTrue(out.startsWith("lines " + lines.size() + " ok " + lines.size() + " "), out);
    }
  }

  @Test
  void referenceClient_changedHash_reportsMismatch() throws Exception {
    Path gosum = tmp.resolve("go.sum");
    try (GoServer s = GoServer.start("-n", "500", "-gosum", gosum.toString(), "-gosum-step", "100")) {
      List<String> lines = Files.readAllLines(gosum);
      String first = lines.get(0);
      lines.set(0, first.substring(0, first.length() - 5) + "AAAA=");
      Files.write(gosum, lines);
      String out = runClient(s, gosum, 1);
      assertTrue(out.contains(" mismatch 1 "), out);
    }
  }

  @Test
  void forkedServer_sameKeySameSize_differentTree() throws Exception {
    try (GoServer a = GoServer.start("-n", "1000");
        GoServer b = GoServer.start("-n", "1000", "-fork-at", "600")) {
      assertEquals(a.verifierKey(), b.verifierKey());
      String la = a.get("/latest");
      String lb = b.get("/latest");
      assertEquals(la.split("\n")[1], "1000");
      assertEquals(lb.split("\n")[1], "1000");
      assertNotEquals(la.split("\n")[2], lb.split("\n")[2]);
      // records before the fork point are the same, after it they differ
      assertEquals(a.get("/lookup/example.com/m100/v2@v2.0.1"), b.get("/lookup/example.com/m100/v2@v2.0.1")
          .replace(lb, la));
      assertNotEquals(a.get("/lookup/example.com/m200/v2@v2.0.2").split("\n")[1],
          b.get("/lookup/example.com/m200/v2@v2.0.2").split("\n")[1]);
    }
  }

  @Test
  void grow_addsRecords_newTreeSigned() throws Exception {
    try (GoServer s = GoServer.start("-n", "300", "-grow", "50")) {
      assertEquals("300", s.get("/latest").split("\n")[1]);
      assertEquals(350, s.grow());
      assertEquals("350", s.get("/latest").split("\n")[1]);
      assertTrue(s.stats(false).contains("\"size\":350"));
    }
  }

  @Test
  void otherKeySeed_otherKey() throws Exception {
    try (GoServer a = GoServer.start("-n", "1");
        GoServer b = GoServer.start("-n", "1", "-key-seed", "another")) {
      assertEquals(a.name(), b.name());
      assertNotEquals(a.verifierKey(), b.verifierKey());
    }
  }

  private static String runClient(GoServer s, Path gosum, int wantExit) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(GoServer.clientBinary().toString(), "-url", s.url(), "-key", s.verifierKey(),
        "-gosum", gosum.toString(), "-parallel", "8").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(wantExit, p.exitValue(), out);
    return out.lines().filter(l -> l.startsWith("lines ")).findFirst().orElse(out);
  }
}
