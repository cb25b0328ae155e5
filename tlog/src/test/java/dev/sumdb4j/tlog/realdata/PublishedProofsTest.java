package dev.sumdb4j.tlog.realdata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.proof.TlogProof;
import dev.sumdb4j.tlog.realdata.RealSets.CacheSet;
import dev.sumdb4j.tlog.tile.TileHashReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proofs published with real sum.golang.org data check, and so do their records. */
class PublishedProofsTest {
  static final String AGENTRAIL = "proofs/agentrail-yaml.v3/";
  static final String INCUBATOR = "proofs/incubator-tlog-proof/go.sum-database-tree-43930254";
  static final long YAML_RECORD = 10738965;

  @Test
  void agentrail_inclusionProofs_checkInBothTrees() throws Exception {
    Hash leaf = Hash.ofRecord(RealSets.read(AGENTRAIL + "record-10738965.data"));
    for (long size : new long[] {54715574, 54717027}) {
      Checkpoint cp = RealSets.checkpoint(size);
      List<Hash> hashes = RealSets.readHashes(AGENTRAIL + "record-10738965-in-tree-" + size + ".hashes");
      assertEquals(26, hashes.size());
      RecordProof.check(RecordProof.of(hashes), cp.size(), cp.hash(), YAML_RECORD, leaf);
    }
  }

  @Test
  void agentrail_consistencyProof_checks() throws Exception {
    Checkpoint old = RealSets.checkpoint(54715574);
    Checkpoint neu = RealSets.checkpoint(54717027);
    List<Hash> hashes = RealSets.readHashes(AGENTRAIL + "tree-54715574-to-54717027.hashes");
    assertEquals(19, hashes.size());
    TreeProof.check(TreeProof.of(hashes), neu.size(), neu.hash(), old.size(), old.hash());
  }

  @Test
  void agentrail_record_isTheLookupRecordAndInTheLinTiles() throws Exception {
    byte[] data = RealSets.read(AGENTRAIL + "record-10738965.data");
    LookupResponse lookup = LookupResponse.parse("lookups/gopkg.in/yaml.v3@v3.0.1.txt",
        RealSets.read("lookups/gopkg.in/yaml.v3@v3.0.1.txt"));
    assertEquals(YAML_RECORD, lookup.id());
    assertArrayEquals(data, lookup.text().getBytes(UTF_8));
    CacheSet lin = RealSets.sets().stream().filter(s -> s.name().startsWith("0-Lin-Ying-0")).findFirst().orElseThrow();
    TileHashReader reader = new TileHashReader(lin.latest().tree(), lin.reader());
    assertEquals(List.of(Hash.ofRecord(data)), reader.readHashes(new long[] {StoredHashes.index(0, YAML_RECORD)}));
  }

  @Test
  void incubator_tlogProof_parsesFormatsAndVerifies() throws Exception {
    byte[] bytes = RealSets.read(INCUBATOR + ".tlog-proof");
    byte[] leaf = RealSets.read(INCUBATOR + ".raw");
    TlogProof proof = TlogProof.parse(INCUBATOR + ".tlog-proof", bytes);
    assertEquals(43930254, proof.index());
    assertEquals(26, proof.hashes().size());
    assertTrue(proof.extraData().isEmpty());
    assertArrayEquals(RealSets.read("checkpoints/58253265.note"), proof.signedCheckpoint());
    assertArrayEquals(bytes, proof.format());

    Checkpoint cp = proof.verify(leaf, SignedNotes.sumdb(), Checkpoint.SUMDB_ORIGIN);
    assertEquals(RealSets.checkpoint(58253265), cp);
    proof.checkInclusion(leaf, cp);
  }
}
