package dev.sumdb4j.tlog.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.cosignature.CosignatureSigner;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.client.Evidence;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.verify.GoSumVerifier;
import dev.sumdb4j.tlog.verify.LineVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWatcherTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path state;

  private final SignerKey signer = key("log.example");
  private final TestLog log = new TestLog(signer, 2);

  private static SignerKey key(String name) {
    try {
      return SignerKey.generate(name, new SecureRandom());
    } catch (SumdbException e) {
      throw new AssertionError(e);
    }
  }

  private static CosignatureSigner witness(String name) {
    try {
      return CosignatureSigner.generate(name, new SecureRandom()).withClock(CLOCK);
    } catch (SumdbException e) {
      throw new AssertionError(e);
    }
  }

  private void addModules(TestLog l, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      long id = l.size();
      l.addModule("example.com/" + prefix + id, "v1.0.0", h1(prefix + id), h1(prefix + id + "/go.mod"));
    }
  }

  private static String h1(String seed) {
    try {
      return "h1:" + java.util.Base64.getEncoder().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private LogWatcher watcher(TestLog remote, WitnessPolicy policy) {
    return LogWatcher.builder().verifierKey(log.verifierKey()).remote(remote).tileHeight(2).clock(CLOCK)
        .witnesses(policy).build();
  }

  private WatchResult run(TestLog remote, List<GoSumFile> goSums) throws IOException, SumdbException {
    return run(remote, WitnessPolicy.none(), goSums);
  }

  private WatchResult run(TestLog remote, WitnessPolicy policy, List<GoSumFile> goSums)
      throws IOException, SumdbException {
    try (CheckpointHistory h = open()) {
      return watcher(remote, policy).watch(h, goSums);
    }
  }

  private CheckpointHistory open() throws IOException, SumdbException {
    return CheckpointHistory.open(state, Verifiers.of(log.verifierKey()), Duration.ofSeconds(5));
  }

  private List<HistoryEntry> history() throws IOException, SumdbException {
    try (CheckpointHistory h = open()) {
      return h.entries();
    }
  }

  private List<Path> evidenceFiles() throws IOException {
    try (Stream<Path> s = Files.list(state)) {
      return s.filter(p -> p.getFileName().toString().startsWith("evidence-")).toList();
    }
  }

  @Test
  void watch_firstRunThenGrowth_bootstrapsThenAppendsEachConsistentTree() throws Exception {
    addModules(log, "a", 5);
    WatchResult first = run(log, List.of());
    assertEquals(WatchResult.Status.BOOTSTRAPPED, first.status());
    assertTrue(first.previous().isEmpty());
    assertEquals(5, first.appended().orElseThrow().size());

    addModules(log, "b", 9);
    WatchResult second = run(log, List.of());
    assertEquals(WatchResult.Status.APPENDED, second.status());
    assertEquals(5, second.previous().orElseThrow().size());
    addModules(log, "c", 1);
    assertEquals(WatchResult.Status.APPENDED, run(log, List.of()).status());

    List<HistoryEntry> h = history();
    assertEquals(List.of(5L, 14L, 15L), h.stream().map(HistoryEntry::size).toList());
    assertEquals(log.tree().hash(), h.get(2).hash());
    assertEquals(new String(log.signedTree(), StandardCharsets.UTF_8), h.get(2).note());
    assertEquals(NOW, h.get(2).observed());
    assertTrue(log.requestCount("/tile/") > 0, "consistency was proved through tiles");
  }

  @Test
  void watch_sameNoteAgain_unchangedAndNothingAppended() throws Exception {
    addModules(log, "a", 3);
    run(log, List.of());
    WatchResult again = run(log, List.of());
    assertEquals(WatchResult.Status.UNCHANGED, again.status());
    assertTrue(again.appended().isEmpty());
    assertEquals(1, history().size());
  }

  @Test
  void watch_serverShowsOlderTree_provedPrefixNotAppended() throws Exception {
    addModules(log, "a", 10);
    run(log, List.of());
    log.override("/latest", log.signedTree(6));
    WatchResult r = run(log, List.of());
    assertEquals(WatchResult.Status.OLDER, r.status());
    assertEquals(1, history().size());
  }

  private WatchResult runAt(Instant now, TestLog remote) throws IOException, SumdbException {
    try (CheckpointHistory h = open()) {
      return LogWatcher.builder().verifierKey(log.verifierKey()).remote(remote).tileHeight(2)
          .clock(Clock.fixed(now, ZoneOffset.UTC)).build().watch(h, List.of());
    }
  }

  @Test
  void watch_serverForkedBelowHistoryWithoutNewestTreeTiles_forkProvedAgainstEarlierRecordedTree() throws Exception {
    addModules(log, "a", 10);
    run(log, List.of());
    addModules(log, "b", 5);
    run(log, List.of()); // recorded: 10, then 15
    // Same key, another history of the first 10 records; with 11 records it has no tiles of tree 15.
    TestLog other = new TestLog(signer, 2);
    addModules(other, "evil", 11);
    ForkDetectedException e = assertThrows(ForkDetectedException.class, () -> run(other, List.of()));
    Evidence ev = e.evidence();
    ev.verify(Verifiers.of(log.verifierKey()));
    assertEquals(10, ev.olderSize());
    assertEquals(11, ev.newerSize());
    assertEquals(List.of(e.evidenceFile()), evidenceFiles());
    assertEquals(2, history().size());
  }

  @Test
  void watch_staleServerWithoutNewestTreeTiles_unavailableThenLaggingAfterMaxLag() throws Exception {
    addModules(log, "a", 10);
    run(log, List.of());
    addModules(log, "b", 2);
    TestLog stale = log.fork(); // stays at 12
    addModules(log, "c", 3);
    run(log, List.of()); // recorded: 10, then 15 at NOW

    IOException io = assertThrows(IOException.class, () -> runAt(NOW.plus(Duration.ofHours(23)), stale));
    assertTrue(io.getMessage().contains("the server is behind the recorded tree#15 "), io::getMessage);
    assertTrue(io.getMessage().contains("consistent with the recorded tree#10"), io::getMessage);

    WatchResult r = runAt(NOW.plus(Duration.ofHours(25)), stale);
    assertEquals(WatchResult.Status.LAGGING, r.status());
    WatchResult.Lag lag = r.lag().orElseThrow();
    assertEquals(15, lag.ahead().size());
    assertEquals(Duration.ofHours(25), lag.behind());
    assertEquals(10, lag.consistentWith().orElseThrow().size());
    assertFalse(lag.consistentWithNewest());
    assertEquals(2, history().size(), "nothing recorded");
    assertEquals(List.of(), evidenceFiles());
  }

  @Test
  void watch_staleServerThenUnreachable_unavailableNotLagging() throws Exception {
    addModules(log, "a", 10);
    run(log, List.of());
    addModules(log, "b", 2);
    TestLog stale = log.fork(); // stays at 12
    addModules(log, "c", 3);
    run(log, List.of()); // recorded: 10, then 15 at NOW
    // /latest arrives, then the host stops answering (fail-fast, or the run's deadline passed):
    // nothing was shown about the tiles, so this is not a lag, however long ago tree#15 was recorded.
    HostUnavailableException down = new HostUnavailableException("log.example",
        "gave up: the overall deadline of 1 s passed", "reading /tile/2/0/003", null);
    dev.sumdb4j.tlog.http.Remote flaky = path -> {
      if (path.equals("/latest")) {
        return stale.get(path);
      }
      throw new HostUnavailableException(down.host(), down.reason(), down.detail(), null);
    };
    IOException io;
    try (CheckpointHistory h = open()) {
      LogWatcher w = LogWatcher.builder().verifierKey(log.verifierKey()).remote(flaky).tileHeight(2)
          .clock(Clock.fixed(NOW.plus(Duration.ofHours(25)), ZoneOffset.UTC)).build();
      io = assertThrows(IOException.class, () -> w.watch(h, List.of()));
    }
    assertTrue(GoSumVerifier.unreachable(io).isPresent(), io::toString);
    assertEquals(down.getMessage(), GoSumVerifier.unreachable(io).get().getMessage());
    assertEquals(2, history().size(), "nothing recorded");
  }

  @Test
  void watch_olderConsistentTreeForLongerThanMaxLag_lagging() throws Exception {
    addModules(log, "a", 10);
    run(log, List.of());
    addModules(log, "b", 6);
    run(log, List.of()); // recorded: 10, then 16 at NOW
    log.override("/latest", log.signedTree(12)); // a stale /latest; every tile is served
    WatchResult within = runAt(NOW.plus(Duration.ofHours(1)), log);
    assertEquals(WatchResult.Status.OLDER, within.status());
    assertTrue(within.lag().orElseThrow().consistentWithNewest());
    assertEquals(Duration.ofHours(1), within.lag().orElseThrow().behind());
    WatchResult beyond = runAt(NOW.plus(Duration.ofDays(2)), log);
    assertEquals(WatchResult.Status.LAGGING, beyond.status());
    assertEquals(2, history().size());
  }

  @Test
  void watch_forkAfterGrowth_exitsWithEvidenceThatVerifiesAndAppendsNothing() throws Exception {
    addModules(log, "a", 7);
    TestLog forked = log.fork();
    run(log, List.of());
    addModules(log, "b", 6);
    run(log, List.of());
    addModules(forked, "evil", 20); // same key, a different history after record 7

    ForkDetectedException e = assertThrows(ForkDetectedException.class, () -> run(forked, List.of()));
    Path file = e.evidenceFile();
    assertTrue(Files.exists(file), file::toString);
    assertEquals(List.of(file), evidenceFiles());
    Evidence ev = Evidence.fromJson(file.toString(), Files.readString(file));
    ev.verify(Verifiers.of(log.verifierKey()));
    assertEquals(e.evidence(), ev);
    assertEquals(13, ev.olderSize());
    assertEquals(27, ev.newerSize());
    assertEquals(2, history().size(), "nothing appended after a fork");
    // and the fork stays caught on the next run, whose evidence never replaces the first file
    ForkDetectedException again = assertThrows(ForkDetectedException.class, () -> run(forked, List.of()));
    assertEquals(2, evidenceFiles().size());
    assertTrue(again.evidenceFile().getFileName().toString().endsWith("-1.json"), again.evidenceFile()::toString);
    assertEquals(ev, Evidence.fromJson("first", Files.readString(file)));
  }

  @Test
  void watch_sameSizeFork_evidenceOfTwoNotesForOneSize() throws Exception {
    addModules(log, "a", 4);
    TestLog forked = log.fork();
    addModules(log, "b", 3);
    addModules(forked, "evil", 3);
    run(log, List.of());
    ForkDetectedException e = assertThrows(ForkDetectedException.class, () -> run(forked, List.of()));
    Evidence.fromJson("e", Files.readString(e.evidenceFile())).verify(Verifiers.of(log.verifierKey()));
    assertEquals(7, e.evidence().olderSize());
    assertEquals(7, e.evidence().newerSize());
  }

  @Test
  void watch_latestSignedByAnotherKey_verificationFailureNothingAppended() throws Exception {
    addModules(log, "a", 4);
    run(log, List.of());
    addModules(log, "b", 1);
    TestLog impostor = new TestLog(key("log.example"), 2);
    log.override("/latest", impostor.sign(log.tree()));
    VerificationException e = assertThrows(VerificationException.class, () -> run(log, List.of()));
    assertTrue(e.getMessage().startsWith("/latest: the signed tree does not authenticate"), e::getMessage);
    assertEquals(1, history().size());
  }

  @Test
  void watch_serverDown_ioExceptionNothingAppended() throws Exception {
    addModules(log, "a", 4);
    run(log, List.of());
    log.refuseAll();
    assertThrows(IOException.class, () -> run(log, List.of()));
    assertEquals(1, history().size());
  }

  @Test
  void watch_goSumFiles_verifiedAgainstTheNewTree() throws Exception {
    addModules(log, "a", 6);
    String good = "example.com/a2 v1.0.0 " + h1("a2") + "\nexample.com/a2 v1.0.0/go.mod " + h1("a2/go.mod") + "\n";
    GoSumFile ok = GoSumFile.parse("ok.sum", good.getBytes(StandardCharsets.UTF_8));
    WatchResult r = run(log, List.of(ok));
    assertTrue(r.goSum().orElseThrow().passed(), () -> r.goSum().toString());

    addModules(log, "b", 3);
    GoSumFile bad = GoSumFile.parse("bad.sum", ("example.com/a3 v1.0.0 " + h1("changed") + "\n")
        .getBytes(StandardCharsets.UTF_8));
    WatchResult r2 = run(log, List.of(ok, bad));
    assertEquals(WatchResult.Status.APPENDED, r2.status());
    assertEquals(List.of(LineVerdict.OK, LineVerdict.OK, LineVerdict.MISMATCH),
        r2.goSum().orElseThrow().lines().stream().map(l -> l.verdict()).toList());
  }

  // --- witnesses

  private final CosignatureSigner w1 = witness("w1.example");
  private final CosignatureSigner w2 = witness("w2.example");
  private final CosignatureSigner w3 = witness("w3.example");

  private WitnessPolicy twoOfThree() {
    return WitnessPolicy.of(List.of(w1.verifier(), w2.verifier(), w3.verifier()), 2, Duration.ofMinutes(10), CLOCK);
  }

  private void serveCosigned(CosignatureSigner... witnesses) throws SumdbException {
    String text = new String(Checkpoint.sumdb(log.tree()).format(), StandardCharsets.UTF_8);
    dev.sumdb4j.note.NoteSigner[] all = new dev.sumdb4j.note.NoteSigner[witnesses.length + 1];
    all[0] = signer;
    System.arraycopy(witnesses, 0, all, 1, witnesses.length);
    log.override("/latest", Note.sign(Note.of(text), all));
  }

  @Test
  void watch_twoOfThreeCosignatures_trustedAndRecorded() throws Exception {
    addModules(log, "a", 5);
    serveCosigned(w1, w3);
    WatchResult r = run(log, twoOfThree(), List.of());
    assertEquals(WatchResult.Status.BOOTSTRAPPED, r.status());
    assertEquals(List.of("w1.example", "w3.example"),
        r.appended().orElseThrow().cosignatures().stream().map(SeenCosignature::name).toList());
    assertEquals(NOW.getEpochSecond(), r.appended().get().cosignatures().get(0).timestamp());
    assertEquals(r.appended().get(), history().get(0), "the cosignatures survive the round trip");
  }

  @Test
  void watch_oneOfThreeCosignatures_witnessExceptionNamesMissing() throws Exception {
    addModules(log, "a", 5);
    serveCosigned(w2);
    WitnessException e = assertThrows(WitnessException.class, () -> run(log, twoOfThree(), List.of()));
    String m = e.getMessage();
    assertTrue(m.contains("1 of 3 witness cosignatures valid, 2 required"), m);
    assertTrue(m.contains("w1.example+" + w1.keyId() + ": missing"), m);
    assertTrue(m.contains("w3.example+" + w3.keyId() + ": missing"), m);
    assertTrue(m.contains("w2.example+" + w2.keyId() + ": valid"), m);
    assertTrue(history().isEmpty(), "an untrusted checkpoint is not recorded");
  }

  @Test
  void watch_cosignatureFromTheFuture_notCounted() throws Exception {
    addModules(log, "a", 5);
    CosignatureSigner late = w2.withClock(Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    serveCosigned(w1, late);
    WitnessException e = assertThrows(WitnessException.class, () -> run(log, twoOfThree(), List.of()));
    assertEquals(WitnessStatus.State.FUTURE, e.check().statuses().get(1).state());
    assertTrue(e.getMessage().contains("w2.example+" + w2.keyId() + ": future"), e::getMessage);
  }

  @Test
  void watch_tamperedCosignature_invalidNotCounted() throws Exception {
    addModules(log, "a", 5);
    serveCosigned(w1, w2);
    byte[] note = log.get("/latest");
    String s = new String(note, StandardCharsets.UTF_8);
    int at = s.indexOf("— w2.example ") + "— w2.example ".length() + 12; // inside its base64
    char c = s.charAt(at);
    String tampered = s.substring(0, at) + (c == 'A' ? 'B' : 'A') + s.substring(at + 1);
    log.override("/latest", tampered.getBytes(StandardCharsets.UTF_8));
    WitnessException e = assertThrows(WitnessException.class, () -> run(log, twoOfThree(), List.of()));
    assertEquals(List.of(WitnessStatus.State.VALID, WitnessStatus.State.INVALID, WitnessStatus.State.MISSING),
        e.check().statuses().stream().map(WitnessStatus::state).toList());
  }

  @Test
  void watch_noWitnessesRequired_cosignaturesStillRecorded() throws Exception {
    addModules(log, "a", 5);
    serveCosigned(w1);
    WitnessPolicy anyOf = WitnessPolicy.of(List.of(w1.verifier(), w2.verifier()), 0, Duration.ZERO, CLOCK);
    WatchResult r = run(log, anyOf, List.of());
    assertEquals(1, r.appended().orElseThrow().cosignatures().size());
    assertFalse(r.witnesses().valid().isEmpty());
  }

  @Test
  void witnessPolicy_badRequirements_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> WitnessPolicy.of(List.of(w1.verifier()), 2, Duration.ZERO, CLOCK));
    assertThrows(IllegalArgumentException.class,
        () -> WitnessPolicy.of(List.of(w1.verifier(), w1.verifier()), 1, Duration.ZERO, CLOCK));
    assertThrows(IllegalArgumentException.class,
        () -> WitnessPolicy.of(List.of(w1.verifier()), -1, Duration.ZERO, CLOCK));
  }
}
