package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review: what an attacker controlling the environment of a CI job or a restored
 * GOPATH can make {@code sumdb4j verify} do. Each test failed before its fix.
 */
class RedTeamTest {
  private static final String NAME = "localhost.localdev/sumdb";

  @TempDir Path tmp;

  private Path goSum() throws Exception {
    return Files.writeString(tmp.resolve("go.sum"), "example.com/a v1.0.0 " + OnlineCommandsTest.h1("a") + "\n");
  }

  private static TestLog log() throws Exception {
    TestLog log = TestLog.create(NAME, 8);
    log.addModule("example.com/a", "v1.0.0", OnlineCommandsTest.h1("a"), OnlineCommandsTest.h1("amod"));
    return log;
  }

  @Test
  void verify_gosumdbNameLeavingTheCacheDirectory_isAConfigurationError() throws Exception {
    // GOSUMDB names the cache directories; "db/../../x" would leave them. It was refused only by
    // the store, with an unchecked exception: exit 4, as for a bug in sumdb4j.
    String key = SignerKey.generate("db.example/../../escape", new SecureRandom()).verifierKey().toString();
    Map<String, String> env = Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off", "GOPROXY", "off");
    for (String command : new String[] {"verify", "latest"}) {
      Run.Result r = command.equals("verify")
          ? Run.run(env, "verify", "--gosumdb", key + " http://127.0.0.1:1", goSum().toString())
          : Run.run(env, "latest", "--gosumdb", key + " http://127.0.0.1:1");
      assertEquals(2, r.exit(), r::toString);
      assertTrue(r.err().contains("invalid sumdb name (must be host[/path]): db.example/../../escape"
          + " (empty, . or .. element)"), r::toString);
    }
  }

  @Test
  void verify_latestLockIsADanglingLink_nothingCreatedThroughIt() throws Exception {
    try (LogServer server = new LogServer(log())) {
      Path gopath = tmp.resolve("gopath");
      Path dir = Files.createDirectories(gopath.resolve("pkg/sumdb").resolve(NAME));
      Path victim = tmp.resolve("victim");
      Files.createSymbolicLink(dir.resolve("latest.lock"), victim);
      Run.Result r = Run.run(server.env(gopath), "verify", goSum().toString());
      assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), "a file was created through latest.lock: " + r);
      assertEquals(4, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.err().contains(dir.resolve("latest.lock") + " is a symbolic link, not a regular file"),
          r::toString);
    }
  }

  @Test
  void verify_latestLockIsAFifo_endsInsteadOfHanging() throws Exception {
    try (LogServer server = new LogServer(log())) {
      Path gopath = tmp.resolve("gopath");
      Path dir = Files.createDirectories(gopath.resolve("pkg/sumdb").resolve(NAME));
      SpecialFiles.fifo(dir.resolve("latest.lock"));
      Path goSum = goSum();
      Run.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> Run.run(server.env(gopath), "verify", goSum.toString()), "verify hung opening a FIFO latest.lock");
      assertEquals(4, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.err().contains(dir.resolve("latest.lock") + " is a special file (FIFO, device or socket)"),
          r::toString);
    }
  }

  /**
   * CVE-2026-56865 through the command, at sum.golang.org's height: tree 300 has four complete
   * subtrees in two tiles, so x/mod before v0.40.0 never checked tile/8/0/000 against its parent.
   * A record that was never logged, with its leaf hash forged into that tile, is served by the
   * server (online) or planted in a restored cache beside the genuine latest note (offline).
   */
  @Test
  void verify_forgedRecordBehindForgedLevel0Tile_onlineAndFromARestoredCache_neverOk() throws Exception {
    TestLog log = TestLog.create(NAME, 8);
    StringBuilder genuine = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, OnlineCommandsTest.h1("zip" + i), OnlineCommandsTest.h1("mod" + i));
    }
    log.refreshLookup("example.com/m0@v1.0.0"); // record 0 proved in tree 300: tile/8/0/000 is read
    genuine.append("example.com/m0 v1.0.0 ").append(OnlineCommandsTest.h1("zip0")).append('\n');
    String forgedLine = "example.com/forged v1.0.0 " + OnlineCommandsTest.h1("forged");
    byte[] forgedBody = new LookupResponse(0, forgedLine + "\n", log.signedTree()).format();
    byte[] forgedTile = log.get("/tile/8/0/000");
    Hash.ofRecord((forgedLine + "\n").getBytes(StandardCharsets.UTF_8)).copyTo(forgedTile, 0);
    Path forgedSum = Files.writeString(tmp.resolve("forged.go.sum"), forgedLine + "\n");
    try (LogServer server = new LogServer(log)) {
      // Online: the server serves both forgeries.
      Path gopath = tmp.resolve("online");
      Run.Result honest = Run.run(server.env(gopath),
          "verify", Files.writeString(tmp.resolve("m0.go.sum"), genuine).toString());
      assertEquals(0, honest.exit(), honest::toString);
      log.override("/lookup/example.com/forged@v1.0.0", forgedBody);
      log.override("/tile/8/0/000", forgedTile);
      Path online = tmp.resolve("online2");
      Run.Result r = Run.run(server.env(online), "verify", forgedSum.toString());
      assertEquals(3, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.err().contains("downloaded inconsistent tile"), r::toString);
      assertFalse(Files.exists(cache(online).resolve("tile/8/0/000")), "the forged tile was cached");

      // Offline: a cache filled honestly (tile/8/0/000 and tile/8/1/000.p/1 are in it), then the
      // forged record and tile planted.
      Path cache = cache(gopath);
      assertTrue(Files.exists(cache.resolve("tile/8/0/000")), "the honest run cached no tile/8/0/000");
      Files.write(cache.resolve("tile/8/0/000"), forgedTile);
      Files.write(Files.createDirectories(cache.resolve("lookup/example.com")).resolve("forged@v1.0.0"), forgedBody);
      r = Run.run(server.env(gopath), "verify", "--offline", forgedSum.toString());
      assertEquals(4, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.err().contains("tile/8/0/000"), r::toString);
    }
  }

  private static Path cache(Path gopath) {
    return gopath.resolve("pkg/mod/cache/download/sumdb").resolve(NAME);
  }

  @Test
  void verify_restoredLatestNoteNewerButForged_refusedAndKept() throws Exception {
    // A restored GOPATH with a "newer" latest note signed by another key of the same name: it must
    // neither be trusted (to skip proofs) nor replaced by the run (the user must see it).
    TestLog honest = log();
    byte[] forged = TestLog.create(NAME, 8).sign(new dev.sumdb4j.tlog.Tree(1000, Hash.ofRecord(new byte[0])));
    try (LogServer server = new LogServer(honest)) {
      Path gopath = tmp.resolve("gopath");
      Path latest = Files.createDirectories(gopath.resolve("pkg/sumdb").resolve(NAME)).resolve("latest");
      Files.write(latest, forged);
      Run.Result r = Run.run(server.env(gopath), "verify", goSum().toString());
      assertEquals(4, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.err().contains(latest.toString()) && r.err().contains("does not verify"), r::toString);
      assertTrue(java.util.Arrays.equals(forged, Files.readAllBytes(latest)), "the stored note was replaced");
    }
  }

  @Test
  void verify_gonosumdbMatchingEveryLine_exit0ButSaysNothingWasChecked() throws Exception {
    // An environment a CI job does not control (GOPRIVATE=* in a GOENV file, say) skips every
    // line, as the go command would: exit 0 as documented, but never silently.
    try (LogServer server = new LogServer(log())) {
      Path gopath = tmp.resolve("gopath");
      Files.createDirectories(gopath);
      Files.writeString(gopath.resolve("goenv"), "GOPRIVATE=*\n");
      Map<String, String> env = new java.util.HashMap<>(server.env(gopath));
      env.put("GOENV", gopath.resolve("goenv").toString());
      Run.Result r = Run.run(env, "verify", goSum().toString());
      assertEquals(0, r.exit(), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(r.out().contains(": skipped example.com/a v1.0.0: module matches GONOSUMDB/GOPRIVATE"), r::toString);
      assertTrue(r.err().contains("sumdb4j: note: no line was checked against the checksum database: every line"
          + " was skipped (GONOSUMDB/GOPRIVATE patterns: *)"), r::toString);
      env.remove("GOENV");
      env.put("GOENV", "off");
      Run.Result checked = Run.run(env, "verify", goSum().toString());
      assertEquals(0, checked.exit(), checked::toString);
      assertFalse(checked.err().contains("no line was checked"), checked::toString);
    }
  }

  @Test
  void verify_gosumdbGivesSumGolangOrgAnotherKey_warns() throws Exception {
    // GOSUMDB="sum.golang.org+<another key> <url>": accepted, as by the go command, but the lines
    // would read "ok ... against sum.golang.org" with only that other key vouching for them.
    TestLog impostor = TestLog.create("sum.golang.org", 8);
    impostor.addModule("example.com/a", "v1.0.0", OnlineCommandsTest.h1("a"), OnlineCommandsTest.h1("amod"));
    try (LogServer server = new LogServer(impostor)) {
      Run.Result r = Run.run(server.env(tmp.resolve("gopath")), "verify", goSum().toString());
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.err().contains("sumdb4j: warning: GOSUMDB gives sum.golang.org the key " + impostor.verifierKey()
          + ", not its published key " + dev.sumdb4j.tlog.config.SumdbConfig.SUM_GOLANG_ORG_KEY), r::toString);
    }
    Map<String, String> env = Map.of("GOPATH", tmp.resolve("gopath2").toString(), "GOENV", "off", "GOPROXY", "off",
        "GOSUMDB", "sum.golang.org http://127.0.0.1:1");
    Run.Result published = Run.run(env, "verify", "--timeout", "2", "--offline", goSum().toString());
    assertFalse(published.err().contains("warning: GOSUMDB"), published::toString);
  }
}
