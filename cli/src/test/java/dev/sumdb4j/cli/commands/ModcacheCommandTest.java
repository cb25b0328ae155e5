package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** modcache verify on the real module cache blobs (symlinked, never copied into the repository). */
class ModcacheCommandTest {
  private static final String SET = "gocache/darlandc-hello-go-6978134";

  @TempDir Path tmp;

  private final List<Path> links = new ArrayList<>();

  private void link(Path link, Path target) throws Exception {
    links.add(Files.createSymbolicLink(link, target));
  }

  @AfterEach
  void unlink() throws Exception {
    for (Path l : links) {
      Files.deleteIfExists(l); // before @TempDir cleanup, which warns about links leaving it
    }
  }

  /** A GOMODCACHE of symlinks to the real modules and the real sumdb cache set; GOPATH holds its latest. */
  private Map<String, String> realCache() throws Exception {
    Path modcache = tmp.resolve("modcache");
    Path download = modcache.resolve("cache/download");
    Files.createDirectories(download);
    link(download.resolve("rsc.io"), RealData.resolve("modules/rsc.io"));
    link(download.resolve("golang.org"), RealData.resolve("modules/golang.org"));
    Path sumdb = download.resolve("sumdb/sum.golang.org");
    Files.createDirectories(sumdb);
    link(sumdb.resolve("lookup"), RealData.resolve(SET + "/lookup"));
    link(sumdb.resolve("tile"), RealData.resolve(SET + "/tile"));
    Path latest = tmp.resolve("gopath/pkg/sumdb/sum.golang.org/latest");
    Files.createDirectories(latest.getParent());
    Files.copy(RealData.resolve(SET + "/latest"), latest); // a temp copy: the command may update it
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("GOMODCACHE", modcache.toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    return env;
  }

  @Test
  void verify_realHelloGoCache_offline_okAndAbsentZipSkipped() throws Exception {
    Map<String, String> env = realCache();
    String goSum = RealData.resolve("gosum/darlandc-hello-go.sum").toString();
    Run.Result r = Run.run(env, "modcache", "verify", "--offline", goSum);
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains(":1: skipped golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c "), r::toString);
    assertTrue(r.out().contains("zip not in the module cache"), r::toString);
    assertEquals(5, r.out().lines().filter(l -> l.contains(": ok ") && l.contains("database record")).count(),
        r::toString);

    assertTrue(r.err().contains("6 lines: 5 ok, 1 skipped; only 5 of 6 lines verified, the others were skipped"),
        r::toString);
    assertFalse(r.err().contains("all modules verified"), r::toString);

    Run.Result json = Run.run(env, "modcache", "verify", "--offline", "--json", goSum);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals(1, doc.get("version").asInt());
    assertEquals(5, doc.get("summary").get("ok").asInt());
    assertEquals(1, doc.get("summary").get("skipped").asInt());
  }

  @Test
  void verify_modifiedExtractedDir_exit1WithGoModVerifyMessage() throws Exception {
    Map<String, String> env = realCache();
    Path dir = OfflineCommandsTest.unzip(RealData.resolve("modules/rsc.io/quote/@v/v1.5.2.zip"),
        tmp.resolve("modcache/rsc.io/quote@v1.5.2"), "rsc.io/quote@v1.5.2/");
    String goSum = RealData.resolve("gosum/darlandc-hello-go.sum").toString();
    env.put("GOSUMDB", "off");
    Run.Result off = Run.run(env, "modcache", "verify", goSum);
    assertEquals(0, off.exit(), "the extracted dir is intact");
    // every "ok" says the database was not consulted, and so does the summary
    assertTrue(off.out().lines().filter(l -> l.contains(": ok ")).allMatch(l -> l.contains("GOSUMDB=off")), off::toString);
    assertTrue(off.err().contains("; the checksum database was not consulted (GOSUMDB=off)"), off::toString);
    Files.writeString(dir.resolve("quote.go"), "// changed\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Run.Result r = Run.run(env, "modcache", "verify", "--format", "github", goSum);
    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.out().contains("modified rsc.io/quote v1.5.2"), r::toString);
    assertTrue(r.out().contains("rsc.io/quote v1.5.2: dir has been modified ("), r::toString);
    assertTrue(r.out().contains("::error file="), r::toString);
  }

  @Test
  void verify_goSumDisagreesWithCache_mismatchExit1() throws Exception {
    Map<String, String> env = realCache();
    Path goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, "rsc.io/sampler v1.3.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    Run.Result r = Run.run(env, "modcache", "verify", "--offline", goSum.toString());
    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.out().contains("module cache has h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4="), r::toString);
  }

  @Test
  void verify_databaseDisagreesWithCache_mismatchExit1() throws Exception {
    byte[] goMod = "module example.com/m\n".getBytes(StandardCharsets.UTF_8);
    String local = DirHash.hashGoMod(goMod);
    TestLog log = TestLog.create("localhost.localdev/sumdb", 8);
    log.addModule("example.com/m", "v1.0.0", OnlineCommandsTest.h1("zip"), OnlineCommandsTest.h1("other go.mod"));
    log.addModule("example.com/n", "v1.0.0", OnlineCommandsTest.h1("zip2"), local);
    try (LogServer server = new LogServer(log)) {
      Map<String, String> env = server.env(tmp.resolve("gopath"));
      Path v = tmp.resolve("gopath/pkg/mod/cache/download/example.com");
      for (String m : new String[] {"m", "n"}) {
        Files.createDirectories(v.resolve(m + "/@v"));
        Files.write(v.resolve(m + "/@v/v1.0.0.mod"), goMod);
      }
      Path goSum = tmp.resolve("go.sum");
      Files.writeString(goSum, "example.com/m v1.0.0/go.mod " + local + "\nexample.com/n v1.0.0/go.mod " + local + "\n");
      Run.Result r = Run.run(env, "modcache", "verify", goSum.toString());
      assertEquals(1, r.exit(), r::toString);
      assertTrue(r.out().contains("go.sum:1: mismatch example.com/m v1.0.0/go.mod"), r::toString);
      assertTrue(r.out().contains("go.sum:2: ok example.com/n v1.0.0/go.mod"), r::toString);
    }
  }

  /** A module cache that does not exist (a typo) or is a file is an error, not "6 skipped; all verified". */
  @Test
  void verify_gomodcacheMissingOrAFile_usageError() throws Exception {
    Map<String, String> env = realCache();
    String goSum = RealData.resolve("gosum/darlandc-hello-go.sum").toString();
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    for (Path bad : List.of(tmp.resolve("nonexistent"), file)) {
      Run.Result r = Run.run(env, "modcache", "verify", "--offline", "--gomodcache", bad.toString(), goSum);
      assertEquals(2, r.exit(), r::toString);
      assertTrue(r.err().contains("module cache " + bad + (bad.equals(file) ? " is not a directory" : " does not exist")),
          r::toString);
      assertFalse(r.err().contains("verified"), r::toString);
    }
    // an empty cache: nothing was checked, and the summary says so
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Run.Result r = Run.run(env, "modcache", "verify", "--offline", "--gomodcache", empty.toString(), goSum);
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("6 skipped; nothing verified: every line was skipped"), r::toString);
  }
}
