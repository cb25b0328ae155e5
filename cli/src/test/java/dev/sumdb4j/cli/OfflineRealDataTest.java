package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sumdb4j verify --offline} against real go-command caches of sum.golang.org (realdata),
 * arranged as GOPATH in a temporary directory: the real go.sum files verify, every cached record
 * verifies, and a flipped byte in a cached file that verification needs is caught.
 */
class OfflineRealDataTest {
  @TempDir Path tmp;

  static Stream<String> sets() throws Exception {
    return GoCacheFixture.sets().stream();
  }

  static Stream<Arguments> realGoSums() {
    return Stream.of(
        Arguments.of("darlandc-hello-go.sum", "darlandc-hello-go-6978134"),
        Arguments.of("0-Lin-Ying-0-basic_go.sum", "0-Lin-Ying-0-42965376"));
  }

  @ParameterizedTest
  @MethodSource("realGoSums")
  void verifyOffline_realGoSumWithItsCache_everyLineOk(String goSum, String set) throws Exception {
    Path gopath = GoCacheFixture.arrange(set, tmp);
    Path file = RealData.resolve("gosum/" + goSum);
    Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", file.toString());
    assertEquals(0, r.exit(), r::toString);
    long lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    assertEquals(lines, r.lines().stream().filter(l -> l.contains(": ok ")).count(), r::toString);
  }

  @ParameterizedTest
  @MethodSource("sets")
  void verifyOffline_everyCachedRecord_ok(String set) throws Exception {
    Path gopath = GoCacheFixture.arrange(set, tmp);
    List<String> lines = GoCacheFixture.goSumLines(gopath);
    assertFalse(lines.isEmpty());
    Path gosum = tmp.resolve("go.sum");
    Files.write(gosum, lines);
    Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", "--json", gosum.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("\"ok\" : " + lines.size()), r::toString);
  }

  @Test
  void verifyOffline_realGoSumAgainstAnotherSet_missingDataExit4() throws Exception {
    Path gopath = GoCacheFixture.arrange("0xZero1-17337445", tmp);
    Path file = RealData.resolve("gosum/darlandc-hello-go.sum");
    Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", file.toString());
    assertEquals(4, r.exit(), r::toString);
    assertFalse(r.out().contains(": ok "), r::toString);
  }

  /**
   * Flips one byte in a sample of the cached tiles and lookups of each set (every file of the
   * small sets): verification must then fail, unless the file is not needed at all (verification
   * also succeeds with the file deleted: an old partial tile, say).
   */
  @ParameterizedTest
  @MethodSource("sets")
  void verifyOffline_flippedByteInCachedFile_caught(String set) throws Exception {
    Path pristine = GoCacheFixture.arrange(set, tmp.resolve("pristine"));
    List<Path> files = new ArrayList<>(GoCacheFixture.lookups(pristine));
    files.addAll(GoCacheFixture.tiles(pristine));
    int step = Math.max(1, files.size() / 12); // at most ~12 runs per set: the Lin set has 1,800 files
    List<String> lines = GoCacheFixture.goSumLines(pristine);
    Path gosum = tmp.resolve("go.sum");
    Files.write(gosum, lines);
    int caught = 0;
    for (int i = 0; i < files.size(); i += step) {
      String rel = pristine.relativize(files.get(i)).toString();
      Path gopath = GoCacheFixture.arrange(set, tmp.resolve("run" + i));
      Path victim = gopath.resolve(rel);
      byte[] b = Files.readAllBytes(victim);
      int at = rel.contains("/lookup/") ? b.length / 3 : b.length - 5; // inside the record; a late hash
      b[at] ^= 0x20;
      Files.write(victim, b);
      Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
      if (r.exit() == 0) {
        Files.delete(victim);
        Cli.Result without = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
        assertEquals(0, without.exit(), () -> rel + " corrupted was accepted, yet it is needed:\n" + without);
      } else {
        caught++;
        assertTrue(r.exit() == 3 || r.exit() == 4, () -> rel + ": " + r);
      }
    }
    assertTrue(caught > 0, "no corruption was caught in " + set);
  }
}
