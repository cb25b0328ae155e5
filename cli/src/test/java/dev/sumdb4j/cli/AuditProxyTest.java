package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.proxyaudit.AuditState;
import dev.sumdb4j.tlog.proxyaudit.ModuleProxy;
import dev.sumdb4j.tlog.proxyaudit.ModuleZips;
import dev.sumdb4j.tlog.proxyaudit.ProxyFixture;
import dev.sumdb4j.tlog.proxyaudit.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sumdb4j audit proxy} run as users run it, against a test proxy and checksum database on 127.0.0.1. */
class AuditProxyTest {
  @TempDir Path dir;
  ProxyFixture f;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    f = new ProxyFixture(5);
    env = new HashMap<>();
    env.put("GOPATH", dir.resolve("gopath").toString());
    env.put("GOENV", dir.resolve("no-goenv").toString());
    env.put("GOSUMDB", f.gosumdb());
    env.put("GOPROXY", f.proxy.url() + ",direct");
    env.put("GONOSUMDB", "private.example");
    env.put("HOME", dir.toString());
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Cli.Result audit(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("audit", "proxy", "--proxy-timeout", "2"));
    all.addAll(List.of(args));
    return Cli.run(env, all.toArray(String[]::new));
  }

  @Test
  void modules_downloadedThroughTheEnvironmentsProxy_withItsCredentials() throws Exception {
    try (dev.sumdb4j.tlog.testlog.TestProxy http = new dev.sumdb4j.tlog.testlog.TestProxy(p -> p, "gopher:s3cr@t")) {
      String url = f.proxy.url();
      // a made-up name (loopback addresses are never proxied): only the HTTP proxy knows where it is
      env.put("GOPROXY", "http://modproxy.test:" + url.substring(url.lastIndexOf(':') + 1));
      env.put("HTTP_PROXY", "http://gopher:s3cr%40t@127.0.0.1:" + http.port());
      Path list = dir.resolve("good.txt");
      StringBuilder b = new StringBuilder();
      f.good.forEach(mv -> b.append(mv).append('\n'));
      Files.writeString(list, b.toString());
      Cli.Result r = audit("--modules", list.toString(), "--state", dir.resolve("state").toString());
      assertEquals(ExitCodes.OK, r.exit(), r.toString());
      List<String> gets = http.heads().stream().filter(h -> h.startsWith("GET http://modproxy.test:")).toList();
      assertEquals(2 * f.good.size(), gets.stream().filter(h -> h.contains("Proxy-Authorization: Basic")).count(),
          http.heads().toString());
      assertTrue(gets.stream().anyMatch(h -> h.contains(".zip HTTP/1.1")), gets.toString());
      assertTrue(!r.out().contains("s3cr") && !r.err().contains("s3cr"), r.toString());
    }
  }

  @Test
  void everyVerdict_exitCode1_evidenceReverifiesWithProofVerify() throws Exception {
    Path list = dir.resolve("modules.txt");
    Files.writeString(list, f.listFile());
    Path state = dir.resolve("state");
    Cli.Result r = audit("--modules", list.toString(), "--state", state.toString(), "--json");
    assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(f.expected.size(), doc.get("results").size());
    for (JsonNode n : doc.get("results")) {
      ModuleVersion mv = ModuleVersion.of(n.get("module").asText(), n.get("version").asText());
      assertEquals(f.expected.get(mv).text(), n.get("verdict").asText(), n.toString());
    }
    assertEquals(2, doc.get("counts").get("invalid-zip").asInt());
    // the evidence of the zip mismatch re-checks with proof verify and the log's key
    Path ev = null;
    for (JsonNode n : doc.get("results")) {
      if (n.get("verdict").asText().equals("mismatch-zip")) {
        ev = Path.of(n.get("evidence").asText());
      }
    }
    Cli.Result v = Cli.run(env, "proof", "verify", "--key", f.log.verifierKey().toString(),
        "--go-sum", ev.resolve("record.go.sum").toString(), ev.resolve("proof.json").toString());
    assertEquals(ExitCodes.OK, v.exit(), v.toString());
    Cli.Result bad = Cli.run(env, "proof", "verify", "--key", f.log.verifierKey().toString(),
        "--go-sum", ev.resolve("served.go.sum").toString(), ev.resolve("proof.json").toString());
    assertEquals(ExitCodes.FAILED, bad.exit(), bad.toString());
    // text output names both hashes
    Cli.Result t = audit("--modules", list.toString(), "--state", state.toString());
    assertEquals(ExitCodes.FAILED, t.exit(), t.toString());
    assertTrue(t.out().contains("mismatch-mod example.com/modbad v1.0.0: go.mod hashes to"), t.out());
    assertTrue(t.out().contains("gone example.com/gone v1.1.0: proxy: reading "), t.out());
    assertTrue(t.out().contains("410"), t.out());
  }

  @Test
  void goSum_allOk_thenSecondRunDownloadsNothing() throws Exception {
    Path goSum = dir.resolve("go.sum");
    f.writeGoSum(goSum, f.good);
    Path state = dir.resolve("state");
    Cli.Result r = audit("--state", state.toString(), "--jobs", "3", goSum.toString());
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertEquals(f.good.size(), r.lines().stream().filter(l -> l.startsWith("ok ")).count(), r.out());
    int zips = f.proxy.requestsEndingWith(".zip");
    assertEquals(f.good.size(), zips);
    Cli.Result again = audit("--state", state.toString(), goSum.toString());
    assertEquals(ExitCodes.OK, again.exit(), again.toString());
    assertEquals(zips, f.proxy.requestsEndingWith(".zip"), "nothing downloaded again");
    assertTrue(again.err().contains("downloaded 0 (0 bytes)"), again.err());
    assertTrue(again.out().contains("not downloaded again"), again.out());
  }

  @Test
  void listMode_auditsListedAndLatestVersions_andOnlyNewOnesNextTime() throws Exception {
    ModuleVersion a = f.good.get(0);
    Path state = dir.resolve("state");
    Cli.Result r = audit("--state", state.toString(), "--list", a.path(), "--json-lines");
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertTrue(r.out().contains("\"verdict\":\"ok\""), r.out());
    // a new version appears at the proxy, logged
    ModuleVersion b = ModuleVersion.of(a.path(), "v1.99.0");
    var files = ModuleZips.files(b, "new");
    byte[] zip = ModuleZips.zip(b, files);
    byte[] mod = files.get("go.mod").getBytes(StandardCharsets.UTF_8);
    f.log.addModule(b.path(), b.version(), ProxyFixture.zipHash(zip), dev.sumdb4j.dirhash.DirHash.hashGoMod(mod));
    f.proxy.module(b, mod, zip);
    int before = f.proxy.requests(ModuleProxy.zipPath(a));
    Cli.Result r2 = audit("--state", state.toString(), "--list", a.path());
    assertEquals(ExitCodes.OK, r2.exit(), r2.toString());
    assertEquals(before, f.proxy.requests(ModuleProxy.zipPath(a)));
    assertEquals(1, f.proxy.requests(ModuleProxy.zipPath(b)));
    assertTrue(r2.err().contains("downloaded 1 "), r2.err());
  }

  @Test
  void databaseFailingAuthentication_isExit3_andNoVerdict() throws Exception {
    ModuleVersion mv = f.good.get(0);
    f.log.corruptNote(mv.escaped());
    Path list = dir.resolve("modules.txt");
    Files.writeString(list, mv + "\n");
    Cli.Result r = audit("--modules", list.toString(), "--state", dir.resolve("state").toString());
    assertEquals(ExitCodes.SECURITY, r.exit(), r.toString());
    assertTrue(r.err().contains("SECURITY"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void drippingProxy_errorVerdictAtTheProxyDeadline_exit4() throws Exception {
    // one byte every 50 ms never trips --proxy-timeout: only --proxy-deadline ends the download
    ModuleVersion mv = f.good.get(0);
    f.proxy.drip(ModuleProxy.zipPath(mv), 50);
    Path list = dir.resolve("modules.txt");
    Files.writeString(list, mv.path() + "@" + mv.version() + "\n");
    Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120),
        () -> audit("--proxy-deadline", "1", "--modules", list.toString(), "--state", dir.resolve("state").toString()));
    assertEquals(ExitCodes.UNAVAILABLE, r.exit(), r.toString());
    assertEquals(List.of("error " + mv.path() + " " + mv.version() + ": proxy: reading " + f.proxy.url()
        + ModuleProxy.zipPath(mv) + ": not complete within the 1 s deadline"), r.lines());
    Cli.Result zero = audit("--proxy-deadline", "0", "--modules", list.toString());
    assertEquals(ExitCodes.USAGE, zero.exit(), zero.toString());
    assertTrue(zero.err().contains("--proxy-deadline must be at least 1 second, got 0"), zero.err());
    Cli.Result help = Cli.run(env, "audit", "proxy", "--help");
    assertTrue(help.out().contains("--proxy-deadline=SECONDS"), help.out());
  }

  /**
   * A modules file whose first lookup batch holds {@code first} (then private versions, skipped, up to the
   * batch's size) and whose second batch holds {@code second}: the second batch is looked up after the
   * first one's downloads started.
   */
  private Path twoBatches(List<ModuleVersion> first, List<ModuleVersion> second) throws Exception {
    StringBuilder b = new StringBuilder();
    first.forEach(mv -> b.append(mv).append('\n'));
    for (int i = first.size(); i < 256; i++) { // ProxyAuditor.BATCH
      b.append("private.example/m@v1.0.").append(i).append('\n');
    }
    second.forEach(mv -> b.append(mv).append('\n'));
    Path list = dir.resolve("two-batches.txt");
    Files.writeString(list, b);
    return list;
  }

  @Test
  void longRun_databaseDeadlineBoundsEachLookupBatch_notTheWholeRun() throws Exception {
    // --jobs 1 and a zip dripping for over a second: the second batch is looked up more than --deadline
    // seconds after the run started, as every batch of a run of tens of thousands of versions would be
    List<ModuleVersion> good = f.good;
    f.proxy.drip(ModuleProxy.zipPath(good.get(0)), 10); // a zip of more than 100 bytes: over a second
    Path list = twoBatches(good.subList(0, 3), good.subList(3, 5));
    Cli.Result r = audit("--deadline", "1", "--jobs", "1", "--modules", list.toString());
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertEquals(5, r.lines().stream().filter(l -> l.startsWith("ok ")).count(), r.out());
    Cli.Result help = Cli.run(env, "audit", "proxy", "--help");
    assertTrue(help.out().contains("each batch of lookups"), help.out());
  }

  @Test
  void longRun_databaseTimingOutOnce_failsOnlyItsBatch_theNextBatchTriesAgain() throws Exception {
    // the database host times out once (fail-fast: nothing more is sent to it in that batch); the next
    // batch, as the go command's next lookup would, tries again
    List<ModuleVersion> good = f.good;
    ModuleVersion stalled = good.get(0);
    String lookup = "/lookup/" + stalled.escaped();
    f.proxy.stall(lookup, f.log.lookupBody(stalled.escaped()), 0);
    Path list = twoBatches(good.subList(0, 1), good.subList(1, 5));
    Cli.Result r = audit("--timeout", "1", "--modules", list.toString());
    assertEquals(ExitCodes.UNAVAILABLE, r.exit(), r.toString());
    List<String> errors = r.lines().stream().filter(l -> l.startsWith("error ")).toList();
    assertEquals(1, errors.size(), r.toString());
    assertTrue(errors.get(0).startsWith("error " + stalled.path() + " " + stalled.version() + ": database: "),
        errors.get(0));
    assertEquals(4, r.lines().stream().filter(l -> l.startsWith("ok ")).count(), r.out());
  }

  @Test
  void usageErrors() throws Exception {
    env.put("GOPROXY", "direct");
    Cli.Result r = audit(dir.resolve("go.sum").toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().contains("no proxy to audit"), r.err());
    r = audit("--proxy", f.proxy.url(), "--shard", "3/2", "x");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
  }

  @Test
  void shards_coverTheScopeOnce_andTheirStatesMergeByConcatenation() throws Exception {
    Path list = dir.resolve("modules.txt");
    StringBuilder b = new StringBuilder();
    f.good.forEach(mv -> b.append(mv).append('\n'));
    Files.writeString(list, b);
    Path merged = dir.resolve("merged");
    Files.createDirectories(merged);
    int total = 0;
    for (int k = 1; k <= 2; k++) {
      Path state = dir.resolve("shard" + k);
      Cli.Result r = audit("--modules", list.toString(), "--state", state.toString(), "--shard", k + "/2");
      assertEquals(ExitCodes.OK, r.exit(), r.toString());
      total += r.lines().size();
      Files.write(merged.resolve(AuditState.VERIFIED_FILE), Files.readAllBytes(state.resolve(AuditState.VERIFIED_FILE)),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
    assertEquals(f.good.size(), total);
    int zips = f.proxy.requestsEndingWith(".zip");
    Cli.Result all = audit("--modules", list.toString(), "--state", merged.toString());
    assertEquals(ExitCodes.OK, all.exit(), all.toString());
    assertEquals(zips, f.proxy.requestsEndingWith(".zip"), "the merged state knows every version");
  }

  @Test
  void killedRun_resumesWithTheRest() throws Exception {
    // many versions and a slow proxy, so that the run is killed in the middle
    ProxyFixture big = new ProxyFixture(40);
    try {
      big.proxy.latency(150);
      env.put("GOSUMDB", big.gosumdb());
      Path goSum = dir.resolve("go.sum");
      big.writeGoSum(goSum, big.good);
      Path state = dir.resolve("state");
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      Process p = Cli.start(env, out, err, "audit", "proxy", "--proxy", big.proxy.url(), "--state", state.toString(),
          "--jobs", "2", goSum.toString());
      Path verified = state.resolve(AuditState.VERIFIED_FILE);
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline && (!Files.exists(verified) || Files.readAllLines(verified).size() < 3)) {
        Thread.sleep(50);
      }
      p.destroyForcibly().waitFor();
      int kept = Files.readAllLines(verified).size();
      assertTrue(kept >= 3 && kept < big.good.size(), "killed in the middle: " + kept + " kept");
      big.proxy.latency(0);
      Cli.Result r = Cli.run(env, "audit", "proxy", "--proxy", big.proxy.url(), "--state", state.toString(),
          "--json", goSum.toString());
      assertEquals(ExitCodes.OK, r.exit(), r.toString());
      JsonNode doc = new ObjectMapper().readTree(r.out());
      assertEquals(big.good.size(), doc.get("counts").get(Verdict.OK.text()).asInt());
      long downloaded = doc.get("downloaded").asLong();
      assertTrue(downloaded <= big.good.size() - kept + 1 && downloaded >= big.good.size() - kept - 1,
          "resumed: " + downloaded + " downloaded, " + kept + " kept of " + big.good.size());
    } finally {
      big.close();
    }
  }
}
