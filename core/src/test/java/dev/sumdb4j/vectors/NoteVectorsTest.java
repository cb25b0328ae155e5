package dev.sumdb4j.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.InvalidSignatureException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteSignature;
import dev.sumdb4j.note.NoteSigner;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.UnverifiedNoteException;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.vectors.NoteVectors;
import dev.sumdb4j.testdata.vectors.NoteVectors.Open;
import dev.sumdb4j.testdata.vectors.NoteVectors.Sig;
import dev.sumdb4j.testdata.vectors.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Checks keys, Sign and Open against the vectors of x/mod v0.7.0 ({@code vectors/note/}). */
class NoteVectorsTest {

  @TestFactory
  Stream<DynamicTest> keys_fromGo_roundTripAndMatchKeyHash() {
    return NoteVectors.keys().keys().stream().map(k -> dynamicTest("key[" + k.name() + "]", () -> {
      SignerKey signer = SignerKey.parse(k.skey());
      assertEquals(k.name(), signer.name());
      assertEquals(k.keyHash(), signer.keyId().toString());
      assertEquals(k.skey(), signer.format());
      assertEquals(k.vkey(), signer.verifierKey().toString());
      VerifierKey verifier = VerifierKey.parse(k.vkey());
      assertEquals(k.name(), verifier.name());
      assertEquals(k.keyHash(), verifier.keyId().toString());
      assertEquals(k.vkey(), verifier.toString());
      assertEquals(k.vkey(), VerifierKey.ed25519(k.name(), HexFormat.of().parseHex(k.publicKeyHex())).toString());
    }));
  }

  @TestFactory
  Stream<DynamicTest> parse_keyGoRejects_throwsMalformed() {
    NoteVectors.KeysFile f = NoteVectors.keys();
    Stream<DynamicTest> v = f.badVerifiers().stream().map(b -> dynamicTest(
        "badVerifier[" + b.key() + "] go: " + b.goError(),
        () -> assertThrows(MalformedInputException.class, () -> VerifierKey.parse(b.key()))));
    Stream<DynamicTest> s = f.badSigners().stream().map(b -> dynamicTest(
        "badSigner[" + b.key().replaceAll("PRIVATE\\+KEY\\+(.{0,12}).*", "PRIVATE+KEY+$1…") + "] go: " + b.goError(),
        () -> assertThrows(MalformedInputException.class, () -> SignerKey.parse(b.key()))));
    return Stream.concat(v, s);
  }

  @TestFactory
  Stream<DynamicTest> sign_vector_givesGoBytes() {
    return NoteVectors.sign().vectors().stream().map(v -> dynamicTest("sign[" + v.name() + "]", () -> {
      List<NoteSigner> signers = new ArrayList<>();
      for (String s : v.signers()) {
        signers.add(SignerKey.parse(s));
      }
      Note note;
      if (v.existingB64() != null) {
        note = Note.open(Vectors.base64(v.existingB64()),
            verifiers(v.existingVerifiers()));
      } else {
        note = Note.of(v.text());
      }
      byte[] got = Note.sign(note, signers.toArray(new NoteSigner[0]));
      assertEquals(v.message(), new String(got, StandardCharsets.UTF_8));
      assertArrayEquals(v.message().getBytes(StandardCharsets.UTF_8), got);
    }));
  }

  @TestFactory
  Stream<DynamicTest> open_vector_givesGoVerdict() {
    return NoteVectors.open().vectors().stream().map(v -> dynamicTest(
        "open[" + v.name() + "] want " + v.want() + (v.goError() == null ? "" : " (go: " + v.goError() + ")"),
        () -> checkOpen(v)));
  }

  private static void checkOpen(Open v) throws Exception {
    byte[] msg = v.messageBytes();
    Verifiers known = verifiers(v.verifiers());
    switch (v.want()) {
      case "ok" -> {
        Note n = Note.open("vector " + v.name(), msg, known);
        assertEquals(v.text(), n.text());
        assertSigs(v.sigs(), n.signatures());
        assertSigs(v.unverifiedSigs(), n.unverifiedSignatures());
      }
      case "unverified" -> {
        UnverifiedNoteException e = assertThrows(UnverifiedNoteException.class, () -> Note.open(msg, known));
        assertEquals(v.text(), e.note().text());
        assertSigs(v.unverifiedSigs(), e.note().unverifiedSignatures());
      }
      case "malformed" -> assertThrows(MalformedInputException.class, () -> Note.open(msg, known));
      case "invalid_signature" -> assertThrows(InvalidSignatureException.class, () -> Note.open(msg, known));
      case "ambiguous" -> {
        SumdbException e = assertThrows(SumdbException.class, () -> Note.open(msg, known));
        assertFalse(e instanceof MalformedInputException || e instanceof VerificationException,
            "ambiguous verifiers must not be reported as " + e.getClass().getSimpleName() + ": " + e);
      }
      default -> throw new AssertionError("unknown verdict " + v.want());
    }
  }

  private static Verifiers verifiers(List<String> vkeys) throws MalformedInputException {
    List<NoteVerifier> list = new ArrayList<>();
    if (vkeys != null) {
      for (String k : vkeys) {
        list.add(VerifierKey.parse(k));
      }
    }
    return Verifiers.of(list);
  }

  private static void assertSigs(List<Sig> want, List<NoteSignature> got) {
    List<String> w = new ArrayList<>();
    if (want != null) {
      for (Sig s : want) {
        w.add(s.name() + " " + s.keyHash() + " " + s.base64());
      }
    }
    List<String> g = new ArrayList<>();
    for (NoteSignature s : got) {
      g.add(s.name() + " " + s.keyId() + " " + s.base64());
    }
    assertEquals(w, g);
  }
}
