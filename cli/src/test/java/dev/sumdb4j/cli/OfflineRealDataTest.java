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
import org.junit.jupiter.api.Tag;
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
@Tag("slow")
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
   * Flips one byte in a sample of the cached lookups and tiles of each set: verification must then
   * fail, unless the file is not needed at all (verification also succeeds with the file deleted:
   * an old partial tile, say). The large set is verified through a sample of its lookups.
   */
  @ParameterizedTest
  @MethodSource("sets")
  void verifyOffline_flippedByteInCachedFile_caught(String set) throws Exception {
    Path pristine = GoCacheFixture.arrange(set, tmp.resolve("pristine"));
    List<Path> lookups = GoCacheFixture.lookups(pristine);
    List<Path> used = new ArrayList<>();
    for (int i = 0; i < lookups.size(); i += Math.max(1, lookups.size() / 25)) {
      used.add(lookups.get(i));
    }
    List<String> lines = new ArrayList<>();
    for (Path lookup : used) {
      String[] body = Files.readString(lookup).split("\n", -1);
      for (int i = 1; i < body.length && !body[i].isEmpty(); i++) {
        lines.add(body[i]);
      }
    }
    Path gosum = tmp.resolve("go.sum");
    Files.write(gosum, lines);
    List<Path> victims = new ArrayList<>();
    for (int i = 0; i < used.size(); i += Math.max(1, used.size() / 3)) {
      victims.add(used.get(i));
    }
    List<Path> tiles = GoCacheFixture.tiles(pristine);
    for (int i = 0; i < tiles.size(); i += Math.max(1, tiles.size() / 5)) {
      victims.add(tiles.get(i));
    }
    int caught = 0;
    Path gopath = GoCacheFixture.arrange(set, tmp.resolve("work"));
    for (int n = 0; n < victims.size(); n++) {
      String rel = pristine.relativize(victims.get(n)).toString();
      Path victim = gopath.resolve(rel);
      byte[] b = Files.readAllBytes(victim);
      int at = rel.contains("/lookup/") ? b.length / 3 : b.length - 5; // inside the record; a late hash
      b[at] ^= 0x20;
      Files.write(victim, b);
      Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
      if (r.exit() == 0) {
        assertFalse(rel.contains("/lookup/"), () -> rel + " corrupted was accepted:\n" + r);
        Files.delete(victim);
        Cli.Result without = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
        assertEquals(0, without.exit(), () -> rel + " corrupted was accepted, yet it is needed:\n" + without);
      } else {
        caught++;
        // A damaged cache is damaged local state (exit 4), named with its path, never "ok".
        assertEquals(4, r.exit(), () -> rel + ": " + r);
        assertTrue(r.err().contains("corrupt cache file") && r.err().contains(gopath.toString()),
            () -> rel + ": " + r);
      }
      Files.copy(victims.get(n), victim, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // restore
    }
    assertTrue(caught > 0, "no corruption was caught in " + set);
  }

  /**
   * One cached lookup removed from a real cache: only that module version's lines are errors,
   * naming the missing file; every other line keeps its verdict, a wrong hash next to them is a
   * mismatch, and the mismatch decides the exit code (1 over 4).
   */
  @Test
  void verifyOffline_oneLookupRemoved_onlyItsLinesAreErrorsAndAMismatchStillShows() throws Exception {
    Path gopath = GoCacheFixture.arrange("0-Lin-Ying-0-42965376", tmp);
    Path removed = GoCacheFixture.cacheDir(gopath).resolve("lookup/filippo.io/edwards25519@v1.1.0");
    Files.delete(removed);
    List<String> lines = new ArrayList<>(Files.readAllLines(RealData.resolve("gosum/0-Lin-Ying-0-basic_go.sum")));
    assertTrue(lines.get(2).startsWith("github.com/bytedance/sonic v1.13.3 h1:"), lines.get(2));
    lines.set(2, "github.com/bytedance/sonic v1.13.3 " + Cli.fakeHash("not sonic"));
    Path gosum = tmp.resolve("go.sum");
    Files.write(gosum, lines);

    Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
    assertEquals(1, r.exit(), r::toString);
    List<String> out = r.lines();
    assertEquals(lines.size(), out.size(), r::toString);
    assertTrue(out.get(0).startsWith(gosum + ":1: error filippo.io/edwards25519 v1.1.0: "), out.get(0));
    assertTrue(out.get(0).contains("lookup/filippo.io/edwards25519@v1.1.0"), out.get(0));
    assertTrue(out.get(1).startsWith(gosum + ":2: error filippo.io/edwards25519 v1.1.0/go.mod: "), out.get(1));
    assertTrue(out.get(2).startsWith(gosum + ":3: mismatch github.com/bytedance/sonic v1.13.3: "), out.get(2));
    assertEquals(lines.size() - 3, out.stream().filter(l -> l.contains(": ok ")).count(), r::toString);
    assertTrue(r.err().contains(": " + (lines.size() - 3) + " ok, 1 mismatch, 0 not-found, 0 skipped, 2 error"),
        r::toString);

    // without the mismatch: the missing data decides (4)
    lines.set(2, Files.readAllLines(RealData.resolve("gosum/0-Lin-Ying-0-basic_go.sum")).get(2));
    Files.write(gosum, lines);
    Cli.Result only = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
    assertEquals(4, only.exit(), only::toString);
    assertEquals(lines.size() - 2, only.lines().stream().filter(l -> l.contains(": ok ")).count(), only::toString);
  }

  /**
   * Offline, a go.sum line whose module version is malformed is the user's input (2), not missing
   * data, even next to a line whose lookup is not cached (4); the other lines keep their verdicts.
   */
  @Test
  void verifyOffline_malformedModuleVersionLine_usageNotUnavailable() throws Exception {
    Path gopath = GoCacheFixture.arrange("darlandc-hello-go-6978134", tmp);
    List<String> lines = new ArrayList<>(Files.readAllLines(RealData.resolve("gosum/darlandc-hello-go.sum")));
    lines.add("example.com/m vNOT.A.VERSION " + Cli.fakeHash("m"));
    lines.add("example.com/uncached v1.0.0 " + Cli.fakeHash("uncached"));
    Path gosum = tmp.resolve("go.sum");
    Files.write(gosum, lines);
    Cli.Result r = Cli.run(GoCacheFixture.env(gopath), "verify", "--offline", gosum.toString());
    assertEquals(2, r.exit(), r::toString);
    assertEquals(6, r.lines().stream().filter(l -> l.contains(": ok ")).count(), r::toString);
    assertTrue(r.lines().get(6).startsWith(gosum + ":7: error example.com/m vNOT.A.VERSION: "), r::toString);
    assertFalse(r.lines().get(6).contains("offline"), r::toString);
    assertTrue(r.lines().get(7).startsWith(gosum + ":8: error example.com/uncached v1.0.0: offline and not in the cache"),
        r::toString);
  }
}
