package dev.sumdb4j.cli.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.Main;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteSigner;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.cosignature.CosignatureSigner;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.watch.CheckpointHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sumdb4j audit watch} against a TestLog served over loopback HTTP. */
class WatchCommandTest {
  @TempDir Path tmp;

  private SignerKey signer;
  private TestLog log;
  private LoopbackLog server;
  private Path state;

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    signer = SignerKey.generate("log.example", new SecureRandom());
    log = new TestLog(signer, 8);
    addModules(log, "a", 20);
    server = LoopbackLog.start(log);
    state = tmp.resolve("state");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static void addModules(TestLog l, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      String m = prefix + l.size();
      l.addModule("example.com/" + m, "v1.0.0", h1(m), h1(m + "/go.mod"));
    }
  }

  private static String h1(String seed) {
    try {
      return "h1:" + Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private Result watch(String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("HOME", tmp.resolve("home").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", log.verifierKey() + " " + server.url());
    List<String> args = new ArrayList<>(List.of("audit", "watch", "--state", state.toString()));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new Main(env));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private List<String> stateLines() {
    try {
      return Files.readAllLines(state.resolve(CheckpointHistory.HISTORY_FILE));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void deleteTileCache() throws Exception {
    Path gopath = tmp.resolve("gopath");
    if (Files.exists(gopath)) {
      try (Stream<Path> s = Files.walk(gopath)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private List<Path> evidenceFiles() throws Exception {
    try (Stream<Path> s = Files.list(state)) {
      return s.filter(p -> p.getFileName().toString().startsWith("evidence-")).toList();
    }
  }

  @Test
  void watch_firstRunThenGrowth_bootstrapsThenProvesAndAppends() throws Exception {
    Result first = watch("--json");
    assertEquals(0, first.exit(), first::toString);
    JsonNode j = first.json();
    assertEquals(1, j.get("version").asInt());
    assertEquals("bootstrapped", j.get("status").asText());
    assertEquals(20, j.get("latest").get("size").asLong());
    assertTrue(j.get("previous").isNull());
    assertEquals(0, j.get("exitCode").asInt());
    assertEquals(1, stateLines().size());

    addModules(log, "b", 300); // crosses a full tile of height 8
    Result second = watch();
    assertEquals(0, second.exit(), second::toString);
    assertTrue(second.out().contains("recorded tree#320 "), second::toString);
    assertTrue(second.out().contains("consistent with tree#20 "), second::toString);

    Result third = watch("--json");
    assertEquals("unchanged", third.json().get("status").asText(), third::toString);
    addModules(log, "c", 1);
    Result fourth = watch("--json");
    assertEquals("appended", fourth.json().get("status").asText(), fourth::toString);
    assertEquals(320, fourth.json().get("previous").get("size").asLong());
    assertEquals(3, stateLines().size());
  }

  @Test
  void watch_forkBetweenRuns_exit3WithEvidenceInStateDir() throws Exception {
    TestLog forked = log.fork();
    addModules(log, "b", 30);
    assertEquals(0, watch().exit());
    addModules(forked, "evil", 40); // the same key, another history after record 20
    server.serve(forked);

    Result r = watch("--json");
    assertEquals(3, r.exit(), r::toString);
    assertEquals("fork", r.json().get("status").asText());
    assertEquals(50, r.json().get("previous").get("size").asLong());
    assertTrue(r.json().get("securityReport").asText().startsWith("SECURITY ERROR\n"), r::toString);
    assertTrue(r.json().get("message").asText().contains("checking tree#50 against tree#60"), r::toString);
    assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
    assertTrue(r.err().contains("go.sum database server misbehavior detected!"), r::toString);
    List<Path> files = evidenceFiles();
    assertEquals(1, files.size());
    assertEquals(files.get(0).toString(), r.json().get("evidenceFile").asText());
    Evidence e = Evidence.fromJson("evidence", Files.readString(files.get(0)));
    e.verify(Verifiers.of(log.verifierKey()));
    assertEquals(50, e.olderSize());
    assertEquals(60, e.newerSize());
    assertEquals(1, stateLines().size(), "nothing appended after a fork");
  }

  @Test
  void watch_serverForkedBelowHistoryWithoutNewestTreeTiles_exit3WithEvidence() throws Exception {
    assertEquals(0, watch().exit()); // records tree 20
    addModules(log, "b", 5);
    assertEquals(0, watch().exit()); // records tree 25
    TestLog other = new TestLog(signer, 8); // same key, other first 20 records; no tiles of tree 25
    addModules(other, "evil", 22);
    server.serve(other);
    deleteTileCache(); // the tiles of tree 25 are not at hand (a fresh machine, a cleaned cache)
    for (int run = 0; run < 2; run++) {
      Result r = watch("--json");
      assertEquals(3, r.exit(), r::toString);
      assertEquals("fork", r.json().get("status").asText(), r::toString);
      Evidence e = Evidence.fromJson("evidence", Files.readString(Path.of(r.json().get("evidenceFile").asText())));
      e.verify(Verifiers.of(log.verifierKey()));
      assertEquals(20, e.olderSize());
      assertEquals(22, e.newerSize());
    }
    assertEquals(2, stateLines().size());
  }

  @Test
  void watch_staleServerWithoutNewestTreeTiles_unavailableThenLaggingPastMaxLag() throws Exception {
    assertEquals(0, watch().exit()); // records tree 20
    addModules(log, "b", 2);
    TestLog stale = log.fork(); // stays at 22
    addModules(log, "c", 3);
    assertEquals(0, watch().exit()); // records tree 25
    server.serve(stale);
    deleteTileCache(); // the tiles of tree 25 are not at hand (a fresh machine, a cleaned cache)

    Result within = watch();
    assertEquals(4, within.exit(), within::toString);
    assertTrue(within.err().contains("the server is behind the recorded tree#25 "), within::toString);

    Result lagging = watch("--json", "--max-lag", "0s");
    assertEquals(5, lagging.exit(), lagging::toString);
    JsonNode j = lagging.json();
    assertEquals("lagging", j.get("status").asText());
    assertEquals(25, j.get("lag").get("ahead").asLong());
    assertEquals(20, j.get("lag").get("consistentWith").asLong());
    assertTrue(j.get("message").asText().startsWith("lagging: the server serves tree#22, but the log reached"
        + " tree#25 at "), lagging::toString);
    Result text = watch("--max-lag", "0s");
    assertEquals(5, text.exit(), text::toString);
    assertTrue(text.err().contains("sumdb4j: audit watch: lagging: "), text::toString);
    assertEquals(2, watch("--max-lag", "1x").exit());
    assertEquals(2, stateLines().size());
  }

  // --- witnesses

  private void serveCosigned(NoteSigner... witnesses) throws SumdbException {
    String text = new String(Checkpoint.sumdb(log.tree()).format(), StandardCharsets.UTF_8);
    NoteSigner[] all = new NoteSigner[witnesses.length + 1];
    all[0] = signer;
    System.arraycopy(witnesses, 0, all, 1, witnesses.length);
    log.override("/latest", Note.sign(Note.of(text), all));
  }

  private String[] witnessArgs(int k, CosignatureSigner... ws) {
    List<String> a = new ArrayList<>();
    for (CosignatureSigner w : ws) {
      a.add("--witness");
      a.add(w.verifier().toString());
    }
    a.add("--require-witnesses");
    a.add(Integer.toString(k));
    return a.toArray(String[]::new);
  }

  @Test
  void watch_twoOfThreeWitnesses_passes_oneOfThree_exit3NamingTheMissing() throws Exception {
    CosignatureSigner w1 = CosignatureSigner.generate("w1.example", new SecureRandom());
    CosignatureSigner w2 = CosignatureSigner.generate("w2.example", new SecureRandom());
    CosignatureSigner w3 = CosignatureSigner.generate("w3.example", new SecureRandom());
    serveCosigned(w1, w2);
    Result ok = watch(witnessArgs(2, w1, w2, w3));
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().contains("witnesses: 2 of 3 witness cosignatures valid, 2 required"), ok::toString);
    assertTrue(stateLines().get(0).contains("\"name\":\"w2.example\""), () -> stateLines().toString());

    addModules(log, "b", 5);
    serveCosigned(w3);
    Result bad = watch(witnessArgs(2, w1, w2, w3));
    assertEquals(3, bad.exit(), bad::toString);
    assertTrue(bad.err().contains("SECURITY ERROR"), bad::toString);
    assertTrue(bad.err().contains("1 of 3 witness cosignatures valid, 2 required"), bad::toString);
    assertTrue(bad.err().contains("w1.example+" + w1.keyId() + ": missing"), bad::toString);
    assertTrue(bad.err().contains("w2.example+" + w2.keyId() + ": missing"), bad::toString);
    assertEquals(1, stateLines().size(), "an untrusted checkpoint is not recorded");

    List<String> args = new ArrayList<>(Arrays.asList(witnessArgs(2, w1, w2, w3)));
    args.add("--json");
    Result json = watch(args.toArray(String[]::new));
    assertEquals(3, json.exit(), json::toString);
    assertEquals("witnesses", json.json().get("status").asText());
    assertEquals(1, json.json().get("witnesses").get("valid").asInt());
  }

  @Test
  void watch_requireMoreWitnessesThanGiven_usageError() throws Exception {
    CosignatureSigner w1 = CosignatureSigner.generate("w1.example", new SecureRandom());
    Result r = watch(witnessArgs(2, w1));
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("--require-witnesses 2"), r::toString);
    Result k = watch("--witness", "not a key");
    assertEquals(2, k.exit(), k::toString);
  }

  // --- go.sum, availability, state damage

  @Test
  void watch_goSumLineChanges_exit1() throws Exception {
    Path gosum = tmp.resolve("go.sum");
    Files.writeString(gosum, "example.com/a3 v1.0.0 " + h1("a3") + "\nexample.com/a3 v1.0.0/go.mod "
        + h1("a3/go.mod") + "\n");
    Result ok = watch(gosum.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().contains(gosum + ":1: ok example.com/a3 v1.0.0"), ok::toString);

    Files.writeString(gosum, "example.com/a3 v1.0.0 " + h1("changed") + "\nexample.com/a3 v1.0.0/go.mod "
        + h1("a3/go.mod") + "\n");
    Result bad = watch("--json", gosum.toString());
    assertEquals(1, bad.exit(), bad::toString);
    JsonNode results = bad.json().get("results");
    assertEquals("mismatch", results.get(0).get("verdict").asText());
    assertEquals(h1("a3"), results.get(0).get("databaseHash").asText());
    assertEquals("ok", results.get(1).get("verdict").asText());
  }

  @Test
  void watch_serverDown_exit4AndStateUntouched() throws Exception {
    assertEquals(0, watch().exit());
    byte[] before = Files.readAllBytes(state.resolve(CheckpointHistory.HISTORY_FILE));
    server.close();
    Result r = watch("--timeout", "5", "--json");
    assertEquals(4, r.exit(), r::toString);
    assertEquals("unavailable", r.json().get("status").asText());
    assertTrue(Arrays.equals(before, Files.readAllBytes(state.resolve(CheckpointHistory.HISTORY_FILE))));
  }

  @Test
  void watch_truncatedStateLine_damagedStateExit4NamingTheLine() throws Exception {
    assertEquals(0, watch().exit());
    addModules(log, "b", 3);
    assertEquals(0, watch().exit());
    Path file = state.resolve(CheckpointHistory.HISTORY_FILE);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, b.length - 17)); // killed mid-write
    Result r = watch();
    assertEquals(4, r.exit(), r::toString); // damaged local state, not the user's input
    assertTrue(r.err().contains(CheckpointHistory.HISTORY_FILE + ":2"), r::toString);
    Result j = watch("--json");
    assertEquals(4, j.exit(), j::toString);
    assertTrue(j.out().contains("\"corrupt-state\""), j::toString);
    assertTrue(r.err().contains("line 2 is incomplete"), r::toString);
    assertEquals(b.length - 17, Files.size(file), "the damaged file is left as it is");
  }

  @Test
  void watch_stateLockedByAnotherRun_exit4() throws Exception {
    assertEquals(0, watch().exit());
    try (CheckpointHistory held = CheckpointHistory.open(state, Verifiers.of(log.verifierKey()), Duration.ZERO)) {
      Result r = watch("--lock-timeout", "0");
      assertEquals(4, r.exit(), r::toString);
      assertTrue(r.err().contains("another watch run holds the lock"), r::toString);
      assertNotNull(held.last().orElse(null));
    }
  }

  @Test
  void watch_latestDoesNotAuthenticate_exit3NothingRecorded() throws Exception {
    assertEquals(0, watch().exit());
    addModules(log, "b", 2);
    log.override("/latest", "go.sum database tree\n22\nnot a signed note\n".getBytes(StandardCharsets.UTF_8));
    Result r = watch("--json");
    assertEquals(3, r.exit(), r::toString);
    assertEquals("security", r.json().get("status").asText());
    assertTrue(r.json().get("message").asText().startsWith("/latest: the signed tree does not authenticate"),
        r::toString);
    assertEquals(1, stateLines().size());
  }
}
