package dev.sumdb4j.note;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.internal.KeyText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signed note (C2SP signed-note, golang.org/x/mod/sumdb/note): a text, the signatures that
 * were verified by known keys, and the signatures by keys that were not known.
 *
 * <p>Immutable. {@link #signatures()} is non-empty only for notes returned by {@link #open}, so a
 * note in hand with verified signatures was checked against the caller's {@link Verifiers}. See
 * the package documentation for the wire format.
 */
public final class Note {
  /** The most signature lines a note may carry, counting duplicates and unknown keys (as Go). */
  public static final int MAX_NOTE_SIGNATURES = 100;

  private final String text;
  private final List<NoteSignature> signatures;
  private final List<NoteSignature> unverifiedSignatures;

  Note(String text, List<NoteSignature> signatures, List<NoteSignature> unverifiedSignatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
    this.unverifiedSignatures = List.copyOf(unverifiedSignatures);
  }

  /**
   * Returns an unsigned note with the given text, for {@link #sign}.
   *
   * @param text the note text; every line, the last included, ends in a newline
   * @return the note, with no signatures
   * @throws MalformedInputException if {@code text} does not end in a newline
   */
  public static Note of(String text) throws MalformedInputException {
    return of(text, List.of());
  }

  /**
   * Returns a note with the given text carrying {@code unverified} signatures, which
   * {@link #sign} re-emits unless a new signature by the same key replaces them.
   *
   * @param text the note text; every line, the last included, ends in a newline
   * @param unverified signatures to carry as unverified, in order (checked when signing)
   * @return the note, with no verified signatures
   * @throws MalformedInputException if {@code text} does not end in a newline
   */
  public static Note of(String text, List<NoteSignature> unverified) throws MalformedInputException {
    if (!text.endsWith("\n")) {
      throw new MalformedInputException("note text", utf8Length(text),
          "malformed note: text must end in a newline, got " + Codecs.quote(tail(text)));
    }
    return new Note(text, List.of(), unverified);
  }

  /** The end of {@code text}, at most 40 characters, for messages. */
  private static String tail(String text) {
    return text.length() <= 40 ? text : "..." + text.substring(text.length() - 40);
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@return the text of the note: every line ends in a newline; no signature lines} */
  public String text() {
    return text;
  }

  /** {@return the signatures verified by known keys, in the order of the message} */
  public List<NoteSignature> signatures() {
    return signatures;
  }

  /** {@return the signatures by unknown keys, in the order of the message, without exact duplicates} */
  public List<NoteSignature> unverifiedSignatures() {
    return unverifiedSignatures;
  }

  /**
   * Opens the signed note {@code message}, verifying its signatures by the {@code known} keys.
   * Same as {@link #open(String, byte[], Verifiers)} with source {@code "note"}.
   *
   * @param message the signed note, as received
   * @param known the trusted keys (null means none)
   * @return the note, with at least one verified signature
   * @throws SumdbException as {@link #open(String, byte[], Verifiers)}: malformed input, an
   *     invalid signature, no signature by a known key, or a failed key lookup
   */
  public static Note open(byte[] message, Verifiers known) throws SumdbException {
    return open("note", message, known);
  }

  /**
   * Opens the signed note {@code message}, verifying its signatures by the {@code known} keys
   * (null means none). Follows Go's {@code note.Open} rule for rule: signatures by unknown keys
   * are kept as unverified (exact duplicate lines once), a second signature by a verified key is
   * skipped, and at most {@value #MAX_NOTE_SIGNATURES} signature lines are allowed.
   *
   * @param source names the message in errors (a file name or URL)
   * @param message the signed note, as received
   * @param known the trusted keys (null means none)
   * @return the note, with at least one verified signature
   * @throws MalformedInputException if the message is not a well-formed signed note; says what
   *     and where (line and byte offset)
   * @throws InvalidSignatureException if a signature by a known key does not verify
   * @throws UnverifiedNoteException if no signature is by a known key (carries the parsed note)
   * @throws SumdbException if {@code known} fails a lookup for another reason (e.g.
   *     {@link AmbiguousVerifierException}) or returns a verifier for another key
   */
  public static Note open(String source, byte[] message, Verifiers known) throws SumdbException {
    return NoteOpener.open(source, message, known == null ? Verifiers.of() : known);
  }

  /**
   * Signs {@code note} with each signer in order and returns the signed message: the text, a
   * blank line, the note's existing signatures (verified first, then unverified) except those by
   * a key that signs now, then the new signatures (Go's {@code note.Sign}).
   *
   * @param note the note to sign
   * @param signers the keys to sign with, in order (none re-emits the existing signatures)
   * @return the signed note, as UTF-8
   * @throws MalformedInputException if a signer has an invalid name, or an existing signature has
   *     an invalid name or a base64 field that does not start with its key ID
   * @throws SumdbException if a signer fails
   */
  public static byte[] sign(Note note, NoteSigner... signers) throws SumdbException {
    if (!note.text.endsWith("\n")) {
      throw new AssertionError("bad math: a Note text always ends in a newline");
    }
    byte[] text = note.text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream fresh = new ByteArrayOutputStream();
    Set<NoteSignature> replaced = new HashSet<>();
    for (int i = 0; i < signers.length; i++) {
      NoteSigner s = signers[i];
      String name = s.name();
      KeyId id = s.keyId();
      replaced.add(new NoteSignature(name, id, ""));
      String bad = KeyText.nameProblem(name);
      if (bad != null) {
        throw new MalformedInputException("signer " + (i + 1), -1, "invalid signer: name " + bad);
      }
      byte[] sig = s.sign(text.clone());
      if (sig == null) {
        throw new SumdbException("signer " + name + "+" + id + " returned no signature");
      }
      byte[] raw = new byte[4 + sig.length];
      raw[0] = (byte) (id.value() >>> 24);
      raw[1] = (byte) (id.value() >>> 16);
      raw[2] = (byte) (id.value() >>> 8);
      raw[3] = (byte) id.value();
      System.arraycopy(sig, 0, raw, 4, sig.length);
      writeLine(fresh, new NoteSignature(name, id, Codecs.base64(raw)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text);
    out.write('\n');
    int n = 0;
    for (List<NoteSignature> list : List.of(note.signatures, note.unverifiedSignatures)) {
      for (NoteSignature sig : list) {
        n++;
        String bad = KeyText.nameProblem(sig.name());
        if (bad != null) {
          throw new MalformedInputException("existing signature " + n, -1, "malformed note: key name " + bad);
        }
        if (replaced.contains(new NoteSignature(sig.name(), sig.keyId(), ""))) {
          continue;
        }
        byte[] raw = Codecs.decodeBase64OrNull(sig.base64());
        if (raw == null || raw.length < 4 || readKeyId(raw, 0) != sig.keyId().value()) {
          throw new MalformedInputException("existing signature " + n, -1, "malformed note: signature by "
              + sig.name() + "+" + sig.keyId() + " is not base64 of its key ID and signature: "
              + Codecs.quote(sig.base64()));
        }
        writeLine(out, sig);
      }
    }
    out.writeBytes(fresh.toByteArray());
    return out.toByteArray();
  }

  private static void writeLine(ByteArrayOutputStream out, NoteSignature sig) {
    out.writeBytes(sig.line().getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  static int readKeyId(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  /** Notes are equal when their texts and both signature lists are equal. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Note)) {
      return false;
    }
    Note n = (Note) o;
    return text.equals(n.text) && signatures.equals(n.signatures)
        && unverifiedSignatures.equals(n.unverifiedSignatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, signatures, unverifiedSignatures);
  }

  /** A short description: the first text line and the signing keys. */
  @Override
  public String toString() {
    int nl = text.indexOf('\n');
    return "Note[" + Codecs.quote(nl < 0 ? text : text.substring(0, nl)) + ", verified=" + keys(signatures)
        + ", unverified=" + keys(unverifiedSignatures) + "]";
  }

  private static String keys(List<NoteSignature> sigs) {
    StringBuilder b = new StringBuilder("[");
    for (NoteSignature s : sigs) {
      b.append(b.length() > 1 ? ", " : "").append(s.name()).append('+').append(s.keyId());
    }
    return b.append(']').toString();
  }
}
