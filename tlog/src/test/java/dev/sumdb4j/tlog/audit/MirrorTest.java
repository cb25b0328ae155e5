package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class MirrorTest {
  @TempDir Path tmp;
  Path dir; // tmp/m: its default state directory, tmp/m.audit, is cleaned up with tmp

  @org.junit.jupiter.api.BeforeEach
  void mirrorDir() {
    dir = tmp.resolve("m");
  }

  static Mirror.Result mirror(LogServer s, Path dir) throws Exception {
    return Mirror.builder().remote(s.remote()).verifiers(GeneratedLog.verifiers())
        .dir(MirrorDir.at(dir)).concurrency(4).batchTiles(4).build().run();
  }

  static VerifyReport verify(Path dir) throws Exception {
    return MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), 2, 100, AuditProgress.NONE).run();
  }

  /** Every file of the mirror is exactly the tile the log serves; no stray or temporary file. */
  static void assertExactMirror(GeneratedLog.View v, Path dir) throws IOException {
    for (Tile t : v.tiles()) {
      assertArrayEquals(v.tile(t), Files.readAllBytes(dir.resolve(t.path())), t.path());
    }
    assertArrayEquals(v.signedNote, Files.readAllBytes(dir.resolve("latest")));
    try (Stream<Path> s = Files.walk(dir.resolve("tile"))) {
      long files = s.filter(Files::isRegularFile).count();
      assertEquals(v.tiles().size(), files, "files under tile/");
    }
  }

  @Test
  void run_freshDirectory_mirrorsEveryTileAndVerifies() throws Exception {
    GeneratedLog.View v = GeneratedLog.of(20_000, 1).view();
    try (LogServer s = new LogServer(v)) {
      Mirror.Result r = mirror(s, dir);
      assertEquals(v.tree, r.tree());
      assertEquals(0, r.tilesKept());
    }
    assertExactMirror(v, dir);
    VerifyReport rep = verify(dir);
    assertTrue(rep.ok(), rep.problems().toString());
    assertEquals(20_000, rep.records());
  }

  @Test
  void run_serverFailsMidway_noHalfWrittenFileAndRerunFinishes() throws Exception {
    GeneratedLog.View v = GeneratedLog.of(20_000, 1).view();
    try (LogServer s = new LogServer(v)) {
      s.failAfter(60);
      assertThrows(IOException.class, () -> mirror(s, dir));
      assertFalse(Files.exists(dir.resolve("latest")), "latest is written last");
      // whatever was written is complete and authentic
      try (Stream<Path> files = Files.walk(dir.resolve("tile"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Tile t = Tile.parsePath(dir.relativize(f).toString().replace('\\', '/'));
          assertArrayEquals(v.tile(t), Files.readAllBytes(f), t.path());
        }
      }
      // a killed process may leave a temporary file: the next run removes it
      Path stray = dir.resolve("tile/8/0/" + MirrorDir.TEMP_PREFIX + "000-dead");
      Files.write(stray, new byte[] {1, 2, 3});
      s.heal();
      Mirror.Result r = mirror(s, dir);
      assertTrue(r.tilesKept() > 0, "resumed: " + r);
      assertFalse(Files.exists(stray));
    }
    assertExactMirror(v, dir);
    assertTrue(verify(dir).ok());
  }

  @Test
  void run_logGrew_extendsMirrorAndReplacesPartialTiles() throws Exception {
    GeneratedLog log = GeneratedLog.of(20_000, 1);
    try (LogServer s = new LogServer(log.view(1000))) {
      mirror(s, dir);
      assertTrue(Files.exists(dir.resolve("tile/8/0/003.p/232")));
      assertTrue(verify(dir).ok());
      s.serve(log.view(19_000));
      Mirror.Result r = mirror(s, dir);
      assertEquals(1000, r.previousSize());
      assertFalse(Files.exists(dir.resolve("tile/8/0/003.p")), "the full tile replaces the partial one");
      assertExactMirror(log.view(19_000), dir);
      VerifyReport rep = verify(dir);
      assertTrue(rep.ok(), rep.problems().toString());
      assertEquals(19_000, rep.records());
    }
  }

  @Test
  void run_serverForked_refusesAndKeepsMirror() throws Exception {
    try (LogServer s = new LogServer(GeneratedLog.of(5000, 1).view(3000))) {
      mirror(s, dir);
      byte[] before = Files.readAllBytes(dir.resolve("latest"));
      s.serve(GeneratedLog.of(5000, 2).view(4000));
      VerificationException e = assertThrows(VerificationException.class, () -> mirror(s, dir));
      assertTrue(e.getMessage().contains("not contained"), e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(dir.resolve("latest")));
    }
  }

  @Test
  void run_corruptDataTile_failsWithoutStoringIt() throws Exception {
    GeneratedLog.View v = GeneratedLog.of(5000, 1).view();
    try (LogServer s = new LogServer(v)) {
      s.corrupt.put("/tile/8/data/007", b -> {
        b[1000] ^= 0x20;
        return b;
      });
      SumdbException e = assertThrows(SumdbException.class, () -> mirror(s, dir));
      assertTrue(e.getMessage().contains("tile/8/data/007"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("tile/8/data/007")));
      assertFalse(Files.exists(dir.resolve("tile/8/0/007")), "level-0 tile waits for its data tile");
    }
  }

  @Test
  void run_corruptHashTile_failsWithoutStoringIt() throws Exception {
    GeneratedLog.View v = GeneratedLog.of(20_000, 1).view();
    for (String path : List.of("/tile/8/0/005", "/tile/8/1/000.p/78", "/tile/8/0/078.p/32")) {
      Path dir = this.dir.resolve(path.replace('/', '_'));
      try (LogServer s = new LogServer(v)) {
        s.corrupt.put(path, b -> {
          b[b.length / 2] ^= 1;
          return b;
        });
        assertThrows(VerificationException.class, () -> mirror(s, dir), path);
        assertFalse(Files.exists(dir.resolve(path.substring(1))), path);
      }
    }
  }

  @Test
  void run_partialTilesGone_readsFullTilesAndTruncates() throws Exception {
    GeneratedLog log = GeneratedLog.of(20_000, 1);
    try (LogServer s = new LogServer(log.view(1000))) {
      s.serveTilesOf(log.view(1300)); // 1000 = 3 * 256 + 232: tile 003.p/232 no longer served
      mirror(s, dir);
    }
    assertExactMirror(log.view(1000), dir);
    assertTrue(verify(dir).ok());
  }

  @Test
  void run_emptyLog_writesLatestOnly() throws Exception {
    try (LogServer s = new LogServer(GeneratedLog.of(10, 1).view(0))) {
      mirror(s, dir);
    }
    assertTrue(Files.exists(dir.resolve("latest")));
    assertTrue(verify(dir).ok());
  }
}
