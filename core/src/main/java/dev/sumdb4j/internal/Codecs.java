package dev.sumdb4j.internal;

import dev.sumdb4j.MalformedInputException;
import java.util.Base64;
import java.util.Locale;

/**
 * Strict codecs shared by every parser: canonical padded base64, canonical decimal, and the
 * signed-note character rules (strict UTF-8, no control characters but newline).
 *
 * <p>Not API: this package may change without notice.
 */
public final class Codecs {
  private static final Base64.Decoder DECODER = Base64.getDecoder();
  private static final Base64.Encoder ENCODER = Base64.getEncoder();

  private Codecs() {}

  /** Encodes {@code b} as standard padded base64. */
  public static String base64(byte[] b) {
    return ENCODER.encodeToString(b);
  }

  /**
   * Decodes standard, padded, canonical base64 (re-encoding gives back exactly {@code s}), or
   * returns null. Go's StdEncoding also requires padding; we additionally reject non-zero unused
   * bits, which no honest encoder produces.
   */
  public static byte[] decodeBase64OrNull(String s) {
    if (s.isEmpty() || s.length() % 4 != 0) {
      return s.isEmpty() ? new byte[0] : null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || (c == '=' && i >= s.length() - 2);
      if (!ok) {
        return null;
      }
    }
    byte[] out;
    try {
      out = DECODER.decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ENCODER.encodeToString(out).equals(s) ? out : null;
  }

  /** As {@link #decodeBase64OrNull}, throwing a {@link MalformedInputException} naming {@code what}. */
  public static byte[] decodeBase64(String s, String source, String what) throws MalformedInputException {
    byte[] b = decodeBase64OrNull(s);
    if (b == null) {
      throw new MalformedInputException(source, -1, "malformed base64 in " + what + ": " + quote(s));
    }
    return b;
  }

  /**
   * Parses a canonical non-negative decimal (ASCII digits only, no sign, no leading zeros, fits in
   * a long), or returns -1.
   */
  public static long parseCanonicalDecimal(String s) {
    if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
      if (v < 0) {
        return -1;
      }
    }
    return v;
  }

  /**
   * Returns the byte offset of the first byte of {@code b} that breaks the signed-note character
   * rules (invalid or overlong UTF-8, a surrogate, or a code point below U+0020 other than
   * newline), or -1 when all of {@code b} is fine. DEL and C1 controls are allowed, as in Go.
   */
  public static int firstBadNoteChar(byte[] b) {
    return firstBadNoteChar(b, 0, b.length);
  }

  /** As {@link #firstBadNoteChar(byte[])} over {@code b[from, to)}. */
  public static int firstBadNoteChar(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c < 0x20 && c != '\n') {
          return i;
        }
        i++;
        continue;
      }
      int n = utf8SequenceLength(b, i, to);
      if (n < 0) {
        return i;
      }
      i += n;
    }
    return -1;
  }

  /** Length of the valid UTF-8 sequence at b[i] (a non-ASCII lead byte), or -1. */
  private static int utf8SequenceLength(byte[] b, int i, int to) {
    long r = decodeUtf8(b, i, to);
    return r < 0 ? -1 : (int) r;
  }

  /**
   * Decodes the strict UTF-8 sequence at {@code b[i]} (before {@code to}): returns {@code
   * (codePoint << 32) | length}, or -1 if the bytes there are not the shortest encoding of a
   * Unicode scalar value (or {@code i >= to}).
   */
  public static long decodeUtf8(byte[] b, int i, int to) {
    if (i >= to) {
      return -1;
    }
    int c = b[i] & 0xff;
    if (c < 0x80) {
      return ((long) c << 32) | 1;
    }
    int n;
    int min;
    int cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + n > to) {
      return -1;
    }
    for (int k = 1; k < n; k++) {
      int cc = b[i + k] & 0xff;
      if ((cc & 0xc0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return -1;
    }
    return ((long) cp << 32) | n;
  }

  /**
   * Whether {@code cp} must never reach a message as itself, because a terminal would act on it: a
   * C0 control (U+0000-U+001F), DEL, a C1 control (U+0080-U+009F), or a bidirectional control
   * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which can make text read in another
   * order than it is. The one test of library messages that show server or file data ({@link
   * #quote}, the server responses in HTTP errors).
   */
  public static boolean isUnsafeControl(int cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f
        || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
  }

  /**
   * Quotes {@code s} for an error message, truncated to 64 characters, escaping every {@linkplain
   * #isUnsafeControl unsafe control}: newline as {@code \n}, other C0 controls and DEL as {@code
   * \xNN}, C1 and bidirectional controls as a backslash, {@code u} and four hex digits (as the
   * command line escapes them).
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    int limit = Math.min(s.length(), 64);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else if (isUnsafeControl(c)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
