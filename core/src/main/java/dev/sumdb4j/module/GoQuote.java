package dev.sumdb4j.module;

import java.util.Locale;

/**
 * Go's {@code %q} for strings and runes (strconv.Quote / QuoteRune), so that error messages read
 * exactly like the go command's. A lone UTF-16 surrogate (which Go strings cannot hold) is shown as
 * {@code \\uXXXX}.
 */
final class GoQuote {
  private GoQuote() {}

  /** Go {@code strconv.Quote(s)}. */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(b, cp, '"');
    }
    return b.append('"').toString();
  }

  /** Go {@code strconv.QuoteRune(r)}. */
  static String rune(int cp) {
    StringBuilder b = new StringBuilder("'");
    appendEscaped(b, cp, '\'');
    return b.append('\'').toString();
  }

  private static void appendEscaped(StringBuilder b, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      b.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrint(cp)) {
      b.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07: b.append("\\a"); return;
      case '\b': b.append("\\b"); return;
      case '\f': b.append("\\f"); return;
      case '\n': b.append("\\n"); return;
      case '\r': b.append("\\r"); return;
      case '\t': b.append("\\t"); return;
      case 0x0b: b.append("\\v"); return;
      default:
        if (cp < ' ' || cp == 0x7f) {
          b.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else if (cp < 0x10000) {
          b.append(String.format(Locale.ROOT, "\\u%04x", cp));
        } else {
          b.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
    }
  }

  /** Go {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER: case Character.LOWERCASE_LETTER: case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER: case Character.OTHER_LETTER:
      case Character.NON_SPACING_MARK: case Character.ENCLOSING_MARK: case Character.COMBINING_SPACING_MARK:
      case Character.DECIMAL_DIGIT_NUMBER: case Character.LETTER_NUMBER: case Character.OTHER_NUMBER:
      case Character.CONNECTOR_PUNCTUATION: case Character.DASH_PUNCTUATION: case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION: case Character.INITIAL_QUOTE_PUNCTUATION: case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
      case Character.MATH_SYMBOL: case Character.CURRENCY_SYMBOL: case Character.MODIFIER_SYMBOL: case Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }
}
