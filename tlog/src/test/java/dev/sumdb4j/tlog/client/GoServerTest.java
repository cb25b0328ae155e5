package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.LineResult;
import dev.sumdb4j.tlog.verify.LineVerdict;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the Go reference server (golang.org/x/mod's sumdb.NewServer over
 * sumdb.NewTestServer, built from {@code gosumdb/main.go} in GOPATH mode), over HTTP on 127.0.0.1.
 * Skipped when Go or x/mod is not installed.
 */
@Tag("live")
class GoServerTest {
  static final Path GOPATH = Paths.get("/usr/share/gocode");

  @TempDir
  static Path tmp;
  static Process server;
  static String base;

  static String h1(String s) throws Exception {
    return "h1:" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static boolean goInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Paths.get(dir, "go"))) {
        return Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb"));
      }
    }
    return false;
  }

  @BeforeAll
  static void startServer() throws Exception {
    if ("true".equals(System.getenv("CI")) && !goInstalled()) {
      throw new AssertionError("CI=true requires the Go reference peer (golang-go, golang-golang-x-mod-dev)");
    }
    assumeTrue(goInstalled(), "go and golang.org/x/mod are not installed");
    Path src = tmp.resolve("main.go");
    try (var in = GoServerTest.class.getResourceAsStream("gosumdb/main.go")) {
      Files.copy(in, src);
    }
    ProcessBuilder build = new ProcessBuilder("go", "build", "-o", tmp.resolve("gosumdb").toString(), src.toString())
        .directory(tmp.toFile()).redirectErrorStream(true);
    build.environment().put("GO111MODULE", "off");
    build.environment().put("GOPATH", GOPATH.toString());
    build.environment().put("GOCACHE", tmp.resolve("gocache").toString());
    build.environment().put("GOFLAGS", "");
    Process b = build.start();
    String out = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(b.waitFor(120, TimeUnit.SECONDS) && b.exitValue() == 0, "go build failed: " + out);
    server = new ProcessBuilder(tmp.resolve("gosumdb").toString(), ReferenceHarnessTest.SIGNER)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    base = r.readLine();
    assertTrue(base != null && base.startsWith("http://127.0.0.1:"), "server said " + base);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static SumdbClient client(TestStore store, boolean online) throws Exception {
    SumdbClient.Builder b = SumdbClient.builder().verifierKey(VerifierKey.parse(ReferenceHarnessTest.VERIFIER))
        .store(store);
    return (online ? b.remote(HttpFetcher.builder().baseUri(base).build()) : b).build();
  }

  @Test
  void lookupAll_goReferenceServer_everyRecordAuthenticated() throws Exception {
    TestStore store = new TestStore();
    SumdbClient c = client(store, true);
    for (int i = 0; i < 5; i++) {
      LookupResult r = c.lookup("example.com/single" + i, "v1.0.0");
      assertEquals(List.of(h1("example.com/single" + i + " v1.0.0")), r.hashes("v1.0.0"));
    }
    List<ModuleVersion> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(new ModuleVersion("example.com/Mod" + i, "v1.2." + i));
    }
    Map<ModuleVersion, Outcome> got = c.lookupAll(batch);
    for (ModuleVersion mv : batch) {
      LookupResult r = got.get(mv).result().orElseThrow(() -> new AssertionError(got.get(mv).toString()));
      assertEquals(List.of(h1(mv.path() + " " + mv.version() + "/go.mod")), r.hashes(mv.version() + "/go.mod"));
    }
    assertTrue(c.latest().size() >= 300, c.latest().toString());
    assertTrue(store.listing().keySet().stream().anyMatch(k -> k.startsWith("tile/8/1/")), store.listing().toString());
  }

  @Test
  void verify_goReferenceServer_thenOfflineFromTheCache_sameVerdicts() throws Exception {
    String sum = String.join("\n",
        "golang.org/x/text v0.3.0 " + h1("golang.org/x/text v0.3.0"),
        "golang.org/x/text v0.3.0/go.mod " + h1("golang.org/x/text v0.3.0/go.mod"),
        "rsc.io/Quote v1.5.2 " + h1("tampered"),
        "notfound.example/x v1.0.0 " + h1("x")) + "\n";
    GoSumFile f = GoSumFile.parse("go.sum", sum.getBytes(StandardCharsets.UTF_8));
    TestStore store = new TestStore();
    GoSumReport online = new GoSumVerifier(client(store, true), p -> false).verify(f);
    List<LineVerdict> want = List.of(LineVerdict.OK, LineVerdict.OK, LineVerdict.MISMATCH, LineVerdict.NOT_FOUND);
    assertEquals(want, online.lines().stream().map(LineResult::verdict).toList(), online.lines().toString());
    assertEquals(h1("rsc.io/Quote v1.5.2"), online.lines().get(2).databaseHash().orElseThrow());
    GoSumFile found = GoSumFile.parse("go.sum", sum.substring(0, sum.indexOf("notfound.")).getBytes(StandardCharsets.UTF_8));
    GoSumReport offline = new GoSumVerifier(client(store, false), p -> false).verify(found);
    assertEquals(want.subList(0, 3), offline.lines().stream().map(LineResult::verdict).toList());
  }
}
