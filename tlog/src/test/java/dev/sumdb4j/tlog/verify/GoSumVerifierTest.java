package dev.sumdb4j.tlog.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** go.sum verification against an in-memory log. */
class GoSumVerifierTest {
  TestLog log;
  TestStore store;

  static String h1(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void setUp() {
    log = TestLog.create("example.com/sumdb", 8);
    for (int i = 0; i < 5; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
    log.add("example.com/nomod@v1.0.0", "example.com/nomod v1.0.0 " + h1("nomod") + "\n");
    store = new TestStore();
  }

  SumdbClient client(boolean online) {
    SumdbClient.Builder b = SumdbClient.builder().verifierKey(log.verifierKey()).store(store);
    return (online ? b.remote(log) : b).build();
  }

  static GoSumFile gosum(String name, String... lines) throws Exception {
    return GoSumFile.parse(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  List<LineVerdict> verdicts(GoSumReport r) {
    return r.lines().stream().map(LineResult::verdict).toList();
  }

  @Test
  void verify_everyKindOfLine_ownVerdict() throws Exception {
    GoSumFile f = gosum("go.sum",
        "example.com/m0 v1.0.0 " + h1("zip0"),
        "example.com/m0 v1.0.0/go.mod " + h1("mod0"),
        "example.com/m1 v1.0.1 " + h1("wrong"),
        "example.com/m1 v1.0.1 " + h1("zip1"),
        "example.com/m1 v1.0.1 " + h1("zip1"),
        "example.com/gone v1.0.0 " + h1("x"),
        "corp.example/private v1.0.0 " + h1("p"),
        "example.com/nomod v1.0.0/go.mod " + h1("y"),
        "example.com/m2 v1.0.2/go.mod h9:AAAA");
    GoSumReport r = new GoSumVerifier(client(true), p -> p.startsWith("corp.example/")).verify(f);
    assertEquals(List.of(LineVerdict.OK, LineVerdict.OK, LineVerdict.MISMATCH, LineVerdict.OK, LineVerdict.OK,
        LineVerdict.NOT_FOUND, LineVerdict.SKIPPED, LineVerdict.ERROR, LineVerdict.ERROR), verdicts(r));
    assertEquals(Optional.of(h1("zip1")), r.lines().get(2).databaseHash());
    assertTrue(r.lines().get(7).message().contains("checksum missing"), r.lines().get(7).message());
    assertTrue(r.lines().get(8).message().contains("unknown hash algorithm h9"), r.lines().get(8).message());
    assertEquals(Optional.of(LineError.SECURITY), r.lines().get(7).error());
    assertEquals(Optional.of(LineError.MALFORMED), r.lines().get(8).error());
    assertTrue(r.lines().stream().filter(l -> l.verdict() != LineVerdict.ERROR).allMatch(l -> l.error().isEmpty()));
    assertEquals(3, r.lines().get(2).line().line());
    assertFalse(r.passed());
    assertEquals(4, r.failures().size());
    assertEquals(6, r.tree().size());
    assertTrue(r.summary().startsWith("9 lines: 4 ok, 1 mismatch, 1 not found, 1 skipped, 2 error"), r.summary());
    assertFalse(log.requests().stream().anyMatch(p -> p.contains("corp.example")), "skipped modules are not looked up");
    assertEquals(5, log.requestCount("/lookup/"), "one lookup per module version");
  }

  @Test
  void verify_errorCategory_fromFailureNotMessage() throws Exception {
    // A transport failure whose message mimics the security one stays UNAVAILABLE.
    Remote failing = path -> {
      if (path.startsWith("/lookup/example.com/m3@")) {
        throw new IOException("checksum missing from sumdb response (a misleading transport message)");
      }
      return log.get(path);
    };
    SumdbClient c = SumdbClient.builder().verifierKey(log.verifierKey()).store(store).remote(failing).build();
    GoSumReport r = new GoSumVerifier(c, p -> false).verify(gosum("go.sum",
        "example.com/m3 v1.0.3 " + h1("zip3"),
        "example.com/m3 v1.0.3 h9:AAAA",
        "Example.com/BAD v1.0.0 " + h1("x"),
        "example.com/m4 v1.0.4 " + h1("zip4")));
    assertEquals(List.of(LineVerdict.ERROR, LineVerdict.ERROR, LineVerdict.ERROR, LineVerdict.OK), verdicts(r));
    assertEquals(List.of(Optional.of(LineError.UNAVAILABLE), Optional.of(LineError.MALFORMED),
        Optional.of(LineError.MALFORMED), Optional.<LineError>empty()),
        r.lines().stream().map(LineResult::error).toList());
  }

  @Test
  void lineResult_errorCategory_onlyWithErrorVerdict() throws Exception {
    var line = gosum("go.sum", "example.com/m3 v1.0.3 " + h1("zip3")).lines().get(0);
    assertThrows(IllegalArgumentException.class,
        () -> new LineResult(line, LineVerdict.ERROR, Optional.empty(), "no category"));
    assertThrows(IllegalArgumentException.class,
        () -> new LineResult(line, LineVerdict.OK, Optional.empty(), "", Optional.of(LineError.SECURITY)));
  }

  @Test
  void verify_severalFiles_allLinesInOrder() throws Exception {
    GoSumReport r = new GoSumVerifier(client(true), p -> false).verify(
        gosum("a/go.sum", "example.com/m3 v1.0.3 " + h1("zip3")),
        gosum("b/go.sum", "example.com/m4 v1.0.4/go.mod " + h1("mod4"), "example.com/m3 v1.0.3 " + h1("zip3")));
    assertEquals(List.of("a/go.sum", "b/go.sum", "b/go.sum"), r.lines().stream().map(l -> l.line().source()).toList());
    assertTrue(r.passed(), r.toString());
    assertEquals(2, log.requestCount("/lookup/"));
  }

  @Test
  void verify_skippedOnly_noLookupNeverOk() throws Exception {
    GoSumReport r = new GoSumVerifier(client(true), p -> true).verify(gosum("go.sum", "example.com/m3 v1.0.3 " + h1("zip3")));
    assertEquals(List.of(LineVerdict.SKIPPED), verdicts(r));
    assertTrue(log.requests().isEmpty());
  }

  @Test
  void verify_corruptTiles_abortsWithoutVerdicts() throws Exception {
    log.corruptAllTiles(true);
    GoSumVerifier v = new GoSumVerifier(client(true), p -> false);
    assertThrows(InconsistentTileException.class, () -> v.verify(gosum("go.sum", "example.com/m3 v1.0.3 " + h1("zip3"))));
  }

  @Test
  void verify_forkedLog_abortsWithEvidence() throws Exception {
    TestLog fork = log.fork();
    new GoSumVerifier(client(true), p -> false).verify(gosum("go.sum", "example.com/m4 v1.0.4 " + h1("zip4")));
    fork.addModule("example.com/x", "v1.0.0", h1("x"), h1("xm"));
    log.addModule("example.com/y", "v1.0.0", h1("y"), h1("ym"));
    // A client that learned the log's tree 7 then meets the fork's tree 7.
    new GoSumVerifier(client(true), p -> false).verify(gosum("go.sum", "example.com/y v1.0.0 " + h1("y")));
    GoSumVerifier onFork = new GoSumVerifier(SumdbClient.builder().verifierKey(log.verifierKey()).store(store)
        .remote(fork).build(), p -> false);
    assertThrows(LogMisbehaviorException.class, () -> onFork.verify(gosum("go.sum", "example.com/x v1.0.0 " + h1("x"))));
  }

  @Test
  void verify_offlineMissing_eachLineNamesItsLookup() throws Exception {
    GoSumVerifier v = new GoSumVerifier(client(false), p -> false);
    GoSumReport r = v.verify(gosum("go.sum",
        "example.com/m1 v1.0.1 " + h1("zip1"), "example.com/m2 v1.0.2/go.mod " + h1("mod2")));
    assertEquals(List.of(LineVerdict.ERROR, LineVerdict.ERROR), verdicts(r));
    assertTrue(r.lines().get(0).message().contains("lookup/example.com/m1@v1.0.1"), r.lines().toString());
    assertTrue(r.lines().get(1).message().contains("lookup/example.com/m2@v1.0.2"), r.lines().toString());
    assertEquals(LineError.UNAVAILABLE, r.lines().get(0).error().orElseThrow());
  }

  @Test
  void verify_offlineOneLookupMissing_otherLinesKeepTheirVerdicts() throws Exception {
    new GoSumVerifier(client(true), p -> false).verify(gosum("go.sum",
        "example.com/m1 v1.0.1 " + h1("zip1"), "example.com/m2 v1.0.2 " + h1("zip2")));
    GoSumReport r = new GoSumVerifier(client(false), p -> false).verify(gosum("go.sum",
        "example.com/m1 v1.0.1 " + h1("zip1"), "example.com/m2 v1.0.2 " + h1("bad"),
        "example.com/m3 v1.0.3 " + h1("zip3")));
    assertEquals(List.of(LineVerdict.OK, LineVerdict.MISMATCH, LineVerdict.ERROR), verdicts(r));
  }

  @Test
  void verify_offlineAfterOnline_sameVerdicts() throws Exception {
    GoSumFile f = gosum("go.sum", "example.com/m1 v1.0.1 " + h1("zip1"), "example.com/m2 v1.0.2 " + h1("bad"));
    GoSumReport on = new GoSumVerifier(client(true), p -> false).verify(f);
    GoSumReport off = new GoSumVerifier(client(false), p -> false).verify(f);
    assertEquals(verdicts(on), verdicts(off));
    assertEquals(List.of(LineVerdict.OK, LineVerdict.MISMATCH), verdicts(off));
  }
}
