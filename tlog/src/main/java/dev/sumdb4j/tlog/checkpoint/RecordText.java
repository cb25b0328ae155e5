package dev.sumdb4j.tlog.checkpoint;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;

/**
 * The rules for the text of a log record (for sum.golang.org, the go.sum lines of one module
 * version): valid UTF-8, no control character other than newline, no empty line (two newlines in
 * a row; a single leading newline is allowed, as in Go), not empty, and ending in a newline.
 */
public final class RecordText {
  private RecordText() {}

  /**
   * Checks that {@code text} is a valid record text.
   *
   * @param source names the text in error messages (a path or URL)
   * @param text the record text
   * @throws MalformedInputException naming {@code source} and the byte offset of the problem
   */
  public static void check(String source, byte[] text) throws MalformedInputException {
    MalformedInputException e = problem(source, "record text", text, 0, text.length);
    if (e != null) {
      throw e;
    }
  }

  /**
   * {@return whether {@code text} is a valid record text}
   *
   * @param text the record text
   */
  public static boolean isValid(byte[] text) {
    return offsetOfProblem(text, 0, text.length) == OK;
  }

  private static final int OK = -2;
  private static final int EMPTY = -1;

  /** Returns OK if {@code b[from, to)} is valid record text, EMPTY, or the offset of the problem. */
  private static int offsetOfProblem(byte[] b, int from, int to) {
    if (to == from) {
      return EMPTY;
    }
    int bad = Codecs.firstBadNoteChar(b, from, to);
    if (bad >= 0) {
      return bad;
    }
    for (int i = from + 1; i < to; i++) {
      if (b[i] == '\n' && b[i - 1] == '\n') {
        return i;
      }
    }
    return b[to - 1] != '\n' ? to : OK;
  }

  /**
   * Returns null if {@code b[from, to)} is valid record text, else the exception naming {@code
   * source}, {@code what} (e.g. "record 5") and the absolute byte offset of the problem.
   */
  static MalformedInputException problem(String source, String what, byte[] b, int from, int to) {
    int off = offsetOfProblem(b, from, to);
    if (off == OK) {
      return null;
    }
    String why;
    if (off == EMPTY) {
      off = from;
      why = "is empty";
    } else if (off == to) {
      why = "does not end in a newline";
    } else if (b[off] == '\n') {
      why = "has an empty line";
    } else {
      why = "has invalid UTF-8 or a control character";
    }
    return new MalformedInputException(source, off, what + " " + why);
  }
}
