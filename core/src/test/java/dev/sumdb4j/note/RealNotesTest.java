package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Genuine sum.golang.org signed tree heads, read in place from the shared real data. */
class RealNotesTest {
  private static Verifiers sumdb;

  @BeforeAll
  static void key() throws Exception {
    sumdb = Verifiers.of(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY));
  }

  private static List<Path> plainNotes() throws IOException {
    try (Stream<Path> s = Files.list(RealData.resolve("checkpoints"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".note"))
          .filter(p -> !p.getFileName().toString().endsWith(".cosigned.note"))
          .sorted().collect(Collectors.toList());
    }
  }

  @Test
  void open_everyRealCheckpoint_verifiedBySumGolangOrg() throws Exception {
    List<Path> notes = plainNotes();
    assertTrue(notes.size() > 500, "found only " + notes.size() + " notes");
    List<String> failures = new ArrayList<>();
    for (Path p : notes) {
      try {
        Note n = Note.open(p.toString(), Files.readAllBytes(p), sumdb);
        String size = p.getFileName().toString().replace(".note", "");
        if (n.signatures().size() != 1 || !n.signatures().get(0).name().equals("sum.golang.org")
            || !n.unverifiedSignatures().isEmpty()
            || !n.text().startsWith("go.sum database tree\n" + size + "\n")) {
          failures.add(p + ": unexpected " + n);
        }
      } catch (SumdbException e) {
        failures.add(e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }

  @ParameterizedTest
  @ValueSource(strings = {"15067302", "15081221"})
  void open_cosignedByTestWitness_sumdbVerifiedWitnessKept(String size) throws Exception {
    byte[] msg = Files.readAllBytes(RealData.resolve("checkpoints/" + size + ".cosigned.note"));
    Note n = Note.open(msg, sumdb);
    assertEquals(1, n.signatures().size());
    assertEquals("sum.golang.org", n.signatures().get(0).name());
    assertFalse(n.unverifiedSignatures().isEmpty());
    for (NoteSignature s : n.unverifiedSignatures()) {
      assertEquals("test.example.com", s.name());
    }
    Note plain = Note.open(Files.readAllBytes(RealData.resolve("checkpoints/" + size + ".note")), sumdb);
    assertEquals(plain.text(), n.text());
    assertEquals(plain.signatures(), n.signatures());
  }

  @Test
  void open_witnessLineNotBase64_rejectedAsMalformed() throws Exception {
    byte[] msg = Files.readAllBytes(RealData.resolve("checkpoints/6353345.cosigned.note"));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.open("6353345.cosigned.note", msg, sumdb));
    assertEquals(6, e.line(), e.getMessage());
    assertTrue(e.reason().contains("mdh.SumDB.Witness"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"739951.note", "42965376.note", "15081221.cosigned.note"})
  void open_everySingleBitFlip_neverVerifiedBySumdb(String file) throws Exception {
    byte[] msg = Files.readAllBytes(RealData.resolve("checkpoints/" + file));
    Note original = Note.open(msg, sumdb);
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < msg.length * 8; bit++) {
      byte[] m = msg.clone();
      m[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        Note n = Note.open(m, sumdb);
        // Only a flip inside an unknown key's line can leave the sumdb signature intact.
        if (!n.text().equals(original.text()) || !n.signatures().equals(original.signatures())) {
          accepted.add("bit " + bit + ": " + n);
        }
      } catch (SumdbException e) {
        // rejected: expected
      }
    }
    assertEquals(List.of(), accepted);
  }
}
