package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path at the scale the issue asks for: a 1,000,000-record log over loopback HTTP. */
@Tag("slow")
class MillionRecordTest {
  static final long SIZE = 1_000_000;
  @TempDir Path tmp;
  Path dir; // tmp/m: its default state directory, tmp/m.audit, is cleaned up with tmp

  @org.junit.jupiter.api.BeforeEach
  void mirrorDir() {
    dir = tmp.resolve("m");
  }

  @Test
  void mirrorInterruptedResumedThenVerify_okAndFlipLocated() throws Exception {
    GeneratedLog.View v = GeneratedLog.of(SIZE, 9).view();
    try (LogServer s = new LogServer(v)) {
      s.failAfter(3000); // about 2/5 of the ~7,830 tiles, then every request fails
      assertThrows(IOException.class, () -> MirrorTest.mirror(s, dir));
      try (Stream<Path> files = Files.walk(dir.resolve("tile"))) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(MirrorDir.TEMP_PREFIX)));
      }
      s.heal();
      Mirror.Result r = Mirror.builder().remote(s.remote()).verifiers(GeneratedLog.verifiers())
          .dir(MirrorDir.at(dir)).concurrency(8).build().run();
      assertEquals(v.tree, r.tree());
      assertTrue(r.tilesKept() > 1000, "resumed: " + r);
    }
    // A verify killed at its second progress report (one thread: 31 chunks, flushed three at a
    // time), then resumed with two threads.
    AtomicInteger reports = new AtomicInteger();
    MirrorVerifier killed = MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 1, 100,
        (done, total) -> {
          if (reports.incrementAndGet() == 2) {
            throw new IllegalStateException("killed");
          }
        });
    assertThrows(IllegalStateException.class, killed::run);
    VerifyReport rep = MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 2, 100,
        AuditProgress.NONE).run();
    assertTrue(rep.resumed());
    assertTrue(rep.ok(), rep.problems().toString());
    assertEquals(SIZE, rep.records());

    Tile d = ChunkChecker.level0(2345, SIZE).dataTile();
    Path f = dir.resolve(d.path());
    byte[] b = Files.readAllBytes(f);
    RecordScanner sc = new RecordScanner();
    sc.split("x", d, b, b.length);
    int off = sc.starts[100] + 20; // inside the module path of record 2345*256+100
    b[off] ^= 0x04;
    Files.write(f, b);
    rep = MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 2, 100, AuditProgress.NONE).run();
    assertFalse(rep.ok());
    assertEquals(1, rep.problemCount(), rep.problems().toString());
    assertEquals(new AuditProblem(d.path(), 2345 * 256 + 100, sc.starts[100], rep.problems().get(0).message()),
        rep.problems().get(0));
  }
}
