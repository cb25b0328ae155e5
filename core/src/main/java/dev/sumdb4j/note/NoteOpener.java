package dev.sumdb4j.note;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.internal.KeyText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Go's {@code note.Open}, step by step, with errors that say what and where. */
final class NoteOpener {
  /** The signature line prefix: U+2014 EM DASH, then a space. */
  private static final byte[] PREFIX = {(byte) 0xe2, (byte) 0x80, (byte) 0x94, ' '};

  private NoteOpener() {}

  static Note open(String source, byte[] msg, Verifiers known) throws SumdbException {
    int bad = Codecs.firstBadNoteChar(msg);
    if (bad >= 0) {
      int c = msg[bad] & 0xff;
      String what = c < 0x20
          ? String.format(Locale.ROOT, "control character 0x%02x (only newline is allowed)", c)
          : String.format(Locale.ROOT, "invalid UTF-8 at byte 0x%02x", c);
      throw new MalformedInputException(source, lineOf(msg, bad), bad, "malformed note: " + what);
    }
    int split = lastBlankLine(msg);
    if (split < 0) {
      throw new MalformedInputException(source, 0, msg.length,
          "malformed note: no blank line between the text and the signatures");
    }
    int textEnd = split + 1;
    int sigStart = split + 2;
    int blankLine = lineOf(msg, split) + 1;
    if (sigStart == msg.length) {
      throw new MalformedInputException(source, blankLine, split + 1,
          "malformed note: no signature lines after the last blank line");
    }
    if (msg[msg.length - 1] != '\n') {
      throw new MalformedInputException(source, lineOf(msg, msg.length - 1), msg.length,
          "malformed note: the last signature line does not end in a newline");
    }
    byte[] text = Arrays.copyOf(msg, textEnd);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    Set<String> seenUnverified = new HashSet<>();
    Set<NoteSignature> seen = new HashSet<>();
    int numSig = 0;
    int line = blankLine;
    for (int start = sigStart; start < msg.length; ) {
      int end = indexOf(msg, (byte) '\n', start);
      line++;
      Parsed p = parseLine(source, msg, start, end, line);
      start = end + 1;
      if (++numSig > Note.MAX_NOTE_SIGNATURES) {
        throw new MalformedInputException(source, line, p.offset,
            "malformed note: more than " + Note.MAX_NOTE_SIGNATURES + " signatures (MAX_NOTE_SIGNATURES)");
      }
      String where = source + ":" + line;
      NoteVerifier v;
      try {
        v = known.verifier(p.sig.name(), p.sig.keyId());
      } catch (UnknownVerifierException e) {
        if (seenUnverified.add(p.sig.name() + " " + p.sig.base64())) {
          unverified.add(p.sig);
        }
        continue;
      }
      if (v == null) {
        throw new SumdbException(where + ": verifiers returned no verifier for key " + key(p.sig));
      }
      if (!v.name().equals(p.sig.name()) || !v.keyId().equals(p.sig.keyId())) {
        throw new SumdbException(where + ": verifier name or hash doesn't match signature: asked for "
            + key(p.sig) + ", got " + v.name() + "+" + v.keyId());
      }
      NoteSignature id = new NoteSignature(p.sig.name(), p.sig.keyId(), "");
      if (!seen.add(id)) {
        continue;
      }
      if (!v.verify(text, p.signature)) {
        throw new InvalidSignatureException(where, p.sig.name(), p.sig.keyId());
      }
      verified.add(p.sig);
    }
    Note note = new Note(new String(text, StandardCharsets.UTF_8), verified, unverified);
    if (verified.isEmpty()) {
      throw new UnverifiedNoteException(note);
    }
    return note;
  }

  /** One parsed signature line: the signature, its bytes after the key ID, and its offset. */
  private record Parsed(NoteSignature sig, byte[] signature, int offset) {}

  private static Parsed parseLine(String source, byte[] msg, int start, int end, int line)
      throws MalformedInputException {
    if (end - start < PREFIX.length || !Arrays.equals(msg, start, start + PREFIX.length, PREFIX, 0, PREFIX.length)) {
      String shown = new String(msg, start, Math.min(end - start, 64), StandardCharsets.UTF_8);
      throw new MalformedInputException(source, line, start,
          "malformed note: signature line does not start with \"\u2014 \" (U+2014 em dash, space): "
              + Codecs.quote(shown));
    }
    int nameStart = start + PREFIX.length;
    int space = indexOf(msg, (byte) ' ', nameStart);
    if (space < 0 || space > end) {
      throw new MalformedInputException(source, line, nameStart,
          "malformed note: signature line has no space between the key name and the signature");
    }
    String name = new String(msg, nameStart, space - nameStart, StandardCharsets.UTF_8);
    String problem = KeyText.nameProblem(name);
    if (problem != null) {
      throw new MalformedInputException(source, line, nameStart, "malformed note: key name " + problem);
    }
    int b64Start = space + 1;
    String b64 = new String(msg, b64Start, end - b64Start, StandardCharsets.UTF_8);
    if (b64.isEmpty()) {
      throw new MalformedInputException(source, line, b64Start,
          "malformed note: empty signature after key name " + Codecs.quote(name));
    }
    byte[] raw = Codecs.decodeBase64OrNull(b64);
    if (raw == null) {
      throw new MalformedInputException(source, line, b64Start,
          "malformed note: signature by " + Codecs.quote(name) + " is not canonical padded base64: " + Codecs.quote(b64));
    }
    if (raw.length < 5) {
      throw new MalformedInputException(source, line, b64Start, "malformed note: signature by "
          + Codecs.quote(name) + " decodes to " + raw.length + " bytes, want at least 5 (key ID and signature)");
    }
    KeyId id = new KeyId(Note.readKeyId(raw, 0));
    return new Parsed(new NoteSignature(name, id, b64), Arrays.copyOfRange(raw, 4, raw.length), start);
  }

  private static String key(NoteSignature s) {
    return s.name() + "+" + s.keyId();
  }

  /** The index of the first '\n' of the last "\n\n" in msg, or -1. */
  private static int lastBlankLine(byte[] msg) {
    for (int i = msg.length - 2; i >= 0; i--) {
      if (msg[i] == '\n' && msg[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** The 1-based line number of byte offset {@code off}. */
  private static int lineOf(byte[] msg, int off) {
    int line = 1;
    for (int i = 0; i < off && i < msg.length; i++) {
      if (msg[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
