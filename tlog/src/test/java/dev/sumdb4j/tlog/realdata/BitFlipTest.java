package dev.sumdb4j.tlog.realdata;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.proof.TlogProof;
import dev.sumdb4j.tlog.realdata.RealSets.CacheSet;
import dev.sumdb4j.tlog.realdata.RealSets.MapTileReader;
import dev.sumdb4j.tlog.tile.InconsistentTileException;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.TileHashReader;
import dev.sumdb4j.tlog.tile.TileReader;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every single-bit change of real proofs, of real tiles used by proofs and of real lookup bodies
 * is caught. Each case first checks that the unchanged input verifies, so the test can fail.
 */
class BitFlipTest {
  /** Bits flipped per tile in the end-to-end tile tests (plus the first and last bit). */
  private static final int BITS_PER_TILE = 48;

  private static byte[] flip(byte[] b, long bit) {
    byte[] c = b.clone();
    c[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
    return c;
  }

  private static Hash flip(Hash h, int bit) {
    return Hash.of(flip(h.bytes(), bit));
  }

  // ---- published proofs -------------------------------------------------------------------

  @Test
  void recordProofCheck_agentrailProofAnyBitFlipped_throws() throws Exception {
    Hash leaf = Hash.ofRecord(RealSets.read(PublishedProofsTest.AGENTRAIL + "record-10738965.data"));
    for (long size : new long[] {54715574, 54717027}) {
      Checkpoint cp = RealSets.checkpoint(size);
      List<Hash> hashes = RealSets.readHashes(PublishedProofsTest.AGENTRAIL + "record-10738965-in-tree-" + size + ".hashes");
      RecordProof.check(RecordProof.of(hashes), cp.size(), cp.hash(), PublishedProofsTest.YAML_RECORD, leaf);
      for (int i = 0; i < hashes.size(); i++) {
        for (int bit = 0; bit < 256; bit++) {
          List<Hash> bad = new ArrayList<>(hashes);
          bad.set(i, flip(hashes.get(i), bit));
          assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(bad), cp.size(), cp.hash(),
              PublishedProofsTest.YAML_RECORD, leaf));
        }
      }
      for (int bit = 0; bit < 256; bit++) {
        Hash badLeaf = flip(leaf, bit);
        Hash badRoot = flip(cp.hash(), bit);
        assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(hashes), cp.size(), cp.hash(),
            PublishedProofsTest.YAML_RECORD, badLeaf));
        assertThrows(ProofException.class, () -> RecordProof.check(RecordProof.of(hashes), cp.size(), badRoot,
            PublishedProofsTest.YAML_RECORD, leaf));
      }
    }
  }

  @Test
  void treeProofCheck_agentrailProofAnyBitFlipped_throws() throws Exception {
    Checkpoint old = RealSets.checkpoint(54715574);
    Checkpoint neu = RealSets.checkpoint(54717027);
    List<Hash> hashes = RealSets.readHashes(PublishedProofsTest.AGENTRAIL + "tree-54715574-to-54717027.hashes");
    TreeProof.check(TreeProof.of(hashes), neu.size(), neu.hash(), old.size(), old.hash());
    for (int i = 0; i < hashes.size(); i++) {
      for (int bit = 0; bit < 256; bit++) {
        List<Hash> bad = new ArrayList<>(hashes);
        bad.set(i, flip(hashes.get(i), bit));
        assertThrows(ProofException.class,
            () -> TreeProof.check(TreeProof.of(bad), neu.size(), neu.hash(), old.size(), old.hash()));
      }
    }
    for (int bit = 0; bit < 256; bit++) {
      Hash badOld = flip(old.hash(), bit);
      Hash badNew = flip(neu.hash(), bit);
      assertThrows(ProofException.class,
          () -> TreeProof.check(TreeProof.of(hashes), neu.size(), neu.hash(), old.size(), badOld));
      assertThrows(ProofException.class,
          () -> TreeProof.check(TreeProof.of(hashes), neu.size(), badNew, old.size(), old.hash()));
    }
  }

  @Test
  void tlogProofVerify_incubatorProofAnyBitFlipped_throws() throws Exception {
    String source = PublishedProofsTest.INCUBATOR + ".tlog-proof";
    byte[] bytes = RealSets.read(source);
    byte[] leaf = RealSets.read(PublishedProofsTest.INCUBATOR + ".raw");
    TlogProof good = TlogProof.parse(source, bytes);
    Checkpoint cp = good.verify(leaf, SignedNotes.sumdb(), Checkpoint.SUMDB_ORIGIN);
    for (long bit = 0; bit < bytes.length * 8L; bit++) {
      byte[] bad = flip(bytes, bit);
      assertThrows(SumdbException.class, () -> {
        TlogProof p = TlogProof.parse(source, bad);
        if (Arrays.equals(good.signedCheckpoint(), p.signedCheckpoint())) {
          // Opening the unchanged checkpoint would give cp again: skip the signature check (the
          // slow part) and check the proof against cp.
          p.checkInclusion(leaf, cp);
        } else {
          p.verify(leaf, SignedNotes.sumdb(), Checkpoint.SUMDB_ORIGIN);
        }
      }, "bit " + bit);
    }
    assertThrows(ProofException.class,
        () -> good.verify(flip(leaf, 0), SignedNotes.sumdb(), Checkpoint.SUMDB_ORIGIN));
    for (long bit = 0; bit < leaf.length * 8L; bit++) {
      byte[] badLeaf = flip(leaf, bit);
      assertThrows(ProofException.class, () -> good.checkInclusion(badLeaf, cp), "leaf bit " + bit);
    }
  }

  // ---- tiles --------------------------------------------------------------------------------

  /** A reader that remembers which tiles were read. */
  private static final class Recording implements TileReader {
    final TileReader inner;
    final Set<Tile> read = new LinkedHashSet<>();

    Recording(TileReader inner) {
      this.inner = inner;
    }

    @Override
    public int height() {
      return inner.height();
    }

    @Override
    public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
      read.addAll(tiles);
      return inner.readTiles(tiles);
    }

    @Override
    public void saveTiles(List<VerifiedTile> tiles) {}
  }

  /** Something that reads hashes through a TileHashReader over {@code reader}. */
  private interface ProofRun {
    void run(TileReader reader) throws Exception;
  }

  /**
   * Runs {@code proof} once on the real tiles (must succeed), then, for each tile it read, on
   * {@code BITS_PER_TILE} random single-bit changes of that tile (must fail as inconsistent).
   */
  private static int flipTilesOf(Map<String, byte[]> tiles, ProofRun proof, long seed) throws Exception {
    Recording rec = new Recording(new MapTileReader(tiles));
    proof.run(rec);
    assertTrue(rec.read.size() >= 2, "tiles read: " + rec.read);
    Random random = new Random(seed);
    int flips = 0;
    for (Tile t : rec.read) {
      byte[] good = new MapTileReader(tiles).read(t);
      long bits = good.length * 8L;
      List<Long> sample = new ArrayList<>(List.of(0L, bits - 1));
      for (int i = 0; i < BITS_PER_TILE; i++) {
        sample.add((long) random.nextInt((int) bits));
      }
      for (long bit : sample) {
        MapTileReader bad = new MapTileReader(tiles).override(t.path(), flip(good, bit));
        InconsistentTileException e = assertThrows(InconsistentTileException.class, () -> proof.run(bad),
            t.path() + " bit " + bit);
        assertTrue(e.tile() != null && e.tree() != null);
        flips++;
      }
    }
    return flips;
  }

  private static CacheSet set(String prefix) {
    return RealSets.sets().stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void tileHashReader_tileOfRecordProofBitFlipped_throwsInconsistentTile() throws Exception {
    CacheSet lin = set("0-Lin-Ying-0");
    Checkpoint latest = lin.latest();
    Hash leaf = Hash.ofRecord(RealSets.read(PublishedProofsTest.AGENTRAIL + "record-10738965.data"));
    long id = PublishedProofsTest.YAML_RECORD;
    int flips = flipTilesOf(lin.tiles(), r -> {
      TileHashReader hr = new TileHashReader(latest.tree(), r);
      RecordProof p = RecordProof.prove(latest.size(), id, hr);
      RecordProof.check(p, latest.size(), latest.hash(), id, leaf);
      assertEquals(List.of(leaf), hr.readHashes(new long[] {StoredHashes.index(0, id)}));
    }, 1);
    assertTrue(flips >= 5 * BITS_PER_TILE, "flips " + flips);
  }

  @Test
  void tileHashReader_forgedRecordInRealLevel0Tile_throwsInconsistentTile() throws Exception {
    // CVE-2026-56865: x/mod before v0.40.0 skips authenticating some child tiles, so a forged
    // level-0 tile could vouch for a record that was never logged. Forge yaml.v3's record.
    CacheSet lin = set("0-Lin-Ying-0");
    long id = PublishedProofsTest.YAML_RECORD;
    Tile tile = new Tile(8, 0, id >> 8, 256);
    byte[] forged = lin.tiles().get(tile.path()).clone();
    Hash evil = Hash.ofRecord("gopkg.in/yaml.v3 v3.0.1 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        .getBytes(UTF_8));
    System.arraycopy(evil.bytes(), 0, forged, (int) (id & 255) * 32, 32);
    for (Checkpoint tree : List.of(lin.latest(), RealSets.checkpoint(42576574))) {
      TileHashReader honest = new TileHashReader(tree.tree(), lin.reader());
      assertNotEquals(evil, honest.readHashes(new long[] {StoredHashes.index(0, id)}).get(0));
      TileHashReader hr = new TileHashReader(tree.tree(), lin.reader().override(tile.path(), forged));
      InconsistentTileException e = assertThrows(InconsistentTileException.class,
          () -> hr.readHashes(new long[] {StoredHashes.index(0, id)}));
      assertEquals(tile, e.tile());
      assertThrows(InconsistentTileException.class, () -> RecordProof.prove(tree.size(), id, hr));
    }
  }

  @Test
  void tileHashReader_tileOfTreeProofBitFlipped_throwsInconsistentTile() throws Exception {
    CacheSet etcd = set("etcd");
    Checkpoint latest = etcd.latest();
    Checkpoint old = RealSets.checkpoint(739951);
    int flips = flipTilesOf(etcd.tiles(), r -> {
      TileHashReader hr = new TileHashReader(latest.tree(), r);
      TreeProof p = TreeProof.prove(latest.size(), old.size(), hr);
      TreeProof.check(p, latest.size(), latest.hash(), old.size(), old.hash());
      assertEquals(old.hash(), TreeHash.of(old.size(), hr));
    }, 2);
    assertTrue(flips >= 3 * BITS_PER_TILE, "flips " + flips);
  }

  @Test
  void tileHash_everyBitOfAFullTileFlipped_differsFromAuthenticatedHash() throws Exception {
    // The full level-0 tile holding yaml.v3's record; its level-8 hash is authenticated against
    // the Lin set's signed latest.
    CacheSet lin = set("0-Lin-Ying-0");
    long n = PublishedProofsTest.YAML_RECORD >> 8;
    Tile tile = new Tile(8, 0, n, 256);
    assertEquals("tile/8/0/x041/949", tile.path());
    byte[] data = lin.tiles().get(tile.path());
    assertEquals(8192, data.length);
    TileHashReader hr = new TileHashReader(lin.latest().tree(), lin.reader());
    Hash authenticated = hr.readHashes(new long[] {StoredHashes.index(8, n)}).get(0);

    // levels[k][i] = hash of the i-th aligned 2^k-leaf subtree of the tile; a flip in leaf e
    // changes only the path e, e/2, ..., so each flip costs 9 hashes.
    Hash[][] levels = new Hash[9][];
    levels[0] = new Hash[256];
    for (int i = 0; i < 256; i++) {
      levels[0][i] = Hash.of(Arrays.copyOfRange(data, i * 32, i * 32 + 32));
    }
    for (int k = 1; k <= 8; k++) {
      levels[k] = new Hash[256 >> k];
      for (int i = 0; i < levels[k].length; i++) {
        levels[k][i] = Hash.ofNode(levels[k - 1][2 * i], levels[k - 1][2 * i + 1]);
      }
    }
    assertEquals(authenticated, levels[8][0], "tile hash of the unchanged tile");
    assertEquals(levels[7][0], tile.hashFromTile(data, StoredHashes.index(7, 2 * n)));
    assertEquals(levels[7][1], tile.hashFromTile(data, StoredHashes.index(7, 2 * n + 1)));

    for (int e = 0; e < 256; e++) {
      for (int bit = 0; bit < 256; bit++) {
        Hash h = flip(levels[0][e], bit);
        for (int k = 0; k < 8; k++) {
          int i = e >> k;
          h = (i & 1) == 0 ? Hash.ofNode(h, levels[k][i + 1]) : Hash.ofNode(levels[k][i - 1], h);
        }
        assertNotEquals(authenticated, h, "leaf " + e + " bit " + bit);
      }
    }
    // And through the production code, for a sample of those flips.
    Random random = new Random(3);
    for (int s = 0; s < 256; s++) {
      long bit = random.nextInt(8192 * 8);
      int half = (int) (bit / 8 / 32 / 128);
      Hash got = tile.hashFromTile(flip(data, bit), StoredHashes.index(7, 2 * n + half));
      assertNotEquals(levels[7][half], got, "bit " + bit);
    }
  }

  // ---- lookups -------------------------------------------------------------------------------

  /**
   * Verifies a lookup body as a client does: parse, open its note, check its record in {@code
   * latest} and its tree's consistency with {@code latest}. Throws when anything is wrong.
   */
  private static final class LookupVerifier {
    final Checkpoint latest;
    final TileHashReader reader;
    final Map<Long, Hash> leaves = new HashMap<>();
    final Map<Long, Hash> trees = new HashMap<>();
    final Map<String, Checkpoint> opened = new HashMap<>();

    LookupVerifier(CacheSet set) {
      latest = set.latest();
      reader = new TileHashReader(latest.tree(), set.reader());
    }

    void verify(String source, byte[] body) throws Exception {
      LookupResponse lookup = LookupResponse.parse(source, body);
      // Notes that opened before are not opened again (most flips leave the note alone).
      String noteKey = new String(lookup.signedNote(), ISO_8859_1);
      Checkpoint own = opened.get(noteKey);
      if (own == null) {
        own = Checkpoint.parse(source, SignedNotes.openSumdb(source, lookup.signedNote()));
        opened.put(noteKey, own);
      }
      if (own.size() > latest.size() || lookup.id() < 0 || lookup.id() >= own.size()) {
        throw new ProofException("record " + lookup.id() + " outside trees " + own.size() + "/" + latest.size());
      }
      Hash want = leaves.get(lookup.id());
      if (want == null) {
        try {
          want = reader.readHashes(new long[] {StoredHashes.index(0, lookup.id())}).get(0);
        } catch (IOException e) {
          // A changed record id whose tiles are not cached: an offline verifier must refuse it.
          assertTrue(RealSets.isMissingTile(e), e.toString());
          throw new ProofException("record " + lookup.id() + ": no cached tiles to authenticate it");
        }
        leaves.put(lookup.id(), want);
      }
      Hash got = Hash.ofRecord(lookup.text().getBytes(UTF_8));
      if (!got.equals(want)) {
        throw new ProofException("record hash", got.toString(), want.toString());
      }
      Hash tree = trees.get(own.size());
      if (tree == null) {
        tree = TreeHash.of(own.size(), reader);
        trees.put(own.size(), tree);
      }
      if (!tree.equals(own.hash())) {
        throw new ProofException("tree hash", own.hash().toString(), tree.toString());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> lookupVerify_firstLookupOfEachSetAnyBitFlipped_throws() {
    return RealSets.sets().stream().map(set -> DynamicTest.dynamicTest(set.name(), () -> {
      LookupVerifier v = new LookupVerifier(set);
      var file = set.lookups().get(0);
      byte[] body = Files.readAllBytes(file);
      String source = set.name() + "/" + file.getFileName();
      v.verify(source, body);
      for (long bit = 0; bit < body.length * 8L; bit++) {
        byte[] bad = flip(body, bit);
        assertThrows(SumdbException.class, () -> v.verify(source, bad), source + " bit " + bit);
      }
    }));
  }

  @Test
  void recordHash_everyLookupTextAnyBitFlipped_differsFromAuthenticatedLeaf() throws Exception {
    int lookups = 0;
    for (CacheSet set : RealSets.sets()) {
      LookupVerifier v = new LookupVerifier(set);
      long[] ids = new long[set.lookups().size()];
      List<byte[]> texts = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        LookupResponse l = LookupResponse.parse(set.name(), Files.readAllBytes(set.lookups().get(i)));
        ids[i] = StoredHashes.index(0, l.id());
        texts.add(l.text().getBytes(UTF_8));
      }
      List<Hash> leaves = v.reader.readHashes(ids); // one authenticated read for the whole set
      for (int i = 0; i < ids.length; i++) {
        byte[] text = texts.get(i);
        assertEquals(leaves.get(i), Hash.ofRecord(text));
        for (long bit = 0; bit < text.length * 8L; bit++) {
          assertNotEquals(leaves.get(i), Hash.ofRecord(flip(text, bit)), set.name() + " lookup " + i + " bit " + bit);
        }
        lookups++;
      }
    }
    assertEquals(823, lookups);
  }
}
