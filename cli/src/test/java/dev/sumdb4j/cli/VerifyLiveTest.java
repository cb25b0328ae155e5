package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sumdb4j verify} against the live Go reference server (x/mod 0.7.0 sumdb.NewServer)
 * serving 100,000 records.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyLiveTest {
  private static final int RECORDS = 100_000;

  @TempDir Path tmp;

  private GoServer server;
  private Path bigGoSum;
  private List<String> sample;

  @BeforeAll
  void startServer(@TempDir Path shared) throws IOException {
    bigGoSum = shared.resolve("big.go.sum");
    // every 47th record: 2,128 module versions, 4,256 lines, capitalised paths, +incompatible, pseudo-versions
    server = GoServer.start("-n", Integer.toString(RECORDS),
        "-gosum", bigGoSum.toString(), "-gosum-step", "47");
    List<String> lines = Files.readAllLines(bigGoSum);
    sample = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += 97) {
      sample.add(lines.get(i));
    }
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> env(Path gopath) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("HOME", tmp.resolve("home").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", server.gosumdb());
    return env;
  }

  private Path goSum(List<String> lines) throws IOException {
    Path f = Files.createTempFile(tmp, "go", ".sum");
    Files.write(f, lines);
    return f;
  }

  private String[] args(Path gosum, String... more) {
    List<String> a = new ArrayList<>(List.of("verify", "--evidence-out", tmp.resolve("evidence.json").toString()));
    a.addAll(List.of(more));
    a.add(gosum.toString());
    return a.toArray(String[]::new);
  }

  @Test
  void verify_largeGoSumAcrossTheLog_everyLineOk() throws Exception {
    List<String> lines = Files.readAllLines(bigGoSum);
    assertTrue(lines.size() >= 4000, "go.sum has " + lines.size() + " lines");
    Cli.Result r = Cli.run(env(tmp.resolve("gopath")), args(bigGoSum));
    assertEquals(0, r.exit(), r::toString);
    assertEquals(lines.size(), r.lines().size(), r::toString);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      assertEquals(bigGoSum + ":" + (i + 1) + ": ok " + f[0] + " " + f[1] + " " + f[2], r.lines().get(i));
    }
    assertTrue(r.err().contains(lines.size() + " lines in 1 file against " + server.name() + " tree " + RECORDS),
        r::toString);
  }

  @Test
  void verify_json_stableDocumentWithTree() throws Exception {
    Cli.Result r = Cli.run(env(tmp.resolve("gopath")), args(goSum(sample), "--json"));
    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(1, doc.get("version").asInt());
    assertEquals(server.name(), doc.get("database").asText());
    assertEquals(RECORDS, doc.get("tree").get("size").asLong());
    assertEquals(server.get("/latest"), doc.get("tree").get("note").asText());
    assertEquals(sample.size(), doc.get("results").size());
    assertEquals(sample.size(), doc.get("summary").get("ok").asInt());
    assertEquals(0, doc.get("exitCode").asInt());
    JsonNode first = doc.get("results").get(0);
    assertEquals("ok", first.get("verdict").asText());
    assertEquals(1, first.get("line").asInt());
    assertEquals(first.get("hash").asText(), first.get("databaseHash").asText());
  }

  @Test
  void verify_changedHash_mismatchExit1WithDatabaseHash() throws Exception {
    List<String> lines = new ArrayList<>(sample);
    String original = lines.get(3);
    String[] f = original.split(" ");
    String forged = Cli.fakeHash("A");
    lines.set(3, f[0] + " " + f[1] + " " + forged);
    Cli.Result r = Cli.run(env(tmp.resolve("gopath")), args(goSum(lines)));
    assertEquals(1, r.exit(), r::toString);
    String want = ":4: mismatch " + f[0] + " " + f[1] + ": go.sum " + forged + ", database " + f[2];
    assertTrue(r.lines().get(3).endsWith(want), r::toString);
    assertEquals(lines.size() - 1, r.lines().stream().filter(l -> l.contains(": ok ")).count(), r::toString);
  }

  @Test
  void verify_absentModule_notFoundExit1() throws Exception {
    List<String> lines = new ArrayList<>(sample.subList(0, 5));
    lines.add("example.com/not/in/the/log v1.2.3 " + Cli.fakeHash("B"));
    Cli.Result r = Cli.run(env(tmp.resolve("gopath")), args(goSum(lines)));
    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.lines().get(5).contains(":6: not-found example.com/not/in/the/log v1.2.3"), r::toString);
  }

  @Test
  void verify_gonosumdbMatch_skippedExit0() throws Exception {
    List<String> lines = new ArrayList<>(sample.subList(0, 3));
    lines.add("corp.example/private v1.0.0 " + Cli.fakeHash("C"));
    Map<String, String> env = env(tmp.resolve("gopath"));
    env.put("GOPRIVATE", "corp.example");
    Cli.Result r = Cli.run(env, args(goSum(lines)));
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.lines().get(3).contains(":4: skipped corp.example/private v1.0.0"), r::toString);
  }

  @Test
  void verify_wrongKey_securityExit3() throws Exception {
    try (GoServer other = GoServer.start("-n", "1", "-key-seed", "another key")) {
      Map<String, String> env = env(tmp.resolve("gopath"));
      env.put("GOSUMDB", other.verifierKey() + " " + server.url()); // same name, another key
      Cli.Result r = Cli.run(env, args(goSum(sample.subList(0, 4))));
      assertEquals(3, r.exit(), r::toString);
      assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
    }
  }

  @Test
  void verify_gosumdbOption_overridesEnvironment() throws Exception {
    Map<String, String> env = env(tmp.resolve("gopath"));
    env.put("GOSUMDB", "off");
    Cli.Result r = Cli.run(env, args(goSum(sample.subList(0, 4)), "--gosumdb", server.gosumdb()));
    assertEquals(0, r.exit(), r::toString);
    assertEquals(4, r.out().lines().filter(l -> l.contains(": ok ")).count(), r::toString);
  }

  @Test
  void verify_offlineAfterOnline_noRequestsAndOk() throws Exception {
    Path gopath = tmp.resolve("gopath");
    Path gosum = goSum(sample);
    assertEquals(0, Cli.run(env(gopath), args(gosum)).exit());
    server.stats(true);
    Cli.Result r = Cli.run(env(gopath), args(gosum, "--offline"));
    assertEquals(0, r.exit(), r::toString);
    assertTrue(server.stats(true).contains("\"requests\":0"), "offline run made requests");
    Cli.Result cold = Cli.run(env(tmp.resolve("cold")), args(gosum, "--offline"));
    assertEquals(4, cold.exit(), cold::toString);
    assertFalse(cold.out().contains(": ok "), cold::toString);
  }

  @Test
  void verify_logGrowsBetweenRuns_newerTreeAccepted() throws Exception {
    Path gosum = tmp.resolve("growing.go.sum");
    try (GoServer growing = GoServer.start("-n", Integer.toString(RECORDS), "-grow", "1000",
        "-gosum", gosum.toString(), "-gosum-step", "997")) {
      Path gopath = tmp.resolve("gopath");
      Map<String, String> env = env(gopath);
      env.put("GOSUMDB", growing.gosumdb());
      Cli.Result first = Cli.run(env, args(gosum, "--json"));
      assertEquals(0, first.exit(), first::toString);
      assertEquals(RECORDS, new ObjectMapper().readTree(first.out()).get("tree").get("size").asLong());
      assertEquals(RECORDS + 1000, growing.grow());
      // cached records are reused as they are; a module added since brings the newer tree
      String[] added = growing.get("/lookup/example.com/m25125/v2@v2.0.1").split("\n");
      assertEquals(Long.toString(RECORDS + 500), added[0]);
      Files.write(gosum, List.of(added[1], added[2]), java.nio.file.StandardOpenOption.APPEND);
      Cli.Result second = Cli.run(env, args(gosum, "--json"));
      assertEquals(0, second.exit(), second::toString);
      assertEquals(RECORDS + 1000, new ObjectMapper().readTree(second.out()).get("tree").get("size").asLong());
      String latest = Files.readString(gopath.resolve("pkg/sumdb/" + growing.name() + "/latest"));
      assertEquals(growing.get("/latest"), latest);
    }
  }

  @Test
  void verify_malformedGoSum_usageExit2() throws Exception {
    Path bad = goSum(List.of(sample.get(0), "rsc.io/quote v1.5.2"));
    Cli.Result r = Cli.run(env(tmp.resolve("gopath")), args(bad));
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains(":2"), r::toString);
    Cli.Result missing = Cli.run(env(tmp.resolve("gopath")), args(tmp.resolve("no-such-go.sum")));
    assertEquals(2, missing.exit(), missing::toString);
  }
}
