package dev.sumdb4j.tlog.checkpoint;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of a {@code /lookup/<path>@<version>} response: the record id line, the record text,
 * a blank line, then the signed tree note (possibly empty). For example:
 *
 * <pre>{@code
 * 5
 * rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
 * rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=
 *
 * go.sum database tree
 * ...
 * }</pre>
 *
 * <p>Stricter than Go's {@code ParseRecord}: the id must be canonical decimal (Go's {@code
 * ParseInt} also accepts {@code +5}, {@code 05} and {@code -1}). The signed note is not checked
 * here; verify it with {@code Note.open}.
 *
 * @param id the record id (its leaf number in the log), at least 0
 * @param text the record text, valid per {@link RecordText}
 * @param signedNote the signed tree note bytes that follow the blank line (may be empty)
 */
public record LookupResponse(long id, String text, byte[] signedNote) {
  /**
   * Validates and copies the fields of a response the caller made (for example a server's);
   * invalid fields are a bug. Fields from outside (a file, a user, a peer) go through {@link #of},
   * which throws a checked {@link MalformedInputException} instead, or {@link #parse}.
   *
   * @param id the record id (its leaf number in the log), at least 0
   * @param text the record text, valid per {@link RecordText}
   * @param signedNote the signed tree note bytes that follow the blank line (may be empty)
   * @throws IllegalArgumentException if {@code id} is negative or {@code text} is not valid record
   *     text
   */
  public LookupResponse {
    Objects.requireNonNull(text, "text");
    String problem = problem(id, text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    signedNote = signedNote.clone();
  }

  /**
   * Makes a response from outside input, checking the fields.
   *
   * @param id the record id (its leaf number in the log), at least 0
   * @param text the record text, valid per {@link RecordText}
   * @param signedNote the signed tree note bytes that follow the blank line (may be empty; copied)
   * @return the response
   * @throws MalformedInputException if {@code id} is negative ({@code negative record id -1}) or
   *     {@code text} is not valid record text, with the offset of the problem ({@code record 5
   *     text does not end in a newline})
   */
  public static LookupResponse of(long id, String text, byte[] signedNote) throws MalformedInputException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(signedNote, "signedNote");
    if (id < 0) {
      throw new MalformedInputException(null, -1, "negative record id " + id);
    }
    byte[] utf8 = Utf8.encodeOrNull(text);
    if (utf8 == null) {
      throw new MalformedInputException(null, -1, "record " + id + " text " + Codecs.quote(text)
          + " is not well-formed UTF-16 (a lone surrogate)");
    }
    MalformedInputException e = RecordText.problem(null, "record " + id + " text", utf8, 0, utf8.length);
    if (e != null) {
      throw e;
    }
    return new LookupResponse(id, text, signedNote);
  }

  /** {@return what is wrong with the fields, or null} */
  private static String problem(long id, String text) {
    if (id < 0) {
      return "negative record id " + id;
    }
    byte[] utf8 = Utf8.encodeOrNull(text);
    if (utf8 == null || !RecordText.isValid(utf8)) {
      return "invalid record text " + Codecs.quote(text);
    }
    return null;
  }

  /** {@return a copy of the signed note bytes} */
  @Override
  public byte[] signedNote() {
    return signedNote.clone();
  }

  /**
   * Parses a lookup response body.
   *
   * @param source names the body in error messages (a URL or path)
   * @param body the response body
   * @throws MalformedInputException naming {@code source} and the offset of the problem: a bad id
   *     line, invalid record text, or no blank line after the record
   * @return the response
   */
  public static LookupResponse parse(String source, byte[] body) throws MalformedInputException {
    int nl = indexOf(body, 0);
    if (nl < 0) {
      throw new MalformedInputException(source, 1, 0, "missing record id line");
    }
    String idText = new String(body, 0, nl, StandardCharsets.ISO_8859_1);
    long id = Codecs.parseCanonicalDecimal(idText);
    if (id < 0) {
      throw new MalformedInputException(source, 1, 0, "malformed record id " + Codecs.quote(idText)
          + ": want a canonical decimal");
    }
    int start = nl + 1;
    int end = -1; // the offset just after the record text's final newline
    for (int i = start; i + 1 < body.length; i++) {
      if (body[i] == '\n' && body[i + 1] == '\n') {
        end = i + 1;
        break;
      }
    }
    if (end < 0) {
      throw new MalformedInputException(source, body.length,
          "record text is not followed by a blank line");
    }
    MalformedInputException e = RecordText.problem(source, "record " + id + " text", body, start, end);
    if (e != null) {
      throw e;
    }
    String text = new String(body, start, end - start, StandardCharsets.UTF_8);
    return new LookupResponse(id, text, Arrays.copyOfRange(body, end + 1, body.length));
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** {@return the response body: {@code <id>\n<text>\n<signedNote>}; the inverse of {@link #parse}} */
  public byte[] format() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((id + "\n" + text + "\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(signedNote);
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupResponse r && id == r.id && text.equals(r.text)
        && Arrays.equals(signedNote, r.signedNote);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + text.hashCode() * 17 + Arrays.hashCode(signedNote);
  }

  @Override
  public String toString() {
    return "LookupResponse[id=" + id + ", text=" + Codecs.quote(text) + ", signedNote="
        + signedNote.length + " bytes]";
  }
}
