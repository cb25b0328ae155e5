package dev.sumdb4j.tlog.realdata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.realdata.RealSets.CacheSet;
import dev.sumdb4j.tlog.tile.TileHashReader;
import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real go command cache set verifies on its own: its tiles give the tree hash of its signed
 * {@code latest}, every cached lookup record is proved in {@code latest}, and every lookup's own
 * signed tree is proved consistent with {@code latest}.
 */
class GoCacheSetsTest {

  @TestFactory
  Stream<DynamicTest> verify_everyCacheSet_provesLatestLookupsAndTheirTrees() {
    return RealSets.sets().stream().map(set -> DynamicTest.dynamicTest(set.name(), () -> verifySet(set)));
  }

  private static void verifySet(CacheSet set) throws Exception {
    Checkpoint latest = set.latest();
    TileHashReader reader = new TileHashReader(latest.tree(), set.reader());
    assertEquals(latest.hash(), TreeHash.of(latest.size(), reader), set.name() + ": tree hash of latest");

    Map<String, String[]> expected = verifiedTsv(set);
    List<String> failures = new ArrayList<>();
    int proved = 0;
    Set<Long> trees = new HashSet<>();
    Map<Long, Hash> ownHashes = new HashMap<>();
    for (var file : set.lookups()) {
      String rel = set.dir().relativize(file).toString().replace('\\', '/');
      String source = set.name() + "/" + rel;
      try {
        LookupResponse lookup = LookupResponse.parse(source, Files.readAllBytes(file));
        Checkpoint own = RealSets.openCheckpoint(source, lookup.signedNote());
        String[] want = expected.get(rel);
        if (want == null || Long.parseLong(want[1]) != lookup.id() || Long.parseLong(want[2]) != own.size()) {
          failures.add(source + ": id/tree size differ from verified.tsv");
          continue;
        }
        assertTrue(lookup.id() < latest.size(), source + ": record beyond latest");

        // The record, through the authenticating tile reader and through an inclusion proof.
        Hash record = Hash.ofRecord(lookup.text().getBytes(UTF_8));
        List<Hash> stored = reader.readHashes(new long[] {StoredHashes.index(0, lookup.id())});
        assertEquals(List.of(record), stored, source + ": record hash in latest's tiles");
        RecordProof rp = RecordProof.prove(latest.size(), lookup.id(), reader);
        RecordProof.check(rp, latest.size(), latest.hash(), lookup.id(), record);

        // The lookup's own tree, recomputed from latest's tiles, and a consistency proof (once
        // per distinct tree: many lookups share one).
        if (trees.add(own.size())) {
          assertEquals(own.hash(), TreeHash.of(own.size(), reader), source + ": own tree hash from latest's tiles");
          TreeProof tp = TreeProof.prove(latest.size(), own.size(), reader);
          TreeProof.check(tp, latest.size(), latest.hash(), own.size(), own.hash());
        } else {
          assertEquals(ownHashes.get(own.size()), own.hash(), source + ": two signed hashes for one size");
        }
        ownHashes.put(own.size(), own.hash());
        proved++;
      } catch (Exception | AssertionError e) {
        failures.add(source + ": " + e);
      }
    }
    assertEquals(List.of(), failures, set.name());
    assertEquals(expected.size(), proved, set.name() + ": lookups proved");
  }

  /** {@code gocache/<set>.verified.tsv}: lookup file -> row. */
  private static Map<String, String[]> verifiedTsv(CacheSet set) throws Exception {
    Map<String, String[]> out = new HashMap<>();
    List<String> lines = Files.readAllLines(RealData.resolve("gocache/" + set.name() + ".verified.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      out.put(f[0], f);
    }
    return out;
  }

  @Test
  void pooledTiles_samePathInSeveralSets_identicalBytes() {
    // pooledTiles() throws if two sets disagree; check the pool is really shared by several sets.
    Map<String, Integer> seen = new HashMap<>();
    for (CacheSet set : RealSets.sets()) {
      set.tiles().keySet().forEach(p -> seen.merge(p, 1, Integer::sum));
    }
    long shared = seen.values().stream().filter(n -> n > 1).count();
    assertEquals(1091, RealSets.pooledTiles().size(), "distinct tile files");
    assertEquals(19, shared, "tile paths present in more than one set");
    assertEquals(4, seen.get("tile/8/0/001"), "sets holding tile/8/0/001");
  }
}
