package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
  static final long SIZE = 70_000; // 273 full level-0 tiles, a full level-1 tile, partial edges
  // One mirror for the class: every test puts back what it breaks.
  @TempDir static Path tmp;
  static Path dir; // tmp/m: its default state directory, tmp/m.audit, is cleaned up with tmp
  static GeneratedLog.View view;

  @BeforeAll
  static void writeMirror() throws Exception {
    dir = tmp.resolve("m");
    view = GeneratedLog.of(SIZE, 3).view();
    view.writeMirror(dir);
  }

  VerifyReport verify() throws Exception {
    return MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 2, 1000, AuditProgress.NONE).run();
  }

  /** Flips one bit of {@code path} at {@code offset}; returns a restorer. */
  void flip(String path, int offset) throws Exception {
    Path f = dir.resolve(path);
    byte[] b = Files.readAllBytes(f);
    b[offset] ^= 0x01;
    Files.write(f, b);
  }

  void restore(String path) throws Exception {
    Files.write(dir.resolve(path), view.tile(Tile.parsePath(path)));
  }

  static boolean located(VerifyReport r, String path, long record, long offset) {
    return r.problems().stream().anyMatch(p -> p.path().equals(path) && p.record() == record
        && p.offset() == offset);
  }

  @Test
  void run_intactMirror_ok() throws Exception {
    VerifyReport r = verify();
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(SIZE, r.records());
    assertFalse(r.resumed());
  }

  @Test
  void run_flippedByteInDataTile_locatesRecordAndOffset() throws Exception {
    Random rnd = new Random(42);
    for (long tile : new long[] {17, 255, 273}) {
      Tile d = ChunkChecker.level0(tile, SIZE).dataTile();
      byte[] data = view.tile(d);
      int off = rnd.nextInt(data.length);
      flip(d.path(), off);
      RecordScanner s = new RecordScanner();
      s.split("x", d, data, data.length);
      int i = 0;
      while (i + 1 < d.width() && s.starts[i + 1] <= off) {
        i++;
      }
      long id = (tile << 8) + i;
      VerifyReport r = verify();
      assertFalse(r.ok());
      // a flip either breaks the tile's syntax (exact offset) or a record's hash (record start)
      boolean found = located(r, d.path(), id, s.starts[i]) || located(r, d.path(), id, off)
          || (off == s.ends[i] && located(r, d.path(), id + 1, off)) || located(r, d.path(), id, off - 1);
      assertTrue(found, d.path() + " offset " + off + " record " + id + ": " + r.problems());
      assertTrue(r.problems().stream().noneMatch(p -> p.path().startsWith("tile/8/0/")
          || p.path().startsWith("tile/8/1/")), "hash tiles are not blamed: " + r.problems());
      restore(d.path());
    }
  }

  @Test
  void run_flippedByteInHashTile_locatesTileAndByte() throws Exception {
    Random rnd = new Random(7);
    List<Tile> tiles = List.of(ChunkChecker.level0(100, SIZE), new Tile(8, 1, 0, 256),
        new Tile(8, 2, 0, 1), ChunkChecker.level0(273, SIZE), new Tile(8, 1, 1, 17));
    for (Tile t : tiles) {
      int off = rnd.nextInt(t.width() * 32);
      flip(t.path(), off);
      VerifyReport r = verify();
      assertFalse(r.ok(), t.path());
      boolean exact = r.problems().stream().anyMatch(p -> p.path().equals(t.path()) && p.offset() == off);
      assertTrue(exact, t.path() + " offset " + off + ": " + r.problems());
      restore(t.path());
    }
    assertTrue(verify().ok());
  }

  @Test
  void run_malformedDataTile_locatesProblem() throws Exception {
    Tile d = ChunkChecker.level0(5, SIZE).dataTile();
    byte[] data = view.tile(d);
    Files.write(dir.resolve(d.path()), java.util.Arrays.copyOf(data, data.length + 1));
    VerifyReport r = verify();
    assertTrue(located(r, d.path(), 5 * 256 + 256, data.length), r.problems().toString());
    byte[] ctl = data.clone();
    ctl[300] = 0x07;
    Files.write(dir.resolve(d.path()), ctl);
    r = verify();
    assertTrue(r.problems().stream().anyMatch(p -> p.path().equals(d.path()) && p.offset() == 300),
        r.problems().toString());
    restore(d.path());
  }

  @Test
  void run_missingTiles_reported() throws Exception {
    Files.delete(dir.resolve("tile/8/data/009"));
    Files.delete(dir.resolve("tile/8/1/000"));
    VerifyReport r = verify();
    assertTrue(located(r, "tile/8/data/009", -1, -1), r.problems().toString());
    assertTrue(located(r, "tile/8/1/000", -1, -1), r.problems().toString());
    restore("tile/8/data/009");
    restore("tile/8/1/000");
  }

  @Test
  void run_badSignature_refused() throws Exception {
    byte[] note = Files.readAllBytes(dir.resolve("latest"));
    note[5] ^= 1;
    Files.write(dir.resolve("latest"), note);
    assertThrows(SumdbException.class, this::verify);
    note[5] ^= 1;
    Files.write(dir.resolve("latest"), note);
  }

  @Test
  void run_interrupted_resumesAndFinishes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    MirrorVerifier v = MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 1, 10,
        (done, total) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("killed");
          }
        });
    assertThrows(IllegalStateException.class, v::run);
    VerifyReport r = verify();
    assertTrue(r.resumed());
    assertTrue(r.ok(), r.problems().toString());
  }

  @Test
  void run_whileAnotherRunHoldsTheMirror_refused() throws Exception {
    try (MirrorDir.Lock held = MirrorDir.at(dir).lock()) {
      MirrorLockedException e = assertThrows(MirrorLockedException.class, this::verify);
      assertEquals(dir.resolve(".audit/lock"), e.lockFile());
      assertThrows(MirrorLockedException.class, () -> MirrorDir.at(dir).lock());
    }
    assertTrue(verify().ok());
  }

  @Test
  void run_again_previousStateDiscarded() throws Exception {
    verify();
    Path state = MirrorDir.at(dir).defaultStateDir();
    assertEquals(tmp.resolve("m.audit"), state);
    Path stale = state.resolve("verify.old-1-2/index");
    Files.createDirectories(stale); // as a killed run may leave it
    Files.write(stale.resolve("bucket-0000"), new byte[24]);
    VerifyReport r = verify();
    assertTrue(r.ok());
    assertFalse(r.resumed());
    try (var s = Files.list(state)) {
      assertEquals(List.of("lock", "verify"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void run_moduleVersionLoggedTwice_reportsBothRecords() throws Exception {
    Path d2 = dir.resolve("dup");
    GeneratedLog.withDuplicate(3000, 17, 2500).view().writeMirror(d2);
    VerifyReport r = MirrorVerifier.of(MirrorDir.at(d2), GeneratedLog.verifiers(), 2, 10,
        AuditProgress.NONE).run();
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals(List.of(new Duplicate("golang.example/m17/s0@v1.7.0", List.of(17L, 2500L))),
        r.duplicates());
    assertFalse(r.ok());
  }

  /** Every file and directory under {@code root}: its size and modification time. */
  static java.util.Map<String, String> listing(Path root) throws Exception {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (var s = Files.walk(root)) {
      for (Path p : s.toList()) {
        out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  /**
   * The mirror is only read: nothing in it is created or changed (it may be read-only, and root
   * ignores permissions, so the test compares listings); the state lands in the given directory.
   * Both verify and compare used to write .audit/ into the mirror.
   */
  @Test
  void run_stateDirectoryGiven_mirrorNotWritten() throws Exception {
    Path state = tmp.resolve("elsewhere/state");
    java.util.Map<String, String> before = listing(dir);
    VerifyReport r = MirrorVerifier.of(MirrorDir.at(dir), state, GeneratedLog.verifiers(), 2, 10,
        AuditProgress.NONE).run();
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(before, listing(dir));
    assertTrue(Files.isRegularFile(state.resolve("verify/state")));
    assertTrue(Files.isRegularFile(state.resolve("lock")));
    assertTrue(MirrorCompare.compare(MirrorDir.at(dir), state, GeneratedLog.verifiers(), List.of(), null, 2).isEmpty());
    assertEquals(before, listing(dir));
  }

  /** A run that reads the mirror shares its lock: audit mirror cannot write under it, another reader can. */
  @Test
  void readLock_excludesTheWriter_notAReader() throws Exception {
    MirrorDir m = MirrorDir.at(tmp.resolve("locks"));
    m.lock().close(); // audit mirror made .audit/lock
    try (MirrorDir.Lock r = m.readLock()) {
      assertThrows(MirrorLockedException.class, m::lock);
    }
    try (MirrorDir.Lock w = m.lock()) {
      assertThrows(MirrorLockedException.class, m::readLock);
    }
    try (MirrorDir.Lock r = MirrorDir.at(tmp.resolve("no-lock-file")).readLock()) {
      assertFalse(Files.exists(tmp.resolve("no-lock-file")), "a read lock wrote into the mirror");
    }
  }
}
