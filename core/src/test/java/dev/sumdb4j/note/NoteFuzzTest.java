package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.cosignature.CosignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz targets of the signed-note and key parsers (FUZZING.md). Under {@code mvn verify} each
 * replays its inputs in {@code NoteFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1} one fuzzes.
 * Property: only the project's checked exceptions escape, and nothing unsigned is accepted.
 */
class NoteFuzzTest {
  /** The fixed key of the signed seeds: a deterministic signer (vectors.md V1, Peter). */
  private static final SignerKey PETER = signer(V.PETER_SKEY);
  private static final Verifiers KNOWN = Verifiers.of(PETER.verifierKey(), V.enoch());

  private static SignerKey signer(String skey) {
    try {
      return SignerKey.parse(skey);
    } catch (MalformedInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens any bytes with Peter's and Enoch's keys known. A note that opens must be the message's
   * exact text, a blank line and signature lines, and each verified signature must be the one the
   * key makes over that text (Ed25519 signing is deterministic; the fuzzer holds no private key).
   */
  @FuzzTest(maxDuration = "5m")
  void open(byte[] message) throws Exception {
    Note n;
    try {
      n = Note.open("fuzz", message, KNOWN);
    } catch (SumdbException e) {
      return;
    }
    byte[] text = n.text().getBytes(StandardCharsets.UTF_8);
    assertTrue(text.length + 1 < message.length);
    assertArrayEquals(text, Arrays.copyOf(message, text.length));
    assertEquals('\n', message[text.length]);
    assertFalse(n.signatures().isEmpty());
    for (NoteSignature s : n.signatures()) {
      byte[] want;
      if (s.name().equals(PETER.name()) && s.keyId().equals(PETER.keyId())) {
        want = PETER.sign(text);
      } else {
        assertEquals(V.enoch().name(), s.name());
        assertEquals(V.enoch().keyId(), s.keyId());
        assertTrue(V.enoch().verify(text, s.signatureBytes()));
        continue;
      }
      assertArrayEquals(want, s.signatureBytes(), "accepted a signature Peter did not make");
      String line = s.line() + "\n";
      assertTrue(new String(message, text.length + 1, message.length - text.length - 1, StandardCharsets.UTF_8)
          .contains(line));
    }
  }

  /**
   * Key text as it prints: the same but for the hex key hash, which parses in either case (as
   * Go's ParseUint, reference.md 0.1) and prints in lowercase. Key names have no '+'.
   */
  private static String canonical(String text, int fields) {
    String[] f = text.split("\\+", fields);
    f[fields - 2] = f[fields - 2].toLowerCase(java.util.Locale.ROOT);
    return String.join("+", f);
  }

  /** Verifier key text (GOSUMDB, -key flags): parses or fails with MalformedInputException; round-trips. */
  @FuzzTest(maxDuration = "2m")
  void verifierKey(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    VerifierKey k;
    try {
      k = VerifierKey.parse(text);
    } catch (MalformedInputException e) {
      return;
    }
    assertEquals(canonical(text, 3), k.toString());
    assertEquals(32, k.publicKey().length);
    try {
      CosignatureVerifier.parse(text);
    } catch (MalformedInputException e) {
      // a note key is not a cosigner key (type 0x01, not 0x04)
    }
  }

  /** Signer key text: parses or fails with MalformedInputException; what parses signs verifiably. */
  @FuzzTest(maxDuration = "2m")
  void signerKey(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    SignerKey k;
    try {
      k = SignerKey.parse(text);
    } catch (MalformedInputException e) {
      return;
    }
    assertEquals(canonical(text, 5), k.format());
    byte[] msg = "fuzz\n".getBytes(StandardCharsets.UTF_8);
    assertTrue(k.verifierKey().verify(msg, k.sign(msg)));
    Note n = Note.open(Note.sign(Note.of("fuzz\n"), k), Verifiers.of(k.verifierKey()));
    assertEquals(1, n.signatures().size());
    assertEquals(Codecs.quote("fuzz\n"), Codecs.quote(n.text()));
  }
}
