package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sign vectors of vectors.md §V2–V3 (golang.org/x/mod TestSign and examples). */
class NoteSignTest {
  @Test
  void sign_peter_isReferenceMessage() throws Exception {
    assertArrayEquals(V.utf8(V.TEXT + "\n" + V.PETER_SIG), Note.sign(Note.of(V.TEXT), V.peterSigner()));
  }

  @Test
  void sign_replacesExistingSignatureBySameKey() throws Exception {
    Note n = Note.of(V.TEXT, List.of(new NoteSignature("PeterNeumann", new KeyId(0xc74f20a3), "BADSIGN=")));
    assertArrayEquals(V.utf8(V.TEXT + "\n" + V.PETER_SIG), Note.sign(n, V.peterSigner()));
  }

  @Test
  void sign_addToOpenedNote_isDoublySignedReference() throws Exception {
    Note peter = Note.open(V.utf8(V.TEXT + "\n" + V.PETER_SIG), Verifiers.of(V.peter()));
    byte[] both = Note.sign(peter, V.enochSigner());
    assertArrayEquals(V.utf8(V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG), both);
  }

  @Test
  void sign_emptyTree_isComputedReference() throws Exception {
    String text = "go.sum database tree\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    String want = text + "\n\u2014 PeterNeumann x08go3xRAjh1xqriLVudxLUUmmw6fKO/bFwMUyj60TVkh/9BU/gBVdCVRJcbMSFubQtb1QLQjbdNmPNIftrmuGNS6AY=\n";
    assertArrayEquals(V.utf8(want), Note.sign(Note.of(text), V.peterSigner()));
  }

  @Test
  void of_textWithoutFinalNewline_malformedInput() {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.of("abc\ndef"));
    assertEquals("note text (at offset 7): malformed note: text must end in a newline, got \"abc\\ndef\"",
        e.getMessage());
    assertEquals(7, e.offset());
    assertThrows(MalformedInputException.class, () -> Note.of("", List.of()));
  }

  @Test
  void sign_existingSignatureWithBadName_malformed() throws Exception {
    Note n = Note.of(V.TEXT, List.of(new NoteSignature("a+b", new KeyId(0), "AAAAAAA=")));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.sign(n, V.peterSigner()));
    assertTrue(e.reason().startsWith("malformed note"), e.getMessage());
  }

  @Test
  void sign_existingSignatureWithWrongKeyId_malformed() throws Exception {
    Note n = Note.of(V.TEXT, List.of(new NoteSignature("PeterNeumann", new KeyId(0xc74f20a3), "BADHASH=")));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.sign(n));
    assertTrue(e.reason().startsWith("malformed note"), e.getMessage());
  }

  @Test
  void sign_signerWithBadName_invalidSigner() {
    NoteSigner bad = new NoteSigner() {
      public String name() {
        return "bad name";
      }

      public KeyId keyId() {
        return new KeyId(0);
      }

      public byte[] sign(byte[] message) {
        return new byte[64];
      }
    };
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.sign(Note.of(V.TEXT), bad));
    assertTrue(e.reason().startsWith("invalid signer"), e.getMessage());
  }

  @Test
  void sign_failingSigner_errorPropagates() {
    SumdbException boom = new SumdbException("signer broke");
    NoteSigner failing = new NoteSigner() {
      public String name() {
        return "ok";
      }

      public KeyId keyId() {
        return new KeyId(1);
      }

      public byte[] sign(byte[] message) throws SumdbException {
        throw boom;
      }
    };
    assertSame(boom, assertThrows(SumdbException.class, () -> Note.sign(Note.of(V.TEXT), failing)));
  }

  @Test
  void verifiers_unknownAndAmbiguous_goMessages() {
    Verifiers vs = Verifiers.of(V.peter());
    assertEquals("unknown key PeterNeumann+c74f20a4", assertThrows(UnknownVerifierException.class,
        () -> vs.verifier("PeterNeumann", new KeyId(0xc74f20a4))).getMessage());
    UnknownVerifierException e = assertThrows(UnknownVerifierException.class,
        () -> vs.verifier("PeterNeuman", new KeyId(0xc74f20a3)));
    assertEquals("unknown key PeterNeuman+c74f20a3", e.getMessage());
    assertEquals("PeterNeuman", e.name());
    assertEquals(new KeyId(0xc74f20a3), e.keyId());
    Verifiers twice = Verifiers.of(List.of(V.enoch(), V.peter(), V.enoch()));
    assertEquals("ambiguous key EnochRoot+af0cfe78", assertThrows(AmbiguousVerifierException.class,
        () -> twice.verifier("EnochRoot", new KeyId(0xaf0cfe78))).getMessage());
  }
}
