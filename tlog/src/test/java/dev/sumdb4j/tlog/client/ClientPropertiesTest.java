package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.tlog.testlog.TestStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the client over random logs, heights, batches and corruptions. */
class ClientPropertiesTest {
  private static final SignerKey KEY;

  static {
    try {
      KEY = SignerKey.parse(ReferenceHarnessTest.SIGNER);
    } catch (SumdbException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static TestLog log(int size, int height) {
    TestLog log = new TestLog(KEY, height);
    for (int i = 0; i < size; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, ClientTest.h1("zip" + i), ClientTest.h1("mod" + i));
    }
    return log;
  }

  static SumdbClient client(TestLog log, TestStore store, int height) {
    return SumdbClient.builder().verifierKey(log.verifierKey()).remote(log).store(store).tileHeight(height).build();
  }

  @Property(tries = 40)
  void lookupAll_anyLogAnyBatch_provesEveryRecordInTheNewestTree(
      @ForAll @IntRange(min = 1, max = 70) int size, @ForAll @IntRange(min = 1, max = 4) int height,
      @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
    TestLog log = log(size, height);
    List<ModuleVersion> batch = new ArrayList<>();
    for (int i = seed % size; i < size; i += 1 + seed % 5) {
      batch.add(new ModuleVersion("example.com/m" + i, "v1.0." + i));
    }
    TestStore store = new TestStore();
    Map<ModuleVersion, Outcome> got = client(log, store, height).lookupAll(batch);
    long newest = 0;
    for (ModuleVersion mv : batch) {
      LookupResult r = got.get(mv).result().orElseThrow();
      assertEquals(List.of(ClientTest.h1("zip" + r.recordId())), r.hashes(mv.version()));
      newest = Math.max(newest, r.recordId() + 1);
    }
    for (Outcome o : got.values()) {
      assertEquals(newest, o.result().orElseThrow().tree().size());
    }
    assertArrayEquals(log.signedTree(newest), store.readLatest());
  }

  @Property(tries = 150)
  void lookup_anyBitFlippedInTheResponse_neverYieldsOtherLines(
      @ForAll @IntRange(min = 2, max = 20) int size, @ForAll @IntRange(min = 0, max = 19) int which,
      @ForAll @IntRange(min = 0, max = 1 << 20) int position) throws Exception {
    TestLog log = log(size, 2);
    int k = which % size;
    String key = "example.com/m" + k + "@v1.0." + k;
    byte[] body = log.lookupBody(key);
    int bit = position % (body.length * 8);
    body[bit / 8] ^= (byte) (1 << (bit % 8));
    log.override("/lookup/" + key, body);
    TestStore store = new TestStore();
    LookupResult r;
    try {
      r = client(log, store, 2).lookup("example.com/m" + k, "v1.0." + k);
    } catch (SumdbException | IOException rejected) {
      assertNull(store.file("lookup/" + key), "a rejected response must not be cached");
      return;
    }
    // Accepted only if the flip did not touch what is authenticated (e.g. a non-canonical trailing
    // bit the note format ignores); the lines must be the genuine ones.
    assertEquals(List.of("example.com/m" + k + " v1.0." + k + " " + ClientTest.h1("zip" + k),
        "example.com/m" + k + " v1.0." + k + "/go.mod " + ClientTest.h1("mod" + k)), r.lines());
    assertTrue(r.recordId() == k);
  }

  @Property(tries = 40)
  void lookup_anyForkInEitherDirection_misbehaviorWithVerifiableEvidence(
      @ForAll @IntRange(min = 0, max = 30) int forkAt, @ForAll @IntRange(min = 1, max = 30) int trustedExtra,
      @ForAll @IntRange(min = 1, max = 30) int forkExtra, @ForAll @IntRange(min = 1, max = 4) int height)
      throws Exception {
    // A and its fork B share records [0, forkAt); A then has forkAt + trustedExtra records, B
    // forkAt + forkExtra, all different from A's. A client trusting A's tree meets B's.
    TestLog a = log(forkAt, height);
    TestLog b = a.fork();
    for (int i = 0; i < trustedExtra; i++) {
      a.addModule("example.com/a" + i, "v1.0.0", ClientTest.h1("a" + i), ClientTest.h1("am" + i));
    }
    for (int i = 0; i < forkExtra; i++) {
      b.addModule("example.com/b" + i, "v1.0.0", ClientTest.h1("b" + i), ClientTest.h1("bm" + i));
    }
    // The trusting client looked up every record of A, so every tile of A's tree is cached: with
    // fewer, a fork to a smaller tree can be unprovable (the forked server has no tiles of A's tree).
    List<ModuleVersion> everyA = new ArrayList<>();
    for (int i = 0; i < forkAt; i++) {
      everyA.add(new ModuleVersion("example.com/m" + i, "v1.0." + i));
    }
    for (int i = 0; i < trustedExtra; i++) {
      everyA.add(new ModuleVersion("example.com/a" + i, "v1.0.0"));
    }
    TestStore store = new TestStore();
    client(a, store, height).lookupAll(everyA);
    LogMisbehaviorException e;
    try {
      client(b, store, height).lookup("example.com/b" + (forkExtra - 1), "v1.0.0");
      throw new AssertionError("fork not detected");
    } catch (LogMisbehaviorException caught) {
      e = caught;
    }
    Evidence ev = e.evidence();
    ev.verify(dev.sumdb4j.note.Verifiers.of(a.verifierKey()));
    assertEquals(ev, Evidence.fromJson("property", ev.toJson()));
    assertEquals(Math.min(forkAt + trustedExtra, forkAt + forkExtra), ev.olderSize());
    assertArrayEquals(a.signedTree(forkAt + trustedExtra), store.readLatest(), "the trusted tree stays");
  }
}
