package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the worked example of the package documentation and checks what it says. */
class ExamplesTest {
  @Test
  void packageDoc_peterNeumannExample() throws Exception {
    byte[] message = V.utf8("If you think cryptography is the answer to your problem,\n"
        + "then you don't know what your problem is.\n"
        + "\n"
        + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n");
    VerifierKey peter = VerifierKey.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    Note note = Note.open(message, Verifiers.of(peter));
    assertEquals(V.TEXT, note.text());
    assertEquals(List.of(V.PETER), note.signatures());

    String pub = HexFormat.of().formatHex(peter.publicKey());
    assertEquals("1a5cd907", pub.substring(0, 8));
    assertEquals("d744d6", pub.substring(pub.length() - 6));
    byte[] raw = java.util.Base64.getDecoder().decode(note.signatures().get(0).base64());
    assertEquals(68, raw.length);
    assertEquals("c74f20a3", HexFormat.of().formatHex(raw, 0, 4));
    assertEquals(64, note.signatures().get(0).signatureBytes().length);
  }
}
