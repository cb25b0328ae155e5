package dev.sumdb4j.tlog.proof;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TlogProofTest {
  private static final String HASH_A = "Q2cuq1e21q4UC1RQ6wtmXmCxk2q3Wqz/yFvD12P2KSM=";
  private static final String CHECKPOINT = "go.sum database tree\n5\n" + HASH_A + "\n\n— sum.golang.org Az3grg==\n";

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  // ---- round trips and total parsing ------------------------------------------------------

  @Provide
  Arbitrary<TlogProof> proofs() {
    Arbitrary<Long> index = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<List<Hash>> hashes = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of).list().ofMaxSize(63);
    Arbitrary<Optional<byte[]>> extra = Arbitraries.bytes().array(byte[].class).ofMaxSize(80).optional();
    Arbitrary<String> line = Arbitraries.strings().withCharRange(' ', '~').withChars('—', 'é', '\u007f')
        .ofMinLength(1).ofMaxLength(30);
    Arbitrary<byte[]> checkpoint = line.list().ofMinSize(1).ofMaxSize(6)
        .map(lines -> bytes(String.join("\n", lines) + "\n"));
    return Combinators.combine(index, hashes, extra, checkpoint).as((i, h, e, c) -> {
      try {
        return TlogProof.of(i, h, c, e);
      } catch (MalformedInputException ex) {
        throw new AssertionError(ex);
      }
    });
  }

  @Property
  void parse_formattedProof_roundTrips(@ForAll("proofs") TlogProof p) throws Exception {
    byte[] text = p.format();
    TlogProof q = TlogProof.parse("p", text);
    assertEquals(p, q);
    assertArrayEquals(text, q.format());
  }

  /** parse is total, and whatever it accepts it formats back byte for byte. */
  private static void parseTotal(byte[] data) {
    try {
      TlogProof p = TlogProof.parse("fuzz", data);
      assertArrayEquals(data, p.format());
    } catch (MalformedInputException e) {
      assertTrue(e.getMessage().startsWith("fuzz"), e.getMessage());
    }
  }

  @Property
  void parse_arbitraryBytes_valueOrMalformed(@ForAll byte[] data) {
    parseTotal(data);
  }

  @Provide
  Arbitrary<byte[]> lineSoup() {
    Arbitrary<String> line = Arbitraries.of(TlogProof.HEADER, "c2sp.org/tlog-proof@v2", "index 0", "index 7",
        "index 07", "index -1", "index 9223372036854775807", "index 9223372036854775808", "index ", "index 5 ",
        "extra ", "extra AA==", "extra AA", "extra  AA==", HASH_A, HASH_A.substring(1), HASH_A + "=", "AAAA", "",
        "", "go.sum database tree", "5", "— sum.golang.org Az3grg==", "\r", "x\ty", "é", "\u0000");
    return line.list().ofMaxSize(12).flatMap(lines -> Arbitraries.of("", "\n").map(end -> bytes(String.join("\n", lines) + end)));
  }

  @Property
  void parse_lineSoup_valueOrMalformed(@ForAll("lineSoup") byte[] data) {
    parseTotal(data);
  }

  @Test
  void parse_everyPrefixAndByteChangeOfValidProof_valueOrMalformed() {
    byte[] good = bytes(TlogProof.HEADER + "\nextra AQI=\nindex 3\n" + HASH_A + "\n" + HASH_A + "\n\n" + CHECKPOINT);
    for (int n = 0; n <= good.length; n++) {
      parseTotal(Arrays.copyOf(good, n));
    }
    for (int i = 0; i < good.length; i++) {
      for (int b : new int[] {0, '\n', '\r', ' ', '0', 'A', '=', 0x80, 0xff}) {
        byte[] bad = good.clone();
        bad[i] = (byte) b;
        parseTotal(bad);
      }
    }
  }

  // ---- strictness ---------------------------------------------------------------------------

  @Test
  void parse_validProofWithExtra_fields() throws Exception {
    TlogProof p = TlogProof.parse("p", bytes(TlogProof.HEADER + "\nextra AQI=\nindex 3\n" + HASH_A + "\n\n" + CHECKPOINT));
    assertEquals(3, p.index());
    assertEquals(List.of(Hash.parse(HASH_A)), p.hashes());
    assertArrayEquals(new byte[] {1, 2}, p.extraData().orElseThrow());
    assertArrayEquals(bytes(CHECKPOINT), p.signedCheckpoint());
    assertEquals(List.of(Hash.parse(HASH_A)), p.recordProof().hashes());
  }

  @Test
  void parse_malformedProofs_throwNamingTheProblem() {
    String[][] cases = {
      {"", "unexpected end"},
      {"c2sp.org/tlog-proof@v1", "unexpected end"},
      {"c2sp.org/tlog-proof@v2\nindex 0\n\n" + CHECKPOINT, "missing header"},
      {"c2sp.org/tlog-proof@v1\r\nindex 0\n\n" + CHECKPOINT, "invalid byte 0x0d"},
      {"c2sp.org/tlog-proof@v1\nindex 01\n\n" + CHECKPOINT, "malformed index"},
      {"c2sp.org/tlog-proof@v1\nindex -1\n\n" + CHECKPOINT, "malformed index"},
      {"c2sp.org/tlog-proof@v1\nindex +1\n\n" + CHECKPOINT, "malformed index"},
      {"c2sp.org/tlog-proof@v1\nindex 9223372036854775808\n\n" + CHECKPOINT, "malformed index"},
      {"c2sp.org/tlog-proof@v1\nindex  1\n\n" + CHECKPOINT, "malformed index"},
      {"c2sp.org/tlog-proof@v1\n" + HASH_A + "\n\n" + CHECKPOINT, "missing index"},
      {"c2sp.org/tlog-proof@v1\nextra AQI\nindex 0\n\n" + CHECKPOINT, "malformed base64 in extra"},
      {"c2sp.org/tlog-proof@v1\nindex 0\nextra AQI=\n\n" + CHECKPOINT, "malformed proof hash"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n" + HASH_A.substring(0, 43) + "\n\n" + CHECKPOINT, "malformed proof hash"},
      {"c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n" + CHECKPOINT, "malformed proof hash"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n" + HASH_A + " \n\n" + CHECKPOINT, "malformed proof hash"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n" + HASH_A + "\n", "unexpected end"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n\n", "missing checkpoint"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n\n\n" + CHECKPOINT, "checkpoint starts with a blank line"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n\n" + CHECKPOINT.trim(), "does not end in a newline"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n\n" + CHECKPOINT.replace("tree", "tr\tee"), "invalid character in checkpoint"},
      {"c2sp.org/tlog-proof@v1\nindex 0\n" + (HASH_A + "\n").repeat(64) + "\n" + CHECKPOINT, "too many proof hashes"},
    };
    for (String[] c : cases) {
      MalformedInputException e = assertThrows(MalformedInputException.class, () -> TlogProof.parse("in", bytes(c[0])),
          c[0]);
      assertTrue(e.getMessage().startsWith("in"), e.getMessage());
      assertTrue(e.reason().contains(c[1]), "want " + c[1] + ", got " + e.getMessage());
    }
    assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", new byte[TlogProof.MAX_PROOF_BYTES + 1]));
  }

  /** The boundaries of the shape checks, each on both sides, with where the problem is (PIT survivors). */
  @Test
  void parse_boundaries_sizeCapCheckpointShapeAndHeaderBytes() throws Exception {
    String head = "c2sp.org/tlog-proof@v1\nindex 0\n\n";
    int base = head.length();
    // the size cap: one byte over is refused as too large, exactly the cap is read (and fails later)
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", new byte[TlogProof.MAX_PROOF_BYTES + 1]));
    assertTrue(e.reason().startsWith("tlog proof too large (2000001 bytes"), e.reason());
    e = assertThrows(MalformedInputException.class, () -> TlogProof.parse("in", new byte[TlogProof.MAX_PROOF_BYTES]));
    assertTrue(e.reason().startsWith("invalid byte 0x00"), e.reason());
    // a bad character as the checkpoint's first byte, and where each problem is
    e = assertThrows(MalformedInputException.class, () -> TlogProof.parse("in", bytes(head + "\u0001" + CHECKPOINT)));
    assertEquals("invalid character in checkpoint", e.reason());
    assertEquals(base, e.offset());
    e = assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", bytes(head + CHECKPOINT.replace("tree", "tr\tee"))));
    assertEquals(base + "go.sum database tr".length(), e.offset());
    e = assertThrows(MalformedInputException.class, () -> TlogProof.parse("in", bytes(head + CHECKPOINT.trim())));
    assertEquals(base + bytes(CHECKPOINT.trim()).length, e.offset());
    // header bytes: '~' (0x7e) and ' ' (0x20) are printable, 0x7f and 0x1f are not; lines are counted
    e = assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", bytes("c2sp.org/tlog-proof@v1\nindex ~1\n\n" + CHECKPOINT)));
    assertTrue(e.reason().startsWith("malformed index"), e.reason());
    assertEquals(2, e.line());
    e = assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", bytes("c2sp.org/tlog-proof@v1\nindex 1\u007f\n\n" + CHECKPOINT)));
    assertEquals("invalid byte 0x7f in proof header", e.reason());
    assertEquals(2, e.line());
    e = assertThrows(MalformedInputException.class,
        () -> TlogProof.parse("in", bytes("c2sp.org/tlog-proof@v1\nindex 1\u001f\n\n" + CHECKPOINT)));
    assertEquals("invalid byte 0x1f in proof header", e.reason());
  }

  @Test
  void checkInclusion_indexEqualToTheTreeSize_notInTheTree() throws Exception {
    Checkpoint five = Checkpoint.parse("cp", bytes("go.sum database tree\n5\n" + HASH_A + "\n"));
    TlogProof p = TlogProof.of(5, List.of(), bytes(CHECKPOINT), Optional.empty());
    ProofException e = assertThrows(ProofException.class, () -> p.checkInclusion(bytes("x\n"), five));
    assertEquals("tlog proof index 5 is not in tree of size 5", e.getMessage());
  }

  @Test
  void of_invalidFields_throws() {
    assertThrows(MalformedInputException.class, () -> TlogProof.of(-1, List.of(), bytes(CHECKPOINT), Optional.empty()));
    assertThrows(MalformedInputException.class, () -> TlogProof.of(0, List.of(), new byte[0], Optional.empty()));
    List<Hash> tooMany = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tooMany.add(Hash.emptyTree());
    }
    assertThrows(MalformedInputException.class, () -> TlogProof.of(0, tooMany, bytes(CHECKPOINT), Optional.empty()));
  }

  @Test
  void of_copiesItsInputs() throws Exception {
    byte[] cp = bytes(CHECKPOINT);
    byte[] extra = {1};
    TlogProof p = TlogProof.of(0, List.of(), cp, Optional.of(extra));
    cp[0] = 'X';
    extra[0] = 2;
    p.signedCheckpoint()[0] = 'Y';
    p.extraData().orElseThrow()[0] = 3;
    assertArrayEquals(bytes(CHECKPOINT), p.signedCheckpoint());
    assertArrayEquals(new byte[] {1}, p.extraData().orElseThrow());
  }

  // ---- verification against a signed synthetic log ------------------------------------------

  /** A log of {@code n} records "record i\n", with all stored hashes in memory. */
  private static HashReader log(int n) throws Exception {
    List<Hash> stored = new ArrayList<>();
    HashReader r = indexes -> {
      List<Hash> out = new ArrayList<>();
      for (long x : indexes) {
        out.add(stored.get((int) x));
      }
      return out;
    };
    for (int i = 0; i < n; i++) {
      stored.addAll(StoredHashes.forRecord(i, bytes("record " + i + "\n"), r));
    }
    return r;
  }

  @Test
  void verify_signedSyntheticProofs_checkAndRejectTampering() throws Exception {
    SignerKey key = SignerKey.generate("example.com/log", new SecureRandom());
    Verifiers verifiers = Verifiers.of(key.verifierKey());
    int size = 13;
    HashReader r = log(size);
    Hash root = TreeHash.of(size, r);
    byte[] note = Note.sign(Note.of("example.com/log\n" + size + "\n" + root + "\n"), key);
    for (int k = 0; k < size; k++) {
      final int i = k;
      RecordProof rp = RecordProof.prove(size, i, r);
      TlogProof p = TlogProof.of(i, rp.hashes(), note, Optional.empty());
      TlogProof q = TlogProof.parse("p", p.format());
      Checkpoint cp = q.verify(bytes("record " + i + "\n"), verifiers, "example.com/log");
      assertEquals(size, cp.size());
      assertEquals(root, cp.hash());
      assertThrows(ProofException.class, () -> q.verify(bytes("record " + (i + 1) + "\n"), verifiers));
      assertThrows(ProofException.class, () -> q.verify(bytes("record " + i + "\n"), verifiers, "other.example/log"));
      TlogProof shifted = TlogProof.of((i + 1) % size, rp.hashes(), note, Optional.empty());
      assertThrows(ProofException.class, () -> shifted.verify(bytes("record " + i + "\n"), verifiers));
    }
    TlogProof outside = TlogProof.of(size, List.of(), note, Optional.empty());
    assertThrows(ProofException.class, () -> outside.verify(bytes("record 0\n"), verifiers));
    SignerKey other = SignerKey.generate("example.com/log", new SecureRandom());
    TlogProof p0 = TlogProof.of(0, RecordProof.prove(size, 0, r).hashes(), note, Optional.empty());
    assertThrows(SumdbException.class, () -> p0.verify(bytes("record 0\n"), Verifiers.of(other.verifierKey())));
  }

  @Test
  void equalsHashCodeToString_valueSemantics() throws Exception {
    Hash h1 = Hash.ofRecord(bytes("one"));
    Hash h2 = Hash.ofRecord(bytes("two"));
    TlogProof p = TlogProof.of(1, List.of(h1), bytes(CHECKPOINT), Optional.of(bytes("x")));
    TlogProof same = TlogProof.of(1, List.of(h1), bytes(CHECKPOINT), Optional.of(bytes("x")));
    assertEquals(p, same);
    assertEquals(p.hashCode(), same.hashCode());
    List<TlogProof> others = List.of(
        TlogProof.of(2, List.of(h1), bytes(CHECKPOINT), Optional.of(bytes("x"))),
        TlogProof.of(1, List.of(h2), bytes(CHECKPOINT), Optional.of(bytes("x"))),
        TlogProof.of(1, List.of(h1), bytes(CHECKPOINT.replace("\n5\n", "\n6\n")), Optional.of(bytes("x"))),
        TlogProof.of(1, List.of(h1), bytes(CHECKPOINT), Optional.of(bytes("y"))),
        TlogProof.of(1, List.of(h1), bytes(CHECKPOINT), Optional.empty()));
    for (TlogProof o : others) {
      assertTrue(!p.equals(o) && !o.equals(p), o::toString);
      assertTrue(p.hashCode() != o.hashCode(), () -> "same hash code as " + o);
    }
    assertTrue(!p.equals(null) && !p.equals("TlogProof"));
    assertEquals("TlogProof[index=1, hashes=1, extra=1 bytes, checkpoint=" + bytes(CHECKPOINT).length + " bytes]",
        p.toString());
    assertEquals("TlogProof[index=1, hashes=1, checkpoint=" + bytes(CHECKPOINT).length + " bytes]",
        others.get(4).toString());
  }
}
