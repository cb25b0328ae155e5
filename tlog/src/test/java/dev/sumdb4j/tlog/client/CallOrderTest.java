package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One call of the client, as its store sees it: the stored latest note is read (and verified) once,
 * the newest tree is stored, and only then is what the call authenticated cached.
 */
class CallOrderTest {
  /** A store that records what was asked of it, in order. */
  static final class Recording implements SumdbStore {
    final SumdbStore inner;
    final List<String> events = new ArrayList<>();

    Recording(SumdbStore inner) {
      this.inner = inner;
    }

    synchronized void event(String e) {
      events.add(e);
    }

    synchronized List<String> events() {
      return List.copyOf(events);
    }

    synchronized void clear() {
      events.clear();
    }

    @Override
    public Optional<byte[]> readLookup(String key) throws IOException {
      return inner.readLookup(key);
    }

    @Override
    public void writeLookup(VerifiedLookup lookup) throws IOException {
      event("writeLookup");
      inner.writeLookup(lookup);
    }

    @Override
    public Optional<byte[]> readTile(String tilePath) throws IOException {
      return inner.readTile(tilePath);
    }

    @Override
    public void writeTile(VerifiedTile tile) throws IOException {
      event("writeTile");
      inner.writeTile(tile);
    }

    @Override
    public byte[] readLatest() throws IOException {
      event("readLatest");
      return inner.readLatest();
    }

    @Override
    public boolean compareAndSwapLatest(byte[] expected, byte[] replacement) throws IOException {
      event("compareAndSwapLatest");
      return inner.compareAndSwapLatest(expected, replacement);
    }
  }

  TestLog log;
  Recording store;

  static String h1(String seed) {
    return "h1:" + Hash.ofRecord(seed.getBytes(StandardCharsets.UTF_8));
  }

  void add(int from, int to) {
    for (int i = from; i < to; i++) {
      log.addModule("example.com/m" + i, "v1.0." + i, h1("zip" + i), h1("mod" + i));
    }
  }

  SumdbClient client() {
    return SumdbClient.builder().verifierKey(log.verifierKey()).remote(log).store(store).tileHeight(2).build();
  }

  @BeforeEach
  void setUp() {
    log = TestLog.create("example.com/sumdb", 2);
    store = new Recording(new MemoryStore());
    add(0, 20);
  }

  /** The events after the stored latest note was read: what the call did with the store. */
  static void assertOneCall(List<String> events) {
    assertEquals(1, events.stream().filter("readLatest"::equals).count(), () -> "the stored latest note is read once: " + events);
    assertEquals("readLatest", events.get(0), events::toString);
    int cas = events.indexOf("compareAndSwapLatest");
    assertTrue(cas > 0, () -> "the newest tree is stored: " + events);
    assertEquals(cas, events.lastIndexOf("compareAndSwapLatest"), events::toString);
    for (int i = 0; i < cas; i++) {
      assertTrue(!events.get(i).startsWith("write"), () -> "nothing is cached before the tree is stored: " + events);
    }
    assertTrue(events.subList(cas, events.size()).contains("writeTile"), events::toString);
  }

  @Test
  void lookupAll_readsTheStoredNoteOnce_storesTheNewestTree_thenCaches() throws Exception {
    client().lookup("example.com/m1", "v1.0.1"); // another process's history, in the same store
    add(20, 40);
    store.clear();
    SumdbClient c = client();
    List<ModuleVersion> modules = new ArrayList<>();
    for (int i = 2; i < 40; i += 3) {
      modules.add(ModuleVersion.of("example.com/m" + i, "v1.0." + i));
    }
    assertTrue(c.lookupAll(modules).values().stream().allMatch(o -> o.result().isPresent()));
    List<String> events = store.events();
    assertOneCall(events);
    int cas = events.indexOf("compareAndSwapLatest");
    assertEquals(modules.size(), events.subList(cas, events.size()).stream().filter("writeLookup"::equals).count(),
        events::toString);

    add(40, 45);
    store.clear();
    c.lookup("example.com/m42", "v1.0.42"); // a later call of the same client: the same again
    assertOneCall(store.events());
  }

  @Test
  void merge_readsTheStoredNoteOnce_storesTheNewestTree_thenCaches() throws Exception {
    client().lookup("example.com/m1", "v1.0.1");
    add(20, 40);
    store.clear();
    SumdbClient c = client();
    assertEquals(40, c.merge("/latest", log.signedTree()).size());
    assertOneCall(store.events());
  }
}
