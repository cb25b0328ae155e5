package dev.sumdb4j.module;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code path.Match} (Go 1.19 semantics), on the UTF-8 bytes of pattern and name, exactly as
 * Go sees strings. Chunks are matched left to right and a star only retries the following chunk at
 * later offsets (no backtracking into earlier chunks), so the work is at most
 * O(|pattern| · |name|).
 */
final class GoPathMatch {
  /** Outcome of a match: matched, not matched, or the pattern is malformed (Go's ErrBadPattern). */
  enum Result { MATCH, NO_MATCH, BAD_PATTERN }

  private static final int RUNE_ERROR = 0xfffd;

  private GoPathMatch() {}

  /** Matches {@code name} against the shell {@code pattern}. */
  static Result match(String pattern, String name) {
    return match(utf8(pattern), utf8(name));
  }

  static Result match(byte[] pattern, byte[] name) {
    int p = 0;
    int n = 0;
    pattern:
    while (p < pattern.length) {
      boolean star = false;
      while (p < pattern.length && pattern[p] == '*') {
        p++;
        star = true;
      }
      int chunkEnd = scanChunkEnd(pattern, p);
      int chunkStart = p;
      p = chunkEnd;
      if (star && chunkStart == chunkEnd) {
        // Trailing * matches the rest of the name unless it has a /.
        return indexOf(name, n, (byte) '/') < 0 ? Result.MATCH : Result.NO_MATCH;
      }
      int t = matchChunk(pattern, chunkStart, chunkEnd, name, n);
      if (t >= 0 && (t == name.length || p < pattern.length)) {
        n = t;
        continue;
      }
      if (t == BAD) {
        return Result.BAD_PATTERN;
      }
      if (star) {
        for (int i = n; i < name.length && name[i] != '/'; i++) {
          int u = matchChunk(pattern, chunkStart, chunkEnd, name, i + 1);
          if (u >= 0) {
            if (p == pattern.length && u < name.length) {
              continue;
            }
            n = u;
            continue pattern;
          }
          if (u == BAD) {
            return Result.BAD_PATTERN;
          }
        }
      }
      // Before reporting no match, check that the rest of the pattern is well formed.
      while (p < pattern.length) {
        while (p < pattern.length && pattern[p] == '*') {
          p++;
        }
        int end = scanChunkEnd(pattern, p);
        if (matchChunk(pattern, p, end, name, name.length) == BAD) {
          return Result.BAD_PATTERN;
        }
        p = end;
      }
      return Result.NO_MATCH;
    }
    return n == name.length ? Result.MATCH : Result.NO_MATCH;
  }

  /** The end of the non-star chunk starting at {@code p} (Go scanChunk). */
  private static int scanChunkEnd(byte[] pattern, int p) {
    boolean inRange = false;
    int i;
    scan:
    for (i = p; i < pattern.length; i++) {
      switch (pattern[i]) {
        case '\\':
          if (i + 1 < pattern.length) {
            i++;
          }
          break;
        case '[':
          inRange = true;
          break;
        case ']':
          inRange = false;
          break;
        case '*':
          if (!inRange) {
            break scan;
          }
          break;
        default:
          break;
      }
    }
    return i;
  }

  private static final int FAIL = -1;
  private static final int BAD = -2;

  /**
   * Go matchChunk: matches chunk pattern[c, end) at name[s...]; returns the name offset after the
   * match, FAIL, or BAD when the chunk is malformed (checked even after the match has failed).
   */
  private static int matchChunk(byte[] pattern, int c, int end, byte[] name, int s) {
    boolean failed = false;
    long[] esc = new long[1];
    while (c < end) {
      if (!failed && s == name.length) {
        failed = true;
      }
      switch (pattern[c]) {
        case '[': {
          int r = 0;
          if (!failed) {
            long d = decodeRune(name, s, name.length);
            r = (int) (d >>> 32);
            s += (int) d;
          }
          c++;
          boolean negated = false;
          if (c < end && pattern[c] == '^') {
            negated = true;
            c++;
          }
          boolean match = false;
          int nrange = 0;
          while (true) {
            if (c < end && pattern[c] == ']' && nrange > 0) {
              c++;
              break;
            }
            c = getEsc(pattern, c, end, esc);
            if (c < 0) {
              return BAD;
            }
            int lo = (int) esc[0];
            int hi = lo;
            if (pattern[c] == '-') {
              c = getEsc(pattern, c + 1, end, esc);
              if (c < 0) {
                return BAD;
              }
              hi = (int) esc[0];
            }
            if (lo <= r && r <= hi) {
              match = true;
            }
            nrange++;
          }
          if (match == negated) {
            failed = true;
          }
          break;
        }
        case '?':
          if (!failed) {
            if (name[s] == '/') {
              failed = true;
            }
            s += (int) decodeRune(name, s, name.length);
          }
          c++;
          break;
        case '\\':
          c++;
          if (c == end) {
            return BAD;
          }
          // fall through: the escaped byte is a literal
          if (!failed) {
            if (pattern[c] != name[s]) {
              failed = true;
            }
            s++;
          }
          c++;
          break;
        default:
          if (!failed) {
            if (pattern[c] != name[s]) {
              failed = true;
            }
            s++;
          }
          c++;
          break;
      }
    }
    return failed ? FAIL : s;
  }

  /**
   * Go getEsc: reads a possibly escaped rune of a character class at pattern[c, end) into
   * out[0]; returns the new offset, or -1 when malformed (also when nothing follows it).
   */
  private static int getEsc(byte[] pattern, int c, int end, long[] out) {
    if (c >= end || pattern[c] == '-' || pattern[c] == ']') {
      return -1;
    }
    if (pattern[c] == '\\') {
      c++;
      if (c >= end) {
        return -1;
      }
    }
    long d = decodeRune(pattern, c, end);
    int r = (int) (d >>> 32);
    int n = (int) d;
    if (r == RUNE_ERROR && n == 1) {
      return -1;
    }
    c += n;
    if (c >= end) {
      return -1;
    }
    out[0] = r;
    return c;
  }

  /**
   * Go utf8.DecodeRune on b[i, end): (rune << 32) | width; an invalid or empty sequence decodes as
   * U+FFFD of width 1 (width 0 when empty).
   */
  static long decodeRune(byte[] b, int i, int end) {
    if (i >= end) {
      return ((long) RUNE_ERROR << 32);
    }
    long r = dev.sumdb4j.internal.Codecs.decodeUtf8(b, i, end);
    return r < 0 ? ((long) RUNE_ERROR << 32) | 1 : r;
  }

  private static int indexOf(byte[] b, int from, byte x) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** UTF-8 bytes of {@code s}; a lone surrogate becomes U+FFFD, as in Go's UTF-16 conversions. */
  static byte[] utf8(String s) {
    CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(new byte[] {(byte) 0xef, (byte) 0xbf, (byte) 0xbd});
    try {
      ByteBuffer bb = enc.encode(CharBuffer.wrap(s));
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new AssertionError("bad math in utf8: replacement cannot fail", e);
    }
  }
}
