package dev.sumdb4j.tlog.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.client.VerifiedLookups;
import dev.sumdb4j.tlog.tile.VerifiedTiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SumdbStore} must have. A subclass supplies a fresh, empty store.
 */
public abstract class SumdbStoreContract {
  /** A new empty store (each call may return a distinct one). */
  protected abstract SumdbStore newStore() throws IOException;

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A counter note: {@code counter N} followed by filler derived from N, so a torn file shows. */
  static byte[] counterNote(long n, int filler) {
    StringBuilder b = new StringBuilder("counter ").append(n).append('\n');
    String line = Long.toHexString(n * 0x9E3779B97F4A7C15L) + "\n";
    while (b.length() < filler) {
      b.append(line);
    }
    return bytes(b.toString());
  }

  /** The counter in a note written by {@link #counterNote}, checking the whole file; -1 if empty. */
  static long parseCounter(byte[] note, int filler) {
    if (note.length == 0) {
      return -1;
    }
    String s = new String(note, StandardCharsets.UTF_8);
    if (!s.startsWith("counter ")) {
      throw new AssertionError("torn or foreign latest: " + s.substring(0, Math.min(40, s.length())));
    }
    long n = Long.parseLong(s.substring(8, s.indexOf('\n')));
    if (!java.util.Arrays.equals(note, counterNote(n, filler))) {
      throw new AssertionError("torn latest for counter " + n + " (" + note.length + " bytes)");
    }
    return n;
  }

  /** Adds one to the counter in latest by read + compare-and-swap, retrying on conflicts. */
  static void increment(SumdbStore store, int filler) throws IOException {
    while (true) {
      byte[] cur = store.readLatest();
      long n = parseCounter(cur, filler);
      if (store.compareAndSwapLatest(cur, counterNote(n < 0 ? 1 : n + 1, filler))) {
        return;
      }
    }
  }

  @Test
  void readLookup_missing_empty() throws IOException {
    assertEquals(Optional.empty(), newStore().readLookup("rsc.io/quote@v1.5.2"));
  }

  @Test
  void writeLookup_thenRead_sameBytes() throws IOException {
    SumdbStore s = newStore();
    byte[] body = bytes("2\nrsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n\ngo.sum database tree\n");
    s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5.2", body));
    assertArrayEquals(body, s.readLookup("rsc.io/quote@v1.5.2").orElseThrow());
    assertEquals(Optional.empty(), s.readLookup("rsc.io/quote@v1.5.1"));
  }

  @Test
  void writeLookup_escapedKeys_roundTrip() throws IOException {
    SumdbStore s = newStore();
    for (String key : List.of("github.com/!burnt!sushi/toml@v1.4.1-0.20240526193622-a339e1f7089c",
        "github.com/!data!dog/datadog-go@v4.8.3+incompatible", "golang.org/x/text@v0.3.0",
        "gopkg.in/yaml.v2@v2.4.0", "example.com/a~b_c@v0.0.0-!a")) {
      s.writeLookup(VerifiedLookups.unchecked(key, bytes(key)));
      assertArrayEquals(bytes(key), s.readLookup(key).orElseThrow(), key);
    }
  }

  @Test
  void writeLookup_overwrite_lastWins() throws IOException {
    SumdbStore s = newStore();
    s.writeLookup(VerifiedLookups.unchecked("a.b/c@v1.0.0", bytes("one")));
    s.writeLookup(VerifiedLookups.unchecked("a.b/c@v1.0.0", bytes("two")));
    assertArrayEquals(bytes("two"), s.readLookup("a.b/c@v1.0.0").orElseThrow());
  }

  @Test
  void writeLookup_empty_readsAsMissing() throws IOException {
    SumdbStore s = newStore();
    s.writeLookup(VerifiedLookups.unchecked("a.b/c@v1.0.0", new byte[0]));
    assertEquals(Optional.empty(), s.readLookup("a.b/c@v1.0.0"));
  }

  @Test
  void readAndWrite_copies_notShared() throws IOException {
    SumdbStore s = newStore();
    byte[] data = bytes("tile data");
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/000.p/1", data));
    data[0] = 'X';
    byte[] read = s.readTile("tile/8/0/000.p/1").orElseThrow();
    assertArrayEquals(bytes("tile data"), read);
    read[0] = 'Y';
    assertArrayEquals(bytes("tile data"), s.readTile("tile/8/0/000.p/1").orElseThrow());
  }

  @Test
  void writeTile_fullAndPartial_distinct() throws IOException {
    SumdbStore s = newStore();
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/x001/234", bytes("full")));
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/x001/234.p/5", bytes("partial")));
    s.writeTile(VerifiedTiles.unchecked("tile/8/data/000.p/3", bytes("data")));
    assertArrayEquals(bytes("full"), s.readTile("tile/8/0/x001/234").orElseThrow());
    assertArrayEquals(bytes("partial"), s.readTile("tile/8/0/x001/234.p/5").orElseThrow());
    assertArrayEquals(bytes("data"), s.readTile("tile/8/data/000.p/3").orElseThrow());
    assertEquals(Optional.empty(), s.readTile("tile/8/0/x001/234.p/6"));
    assertEquals(Optional.empty(), s.readTile("tile/8/1/000"));
  }

  @Test
  void badNames_rejected() throws IOException {
    SumdbStore s = newStore();
    for (String key : List.of("", "/etc/passwd@v1", "../x@v1.0.0", "a/../../x@v1.0.0", "a//b@v1", "a/./b@v1",
        "noversion", "a@b@c", "a@v1/x", "A.com/x@v1.0.0", "a\\b@v1", "a b@v1", "a\u0000b@v1", "x@", "@v1",
        "a/b@v1/", "a%2e%2e@v1", "nodot/x@v1.0.0", "a.b/c@v1.0.0!", "a.b/!!c@v1.0.0", "a.b/c.@v1.0.0")) {
      assertThrows(IllegalArgumentException.class, () -> s.readLookup(key), key);
      assertThrows(IllegalArgumentException.class, () -> s.writeLookup(VerifiedLookups.unchecked(key, bytes("x"))), key);
    }
    for (String tile : List.of("", "tile/8/0/../../x", "/tile/8/0/000", "tile/8/0/1", "tile/8/0/000/", "lookup/x",
        "tile/8/0/000.p/0", "tile/8/0/x/000", "tile/08/0/000", "tile/8/-1/000", "tile/8/0/000.p/5/x",
        "tile/8/0/000\n", "tile/8/0/000.p/256", "tile/31/0/000", "tile/8/0/x000/001")) {
      assertThrows(IllegalArgumentException.class, () -> s.readTile(tile), tile);
      // A VerifiedTile holds a Tile, whose path is valid by construction: no bad name to write.
    }
  }

  @Test
  void latest_initiallyEmpty() throws IOException {
    assertArrayEquals(new byte[0], newStore().readLatest());
  }

  @Test
  void compareAndSwapLatest_fromEmptyThenChained() throws IOException {
    SumdbStore s = newStore();
    assertTrue(s.compareAndSwapLatest(new byte[0], bytes("note 1\n")));
    assertArrayEquals(bytes("note 1\n"), s.readLatest());
    assertTrue(s.compareAndSwapLatest(bytes("note 1\n"), bytes("note 2\n")));
    assertArrayEquals(bytes("note 2\n"), s.readLatest());
  }

  @Test
  void compareAndSwapLatest_conflict_falseAndUnchanged() throws IOException {
    SumdbStore s = newStore();
    assertTrue(s.compareAndSwapLatest(new byte[0], bytes("note 1\n")));
    assertFalse(s.compareAndSwapLatest(new byte[0], bytes("other\n")));
    assertFalse(s.compareAndSwapLatest(bytes("note 0\n"), bytes("other\n")));
    assertArrayEquals(bytes("note 1\n"), s.readLatest());
  }

  @Test
  void compareAndSwapLatest_manyThreads_noLostUpdate() throws Exception {
    SumdbStore s = newStore();
    int threads = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            increment(s, 4096);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * each, parseCounter(s.readLatest(), 4096));
  }
}
