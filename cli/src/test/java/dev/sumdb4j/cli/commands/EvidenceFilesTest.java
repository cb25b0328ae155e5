package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence and other outputs are new files: never written through a symlink, never over a file. */
class EvidenceFilesTest {
  @TempDir Path tmp;

  private TestLog log;
  private LogServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    log = TestLog.create("localhost.localdev/sumdb", 8);
    for (int i = 0; i < 5; i++) {
      log.addModule("example.com/m" + i, "v1.0.0", OnlineCommandsTest.h1("z" + i), OnlineCommandsTest.h1("m" + i));
    }
    server = new LogServer(log);
    env = server.env(tmp.resolve("gopath"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Makes the server sign a fork of what the client has seen; the next {@code latest} catches it. */
  private void fork() throws Exception {
    assertEquals(0, Run.run(env, "latest").exit());
    TestLog forked = log.fork();
    log.addModule("example.com/honest", "v1.0.0", OnlineCommandsTest.h1("h"), OnlineCommandsTest.h1("hm"));
    forked.addModule("example.com/evil", "v1.0.0", OnlineCommandsTest.h1("e"), OnlineCommandsTest.h1("em"));
    forked.addModule("example.com/evil2", "v1.0.0", OnlineCommandsTest.h1("e2"), OnlineCommandsTest.h1("em2"));
    assertEquals(0, Run.run(env, "latest").exit());
    server.serve(forked);
  }

  @Test
  void latest_evidenceOutIsSymlink_targetUntouched_evidenceWrittenBeside() throws Exception {
    fork();
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "precious\n");
    Path evidence = tmp.resolve("evidence.json");
    Files.createSymbolicLink(evidence, victim);
    Run.Result r = Run.run(env, "latest", "--evidence-out", evidence.toString());
    assertEquals(3, r.exit(), r::toString);
    assertEquals("precious\n", Files.readString(victim), "written through the symlink");
    assertTrue(Files.isSymbolicLink(evidence), r::toString);
    Path fresh = tmp.resolve("evidence-1.json");
    assertTrue(r.err().contains("evidence written to " + fresh), r::toString);
    assertEquals(0, Run.run(env, "evidence", "verify", "--key", log.verifierKey().toString(), fresh.toString()).exit());
  }

  @Test
  void latest_earlierEvidence_keptAndNewEvidenceGetsAFreshName() throws Exception {
    fork();
    Path evidence = tmp.resolve("evidence.json");
    Files.writeString(evidence, "earlier evidence\n");
    Run.Result r = Run.run(env, "latest", "--evidence-out", evidence.toString());
    assertEquals(3, r.exit(), r::toString);
    assertEquals("earlier evidence\n", Files.readString(evidence));
    assertTrue(r.err().contains("evidence written to " + tmp.resolve("evidence-1.json")), r::toString);
    Run.Result again = Run.run(env, "latest", "--evidence-out", evidence.toString());
    assertEquals(3, again.exit(), again::toString);
    assertTrue(again.err().contains("evidence written to " + tmp.resolve("evidence-2.json")), again::toString);
    try (var s = Files.list(tmp)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file is left");
    }
  }

  @Test
  void noteSign_outputIsSymlinkOrExists_refused_nothingReplaced() throws Exception {
    Path text = tmp.resolve("text");
    Files.writeString(text, "hello\n");
    String key = Run.run(Map.of(), "key", "generate", "example.com/k").out().lines().findFirst().orElseThrow();
    Path keyFile = tmp.resolve("key");
    Files.writeString(keyFile, key + "\n");
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "precious\n");
    Path link = tmp.resolve("signed-link");
    Files.createSymbolicLink(link, victim);
    for (Path out : List.of(link, victim)) {
      Run.Result r = Run.run(Map.of(), "note", "sign", "--key", "@" + keyFile, "-o", out.toString(), text.toString());
      assertEquals(2, r.exit(), r::toString);
      assertTrue(r.err().contains("exists"), r::toString);
      assertEquals("precious\n", Files.readString(victim));
    }
    Path fresh = tmp.resolve("signed");
    Run.Result ok = Run.run(Map.of(), "note", "sign", "--key", "@" + keyFile, "-o", fresh.toString(), text.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(Files.readString(fresh).startsWith("hello\n\n— example.com/k "), ok::toString);
  }
}
