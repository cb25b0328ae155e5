package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.cli.Main;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No argument takes {@code @FILE} expansion: a go.sum path is a path, a key file is read, never echoed. */
class ArgumentFilesTest {
  @TempDir Path tmp;

  /**
   * The repository under check holds {@code @x/go.sum} (a path {@code git ls-files '*go.sum'}
   * emits) and {@code x/go.sum}, which as an argument file would name the attacker's database.
   */
  @Test
  void verify_goSumPathStartingWithAt_isAPath_notArgumentsFromTheRepository() throws Exception {
    TestLog honest = TestLog.create("localhost.localdev/sumdb", 8);
    honest.addModule("example.com/a", "v1.0.0", OnlineCommandsTest.h1("honest zip"), OnlineCommandsTest.h1("honest mod"));
    TestLog attacker = TestLog.create("localhost.localdev/sumdb", 8);
    String zip = OnlineCommandsTest.h1("evil zip");
    String mod = OnlineCommandsTest.h1("evil mod");
    attacker.addModule("example.com/a", "v1.0.0", zip, mod);
    try (LogServer victimDb = new LogServer(honest); LogServer attackerDb = new LogServer(attacker)) {
      Path repo = Files.createDirectories(tmp.resolve("repo"));
      Files.createDirectories(repo.resolve("@x"));
      Files.createDirectories(repo.resolve("x"));
      Files.writeString(repo.resolve("@x/go.sum"),
          "example.com/a v1.0.0 " + zip + "\nexample.com/a v1.0.0/go.mod " + mod + "\n");
      Files.writeString(repo.resolve("x/go.sum"),
          "--gosumdb \"" + attackerDb.gosumdb() + "\" ./@x/go.sum\n");

      Path out = tmp.resolve("out");
      Path err = tmp.resolve("err");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "verify", "@x/go.sum")
          .directory(repo.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().clear();
      pb.environment().putAll(victimDb.env(tmp.resolve("gopath")));
      Process p = pb.start();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "sumdb4j did not finish");
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String result = "exit " + p.exitValue() + "\n" + stdout + "\n" + Files.readString(err, StandardCharsets.UTF_8);
      assertEquals(1, p.exitValue(), result); // the victim's database does not have the attacker's hashes
      assertFalse(stdout.contains("ok"), result);
      assertTrue(stdout.contains("@x/go.sum:1"), result);
    }
  }

  @Test
  void noteVerify_keyAtFile_readsTheKeyFile_neverEchoesIt() throws Exception {
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "root:$6$very-secret-hash:19000:0:99999:7:::\nsecond line\n");
    Path note = tmp.resolve("note");
    Files.writeString(note, "text\n\n— k AAAA\n");
    Run.Result r = Run.run(Map.of(), "note", "verify", "--key", "@" + secret, note.toString());
    assertEquals(2, r.exit(), r::toString);
    assertFalse(r.err().contains("secret") && r.err().contains("very-secret-hash"), r::toString);
    assertFalse(r.out().contains("very-secret-hash") || r.err().contains("very-secret-hash"), r::toString);
    assertTrue(r.err().contains(secret.toString()), r::toString);
  }

  @Test
  void noteSign_keyAtFile_malformedKey_neverEchoesIt() throws Exception {
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "PRIVATE+KEY+not-really+00000000+AAAA\n");
    Path text = tmp.resolve("text");
    Files.writeString(text, "hello\n");
    Run.Result r = Run.run(Map.of(), "note", "sign", "--key", "@" + secret, text.toString());
    assertEquals(2, r.exit(), r::toString);
    assertFalse((r.out() + r.err()).contains("not-really"), r::toString);
  }

  @Test
  void anyOption_atFileValue_isNotExpanded() throws Exception {
    Path args = tmp.resolve("args");
    Files.writeString(args, "--help\n");
    for (List<String> argv : List.of(List.of("hash", "gomod", "@" + args), List.of("@" + args))) {
      Run.Result r = Run.run(Map.of(), argv.toArray(String[]::new));
      assertEquals(2, r.exit(), r::toString);
      assertFalse(r.out().contains("Usage:"), r::toString);
    }
  }

  @Test
  void keyAtDevZeroOrFifo_andFifoInputs_exit2NamingThePath_neverBlock() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
    Path note = tmp.resolve("note");
    Files.writeString(note, "text\n");
    List<List<String>> runs = List.of(
        List.of("note", "verify", "--key", "@/dev/zero", note.toString()),
        List.of("note", "verify", "--key", "@" + fifo, note.toString()),
        List.of("note", "sign", "--key", "@" + fifo, note.toString()),
        List.of("note", "verify", fifo.toString()),
        List.of("hash", "gomod", fifo.toString()),
        List.of("verify", "--offline", fifo.toString()));
    for (List<String> argv : runs) {
      Run.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> Run.run(Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off"), argv.toArray(String[]::new)));
      assertEquals(2, r.exit(), () -> argv + ": " + r);
      String path = argv.contains("@/dev/zero") ? "/dev/zero" : fifo.toString();
      assertTrue(r.err().contains(path) && r.err().contains("not a regular file"), () -> argv + ": " + r);
    }
  }

  @Test
  void watchProofAndProxyInputs_fifo_exit2NamingThePath_neverBlock() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
    Path goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, "");
    String state = tmp.resolve("state").toString();
    List<List<String>> runs = List.of(
        List.of("audit", "watch", "--state", state, fifo.toString()),
        List.of("proof", "verify", "--go-sum", goSum.toString(), fifo.toString()),
        List.of("audit", "proxy", "--proxy", "http://127.0.0.1:9", "--state", state, fifo.toString()),
        List.of("audit", "proxy", "--proxy", "http://127.0.0.1:9", "--state", state, "--modules", fifo.toString()));
    for (List<String> argv : runs) {
      Run.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> Run.run(Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off"), argv.toArray(String[]::new)));
      assertEquals(2, r.exit(), () -> argv + ": " + r);
      assertTrue(r.err().contains(fifo.toString()) && r.err().contains("not a regular file"), () -> argv + ": " + r);
    }
  }
}
