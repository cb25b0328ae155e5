package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips, bit flips and total parsing of Note.open. */
class NotePropertiesTest {
  /** Note texts: lines of printable (and some non-ASCII) characters, each ending in newline. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> line = Arbitraries.strings()
        .withCharRange(' ', '~').withChars('\u00e9', '\u2014', '\u007f', '\u0085').ofMaxLength(40);
    return line.list().ofMinSize(1).ofMaxSize(5).map(lines -> String.join("\n", lines) + "\n")
        .filter(t -> !t.contains("\n\n"));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('!', '~').withChars('\u00e9', '/').ofMinLength(1).ofMaxLength(20)
        .filter(n -> !n.contains("+"));
  }

  @Provide
  Arbitrary<SignerKey> keys() {
    return Combinators.combine(names(), Arbitraries.bytes().array(byte[].class).ofSize(32))
        .as((name, seed) -> {
          try {
            return SignerKey.fromSeed(name, seed);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Property(tries = 100)
  void signThenOpen_roundTrips(@ForAll("texts") String text, @ForAll("keys") SignerKey key,
      @ForAll("keys") SignerKey other) throws Exception {
    byte[] signed = Note.sign(Note.of(text), key, other);
    Note n = Note.open(signed, Verifiers.of(key.verifierKey()));
    assertEquals(text, n.text());
    assertEquals(1, n.signatures().size());
    assertEquals(key.name(), n.signatures().get(0).name());
    assertEquals(key.keyId(), n.signatures().get(0).keyId());
    boolean sameKey = key.name().equals(other.name()) && key.keyId().equals(other.keyId());
    if (!sameKey) {
      // Open keeps the other signature as unverified, and sign re-emits both lines verbatim.
      assertArrayEquals(signed, Note.sign(n));
    }
    assertEquals(VerifierKey.parse(key.verifierKey().toString()), key.verifierKey());
    assertEquals(key.format(), SignerKey.parse(key.format()).format());
  }

  @Property(tries = 200)
  void flippedBit_neverVerifiedByTheKey(@ForAll("texts") String text, @ForAll("keys") SignerKey key,
      @ForAll @IntRange(min = 0, max = 1 << 20) int where) throws Exception {
    byte[] signed = Note.sign(Note.of(text), key);
    int bit = where % (signed.length * 8);
    signed[bit / 8] ^= (byte) (1 << (bit % 8));
    try {
      Note n = Note.open(signed, Verifiers.of(key.verifierKey()));
      throw new AssertionError("bit " + bit + " flipped, still verified: " + n);
    } catch (SumdbException e) {
      // rejected: expected
    }
  }

  @Property(tries = 1000)
  void open_arbitraryBytes_noteOrSumdbException(@ForAll @Size(max = 300) byte[] bytes) {
    openTotally(bytes);
  }

  @Property(tries = 1000)
  void open_mutatedNote_noteOrSumdbException(@ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1 << 16) Integer> edits) {
    byte[] msg = (V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG).getBytes(StandardCharsets.UTF_8);
    for (int e : edits) {
      int pos = e % msg.length;
      msg[pos] = (byte) (e >>> 8);
    }
    Note n = openTotally(msg);
    if (n != null) {
      assertEquals(V.TEXT, n.text());
      assertTrue(n.signatures().contains(V.PETER));
    }
  }

  private static Note openTotally(byte[] bytes) {
    try {
      return Note.open(bytes, Verifiers.of(V.peter()));
    } catch (SumdbException e) {
      return null;
    }
  }

  @Property(tries = 20)
  void generate_thenParse_sameKey(@ForAll("names") String name) throws Exception {
    SignerKey k = SignerKey.generate(name, new SecureRandom());
    assertEquals(k.verifierKey(), SignerKey.parse(k.format()).verifierKey());
  }
}
