package dev.sumdb4j.tlog.realdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.realdata.RealSets.Signed;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real signed tree heads open with sum.golang.org's key and agree with INDEX.tsv. */
class SignedCheckpointsTest {

  @Test
  void open_everyCheckpointNote_matchesIndexTsv() throws Exception {
    // RealSets.checkpoints() opens every note with the sumdb key (Note.open) and parses it.
    Map<Long, Hash> index = new HashMap<>();
    List<String> lines = new String(RealSets.read("checkpoints/INDEX.tsv"), StandardCharsets.UTF_8).lines().toList();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      index.put(Long.parseLong(f[0]), Hash.parse(f[1]));
      assertTrue(f[2].equals(f[0] + ".note") || f[2].equals(f[0] + ".cosigned.note"), line);
    }
    assertEquals(index.size(), RealSets.checkpoints().size());
    for (Signed s : RealSets.checkpoints()) {
      assertEquals(index.get(s.size()), s.hash(), s.file());
      assertEquals(Checkpoint.SUMDB_ORIGIN, s.checkpoint().origin());
      assertEquals(List.of(), s.checkpoint().extensions());
    }
  }

  @Test
  void open_cosignedNotesWithUnknownWitnesses_sameCheckpointAsPlainNote() throws Exception {
    for (long size : new long[] {15067302, 15081221}) {
      String file = "checkpoints/" + size + ".cosigned.note";
      Note note = Note.open(file, RealSets.read(file), SignedNotes.sumdb());
      assertEquals(1, note.signatures().size(), file);
      assertEquals("test.example.com", note.unverifiedSignatures().get(0).name());
      assertEquals(RealSets.checkpoint(size),
          Checkpoint.parse(file, note.text().getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void open_cosignedNoteWithBadBase64Witness_malformed() {
    // The mdh.SumDB.Witness line is not valid base64: Go's note.Open rejects the whole note.
    String file = "checkpoints/6353345.cosigned.note";
    assertThrows(MalformedInputException.class, () -> Note.open(file, RealSets.read(file), SignedNotes.sumdb()));
  }

  @Test
  void open_checkpointWithAnyBitFlipped_throws() throws Exception {
    String file = "checkpoints/42965376.note";
    byte[] good = RealSets.read(file);
    SignedNotes.openSumdb(file, good);
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
      assertThrows(SumdbException.class, () -> SignedNotes.openSumdb(file, bad), "bit " + bit);
    }
  }
}
