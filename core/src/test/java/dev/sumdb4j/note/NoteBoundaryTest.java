package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed-note rules at their boundaries, each from both sides and with the exact reason and
 * place: a signature line exactly as long as its prefix, the excerpt of a line that lacks it, a
 * verifier list that answers null, the shortest existing signature {@link Note#sign} keeps, the
 * excerpt of a text without its final newline, and the value semantics of {@link Note}.
 */
class NoteBoundaryTest {
  private static final String EM = "\u2014";

  private static MalformedInputException malformed(String msg) {
    return assertThrows(MalformedInputException.class,
        () -> Note.open("m.note", msg.getBytes(StandardCharsets.UTF_8), Verifiers.of(V.peter())));
  }

  @Test
  void signatureLine_exactlyThePrefix_hasNoSpace_oneByteShort_hasNoPrefix() {
    int sigStart = V.utf8(V.TEXT).length + 1;
    MalformedInputException prefixOnly = malformed(V.TEXT + "\n" + EM + " \n");
    assertEquals("malformed note: signature line has no space between the key name and the signature",
        prefixOnly.reason());
    assertEquals(sigStart + 4, prefixOnly.offset(), "at the name, just after the prefix");
    assertEquals(4, prefixOnly.line());
    MalformedInputException dashOnly = malformed(V.TEXT + "\n" + EM + "\n" + V.PETER_SIG);
    assertEquals("malformed note: signature line does not start with \"\u2014 \" (U+2014 em dash, space): \"\u2014\"",
        dashOnly.reason());
    assertEquals(sigStart, dashOnly.offset());
    assertEquals(4, dashOnly.line());
  }

  @Test
  void signatureLine_withoutPrefix_showsAtMost64Bytes() {
    String line = "x".repeat(63) + "yz" + "w".repeat(30);
    MalformedInputException e = malformed(V.TEXT + "\n" + V.PETER_SIG + line + "\n");
    assertEquals("malformed note: signature line does not start with \"\u2014 \" (U+2014 em dash, space): \""
        + "x".repeat(63) + "y\"", e.reason());
    assertEquals(5, e.line());
    MalformedInputException shortLine = malformed(V.TEXT + "\n" + "ab\n");
    assertTrue(shortLine.reason().endsWith(": \"ab\""), shortLine.getMessage());
  }

  @Test
  void nameAndSignature_theirOffsets() {
    int sigStart = V.utf8(V.TEXT).length + 1;
    MalformedInputException badName = malformed(V.TEXT + "\n" + EM + " a+b " + V.PETER_B64 + "\n");
    assertEquals("malformed note: key name \"a+b\" contains '+'", badName.reason());
    assertEquals(sigStart + 4, badName.offset());
    MalformedInputException empty = malformed(V.TEXT + "\n" + EM + " ab \n");
    assertEquals("malformed note: empty signature after key name \"ab\"", empty.reason());
    assertEquals(sigStart + 7, empty.offset());
    MalformedInputException four = malformed(V.TEXT + "\n" + EM + " ab AAAAAA==\n");
    assertEquals("malformed note: signature by \"ab\" decodes to 4 bytes, want at least 5 (key ID and signature)",
        four.reason());
    assertEquals(sigStart + 7, four.offset());
    MalformedInputException notBase64 = malformed(V.TEXT + "\n" + EM + " ab AAAAAA=\n");
    assertEquals("malformed note: signature by \"ab\" is not canonical padded base64: \"AAAAAA=\"", notBase64.reason());
  }

  @Test
  void blankLineAtTheVeryStart_isTheSplit() throws Exception {
    // the last "\n\n" at offset 0: the text is one empty line, and the signature is checked over it
    byte[] signed = Note.sign(Note.of("\n"), V.peterSigner());
    assertEquals("\n", Note.open(signed, Verifiers.of(V.peter())).text());
    assertThrows(InvalidSignatureException.class,
        () -> Note.open(V.utf8("\n\n" + V.PETER_SIG), Verifiers.of(V.peter())));
  }

  @Test
  void verifiersAnsweringNull_failClosed() {
    Verifiers none = (name, keyId) -> null;
    SumdbException e = assertThrows(SumdbException.class,
        () -> Note.open("m.note", V.utf8(V.TEXT + "\n" + V.PETER_SIG), none));
    assertSame(SumdbException.class, e.getClass());
    assertEquals("m.note:4: verifiers returned no verifier for key PeterNeumann+c74f20a3", e.getMessage());
  }

  @Test
  void sign_keepsAnExistingSignatureOfExactly4Bytes_refuses3() throws Exception {
    // Go's note.Sign checks len(raw) >= 4 and the key ID; so do we (open wants 5 bytes, sign 4)
    String four = Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, 7});
    Note n = Note.of(V.TEXT, List.of(new NoteSignature("x", new KeyId(7), four)));
    String signed = new String(Note.sign(n, V.peterSigner()), StandardCharsets.UTF_8);
    assertEquals(V.TEXT + "\n" + EM + " x " + four + "\n" + V.PETER_SIG, signed);
    String three = Base64.getEncoder().encodeToString(new byte[] {0, 0, 7});
    Note bad = Note.of(V.TEXT, List.of(V.PETER,
        new NoteSignature("x", new KeyId(7), three)));
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Note.sign(bad));
    assertEquals("existing signature 2", e.source());
    assertEquals("malformed note: signature by x+00000007 is not base64 of its key ID and signature: \"" + three + "\"",
        e.reason());
  }

  @Test
  void sign_badSignerName_namesWhichSigner() {
    NoteSigner bad = new NoteSigner() {
      @Override
      public String name() {
        return "";
      }

      @Override
      public KeyId keyId() {
        return new KeyId(0);
      }

      @Override
      public byte[] sign(byte[] message) {
        return new byte[64];
      }
    };
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> Note.sign(Note.of(V.TEXT), V.peterSigner(), bad));
    assertEquals("signer 2", e.source());
    assertEquals("invalid signer: name is empty", e.reason());
  }

  @Test
  void of_withoutFinalNewline_showsTheLast40Characters() {
    String forty = "a".repeat(39) + "b";
    MalformedInputException at40 = assertThrows(MalformedInputException.class, () -> Note.of(forty));
    assertEquals("malformed note: text must end in a newline, got \"" + forty + "\"", at40.reason());
    assertEquals(40, at40.offset());
    MalformedInputException at41 = assertThrows(MalformedInputException.class, () -> Note.of("z" + forty));
    assertEquals("malformed note: text must end in a newline, got \"..." + forty + "\"", at41.reason());
    MalformedInputException utf8 = assertThrows(MalformedInputException.class, () -> Note.of("\u00e9\u2014"));
    assertEquals(5, utf8.offset(), "the offset counts UTF-8 bytes");
  }

  @Test
  void note_valueSemanticsAndText() throws Exception {
    Note both = Note.open(V.utf8(V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG), Verifiers.of(V.peter(), V.enoch()));
    assertEquals("Note[\"If you think cryptography is the answer to your problem,\", "
        + "verified=[PeterNeumann+c74f20a3, EnochRoot+af0cfe78], unverified=[]]", both.toString());
    Note one = Note.open(V.utf8(V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG), Verifiers.of(V.peter()));
    assertEquals("Note[\"If you think cryptography is the answer to your problem,\", "
        + "verified=[PeterNeumann+c74f20a3], unverified=[EnochRoot+af0cfe78]]", one.toString());
    Note again = Note.open(V.utf8(V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG), Verifiers.of(V.peter()));
    assertEquals(one, again);
    assertEquals(one.hashCode(), again.hashCode());
    assertNotEquals(one, both, "same text, the signatures differ");
    assertNotEquals(Note.of(V.TEXT), Note.of(V.TEXT, List.of(V.ENOCH)), "the unverified signatures differ");
    assertNotEquals(Note.of(V.TEXT), Note.of("x\n"));
    assertNotEquals(Note.of(V.TEXT), V.TEXT);
    assertEquals(Note.of(V.TEXT), Note.of(V.TEXT));
    assertEquals("Note[\"\", verified=[], unverified=[]]", Note.of("\nsecond line\n").toString(), "an empty first line");
  }

  @Test
  void verifiers_distinctKeys_distinctHashCodes() throws Exception {
    assertNotEquals(V.peter(), V.enoch());
    assertNotEquals(V.peter(), (Object) V.PETER_VKEY, "a key is not its text");
    assertEquals(V.peter(), VerifierKey.parse(V.PETER_VKEY));
    assertEquals(V.peter().hashCode(), VerifierKey.parse(V.PETER_VKEY).hashCode());
    assertNotEquals(V.peter().hashCode(), V.enoch().hashCode());
    var a = dev.sumdb4j.note.cosignature.CosignatureVerifier.of("w.example/a", V.peter().publicKey());
    var b = dev.sumdb4j.note.cosignature.CosignatureVerifier.of("w.example/b", V.peter().publicKey());
    assertNotEquals(a, b);
    assertNotEquals(a.hashCode(), b.hashCode());
    assertEquals(a.hashCode(), dev.sumdb4j.note.cosignature.CosignatureVerifier.parse(a.toString()).hashCode());
  }
}
