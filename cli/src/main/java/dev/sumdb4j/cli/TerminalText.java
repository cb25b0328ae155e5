package dev.sumdb4j.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * The one place where text bound for the terminal is made safe: every character the command
 * prints passes {@link #writer}, which writes each non-printing character at or above U+007F as
 * {@code \}{@code uXXXX}: DEL, the C1 controls U+0080-U+009F (U+009B is a CSI, which terminals
 * obey like ESC [), the bidi overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks
 * U+200E, U+200F and U+061C, and every other format, separator, private-use, unassigned or lone
 * surrogate code point (what Go's {@code strconv.IsPrint} rejects, plus non-ASCII spaces). Names
 * and notes from a server or a file can hold them; printed raw they could move the cursor or make
 * a name read backwards. In JSON output the escape is JSON's own, so a parser gets the exact
 * text back.
 *
 * <p>C0 controls are escaped where the text is quoted ({@code Codecs.quote}) or rejected by the
 * parsers; they pass here because the command's own progress display uses CR and ESC.
 */
public final class TerminalText {
  private TerminalText() {}

  /** Whether {@code cp} is written escaped. */
  public static boolean mustEscape(int cp) {
    if (cp < 0x7f) {
      return false;
    }
    if (cp == 0x7f) {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL: case Character.FORMAT: case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR: case Character.SPACE_SEPARATOR: case Character.PRIVATE_USE:
      case Character.SURROGATE: case Character.UNASSIGNED:
        return true;
      default:
        return false;
    }
  }

  /** {@code s} as {@link #writer} prints it. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (mustEscape(cp)) {
        for (int k = i; k < i + n; k++) {
          b.append(String.format(Locale.ROOT, "\\u%04x", (int) s.charAt(k)));
        }
      } else {
        b.append(s, i, i + n);
      }
      i += n;
    }
    return b.toString();
  }

  /** A writer to {@code out} that escapes as {@link #escape}; already-wrapped writers are returned as they are. */
  public static PrintWriter writer(PrintWriter out) {
    if (out instanceof Escaping) {
      return out;
    }
    return new Escaping(out);
  }

  /** A PrintWriter whose characters pass the escaping filter (a high surrogate waits for its pair). */
  private static final class Escaping extends PrintWriter {
    Escaping(PrintWriter out) {
      super(new Filter(out), true);
    }
  }

  private static final class Filter extends FilterWriter {
    private char pendingHigh;

    Filter(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      char ch = (char) c;
      if (pendingHigh != 0) {
        char high = pendingHigh;
        pendingHigh = 0;
        if (Character.isLowSurrogate(ch)) {
          out.write(escape(new String(new char[] {high, ch})));
          return;
        }
        out.write(escape(String.valueOf(high)));
      }
      if (Character.isHighSurrogate(ch)) {
        pendingHigh = ch;
        return;
      }
      if (ch < 0x7f) {
        out.write(ch);
      } else {
        out.write(escape(String.valueOf(ch)));
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(cbuf[i]);
      }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(str.charAt(i));
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush(); // a pending high surrogate waits for its pair
    }

    @Override
    public void close() throws IOException {
      if (pendingHigh != 0) {
        out.write(escape(String.valueOf(pendingHigh)));
        pendingHigh = 0;
      }
      out.close();
    }
  }
}
