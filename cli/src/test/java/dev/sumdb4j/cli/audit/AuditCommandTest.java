package dev.sumdb4j.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.audit.AuditFixtures;
import dev.sumdb4j.tlog.audit.MirrorDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AuditCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void mirrorThenVerifyThenCompare_exitCodesAndOutput() throws Exception {
    Path m = dir.resolve("m");
    String key = AuditFixtures.verifierKey();
    try (AuditFixtures.Server s = AuditFixtures.serve(2000)) {
      Run r = run("mirror", "--dir", m.toString(), "--gosumdb", key + " " + s.uri());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("mirrored tree of 2000 records"), r.out());
      assertEquals("", r.err(), "no progress bar without a terminal");
    }
    Run v = run("verify", "--dir", m.toString(), "--gosumdb", key, "--threads", "2");
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().startsWith("ok: 2000 records"), v.out());

    Path gosum = dir.resolve("go.sum");
    String rec = AuditFixtures.record(2000, 42);
    Files.writeString(gosum, rec, StandardCharsets.UTF_8);
    Run c = run("compare", "--dir", m.toString(), "--gosumdb", key, gosum.toString());
    assertEquals(0, c.code(), c.out() + c.err());
    Files.writeString(gosum, rec.replaceFirst("h1:.", "h1:+"), StandardCharsets.UTF_8);
    c = run("compare", "--dir", m.toString(), "--gosumdb", key, gosum.toString());
    assertEquals(1, c.code(), c.out() + c.err());
    assertTrue(c.out().contains("difference: " + gosum + ":1: "), c.out());

    Path t = m.resolve("tile/8/0/001");
    byte[] b = Files.readAllBytes(t);
    b[100] ^= 1;
    Files.write(t, b);
    v = run("verify", "--dir", m.toString(), "--gosumdb", key);
    assertEquals(1, v.code(), v.out() + v.err());
    assertTrue(v.out().contains("problem: tile/8/0/001: record 259: byte offset 100: "), v.out());
  }

  @Test
  void verifyOrCompare_notAMirror_usageExit_nothingWritten() throws Exception {
    String key = AuditFixtures.verifierKey();
    java.nio.file.Files.writeString(dir.resolve("unrelated.txt"), "not a mirror\n");
    java.nio.file.Path gosum = java.nio.file.Files.writeString(dir.resolve("go.sum"), "");
    for (String[] args : new String[][] {{"verify", "--dir", dir.toString(), "--gosumdb", key},
        {"verify", "--dir", dir.resolve("missing").toString(), "--gosumdb", key},
        {"compare", "--dir", dir.toString(), "--gosumdb", key, gosum.toString()}}) {
      Run v = run(args);
      assertEquals(2, v.code(), String.join(" ", args) + ": " + v.out() + v.err());
      assertTrue(v.err().contains("is not a mirror: it has no latest file (make one with: sumdb4j audit mirror"),
          v.err());
    }
    assertTrue(!java.nio.file.Files.exists(dir.resolve(".audit")) && !java.nio.file.Files.exists(dir.resolve("missing")),
        "verify wrote into a directory that is not a mirror");
    assertTrue(!Files.exists(MirrorDir.at(dir).defaultStateDir()), "verify made a state directory for no mirror");
  }

  @Test
  void verify_wrongKey_securityExit() throws Exception {
    Path dir = this.dir.resolve("m");
    AuditFixtures.writeMirror(dir, 300);
    Run v = run("verify", "--dir", dir.toString(), "--gosumdb", "sum.golang.org");
    assertEquals(3, v.code(), v.out() + v.err());
    assertTrue(v.err().startsWith("sumdb4j audit: "), v.err());
  }

  @Test
  void verify_whileAnotherRunHoldsTheMirror_unavailableExit_thenRunsOnceReleased() throws Exception {
    Path dir = this.dir.resolve("m");
    AuditFixtures.writeMirror(dir, 300);
    String key = AuditFixtures.verifierKey();
    try (MirrorDir.Lock held = MirrorDir.at(dir).lock()) {
      Run v = run("verify", "--dir", dir.toString(), "--gosumdb", key);
      assertEquals(4, v.code(), v.out() + v.err());
      assertEquals("sumdb4j audit: another audit run (mirror, verify or compare) is using this mirror"
          + " (it holds " + dir.resolve(".audit/lock") + "); try again when it has finished\n",
          v.err().replace(System.lineSeparator(), "\n"));
      assertEquals("", v.out());
    }
    Run v = run("verify", "--dir", dir.toString(), "--gosumdb", key);
    assertEquals(0, v.code(), v.out() + v.err());
  }

  @Test
  void mirror_serverDown_unavailableExit() {
    Run r = run("mirror", "--dir", dir.resolve("m").toString(), "--gosumdb",
        AuditFixtures.verifierKey() + " http://127.0.0.1:1");
    assertEquals(4, r.code(), r.err());
  }

  @Test
  void rootCommand_auditVerify_registered() throws Exception {
    Path dir = this.dir.resolve("m");
    AuditFixtures.writeMirror(dir, 300);
    StringWriter out = new StringWriter();
    CommandLine cl = dev.sumdb4j.cli.Main.commandLine(new dev.sumdb4j.cli.Main(java.util.Map.of()));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertEquals(0, cl.execute("audit", "verify", "--dir", dir.toString(), "--gosumdb", AuditFixtures.verifierKey()));
    assertTrue(out.toString().startsWith("ok: 300 records"), out.toString());
  }

  @Test
  void noSubcommand_usage() {
    assertEquals(2, run().code());
  }

  /**
   * A resumed mirror checks the data tiles it keeps against their authenticated level-0 tiles: one
   * damaged on disk is fetched again and replaced, and the summary says so (it used to be "kept").
   */
  @Test
  void mirror_again_damagedDataTileOnDisk_replacedAndReported() throws Exception {
    Path m = dir.resolve("m");
    String key = AuditFixtures.verifierKey();
    try (AuditFixtures.Server s = AuditFixtures.serve(2000)) {
      Run first = run("mirror", "--dir", m.toString(), "--gosumdb", key + " " + s.uri());
      assertEquals(0, first.code(), first.err());
      Path t = m.resolve("tile/8/data/001");
      byte[] good = Files.readAllBytes(t);
      byte[] bad = good.clone();
      bad[100] ^= 1;
      Files.write(t, bad);
      Run again = run("mirror", "--dir", m.toString(), "--gosumdb", key + " " + s.uri());
      assertEquals(0, again.code(), again.out() + again.err());
      assertTrue(again.out().contains(", 1 damaged data tiles in the mirror replaced"), again.out());
      assertTrue(again.out().contains(" kept (authenticated again)"), again.out());
      org.junit.jupiter.api.Assertions.assertArrayEquals(good, Files.readAllBytes(t));
    }
    Run v = run("verify", "--dir", m.toString(), "--gosumdb", key);
    assertEquals(0, v.code(), v.out() + v.err());
  }
}
