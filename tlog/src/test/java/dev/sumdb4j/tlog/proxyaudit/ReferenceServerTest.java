package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.testdata.GoProgram;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.testlog.TestStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit against the Go reference checksum database (x/mod 0.7.0 sumdb.NewServer), and against real module zips. */
class ReferenceServerTest {
  @TempDir Path tmp;

  @Test
  void everyVerdict_againstTheGoReferenceServer() throws Exception {
    Path bin = GoProgram.build("testdata/proxyaudit");
    try (ProxyFixture f = new ProxyFixture(4)) {
      Path records = tmp.resolve("records.txt");
      Files.writeString(records, String.join("\n", f.records()));
      Process server = new ProcessBuilder(bin.toString(), "serve", records.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String url = out.readLine();
        VerifierKey key = VerifierKey.parse(out.readLine());
        HttpFetcher db = HttpFetcher.builder().baseUri(url).build();
        SumdbClient client = SumdbClient.builder().verifierKey(key).store(new TestStore()).remote(db).build();
        ModuleProxy proxy = ModuleProxy.builder().baseUri(f.proxy.url()).stallTimeout(Duration.ofSeconds(2))
            .maxRetries(0).build();
        ProxyReport r;
        try (AuditState state = AuditState.open(tmp.resolve("state"))) {
          r = ProxyAuditor.of(client, Optional.of(db), proxy, p -> p.startsWith("private.example/"), state, 4, false,
              new ProxyAuditor.Listener() {}).run(new ArrayList<>(f.expected.keySet()));
        }
        for (ModuleResult res : r.results()) {
          assertEquals(f.expected.get(res.module()), res.verdict(), res.module() + ": " + res.message());
        }
        assertEquals(f.records().size(), r.tree().size());
      } finally {
        server.getOutputStream().close();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  /** The real module zips of ../shared/realdata/modules, served by a proxy, hash to their real go.sum lines. */
  @Test
  void realModuleZips_hashToTheirRealGoSumLines() throws Exception {
    Path modules = RealData.resolve("modules");
    List<String> goSum = Files.readAllLines(RealData.resolve("gosum/darlandc-hello-go.sum"));
    TestLog log = TestLog.create("realdata.test", 8);
    List<ModuleVersion> scope = new ArrayList<>();
    try (TestProxy proxy = new TestProxy()) {
      for (String mvText : List.of("rsc.io/quote@v1.5.2", "rsc.io/sampler@v1.3.0")) {
        ModuleVersion mv = ModuleVersion.parse(mvText);
        String zipLine = find(goSum, mv.path() + " " + mv.version() + " ");
        String modLine = find(goSum, mv.path() + " " + mv.version() + "/go.mod ");
        log.addModule(mv.path(), mv.version(), zipLine, modLine);
        Path dir = modules.resolve(mv.path()).resolve("@v");
        proxy.module(mv, Files.readAllBytes(dir.resolve(mv.version() + ".mod")),
            Files.readAllBytes(dir.resolve(mv.version() + ".zip")));
        scope.add(mv);
      }
      proxy.remote(log);
      SumdbClient client = SumdbClient.builder().verifierKey(log.verifierKey()).store(new TestStore()).remote(log)
          .build();
      ProxyReport r;
      try (AuditState state = AuditState.open(tmp.resolve("state"))) {
        r = ProxyAuditor.of(client, Optional.of(log), ModuleProxy.builder().baseUri(proxy.url()).build(), p -> false,
            state, 2, false, new ProxyAuditor.Listener() {}).run(scope);
      }
      for (ModuleResult res : r.results()) {
        assertEquals(Verdict.OK, res.verdict(), res.module() + ": " + res.message());
        assertTrue(res.downloaded());
      }
    }
  }

  private static String find(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
  }
}
