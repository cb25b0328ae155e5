package dev.sumdb4j.tlog.config;

/**
 * Go's {@code module.MatchPrefixPatterns} over {@code path.Match}. An interim copy until {@code
 * dev.sumdb4j.module.PrefixPatterns} (branch {@code formats}) is on main; then delegate to it.
 */
final class Globs {
  private Globs() {}

  /** Signals a malformed pattern (Go's {@code path.ErrBadPattern}). */
  private static final class BadPattern extends Exception {
    BadPattern() {
      super("syntax error in pattern", null, false, false);
    }
  }

  private static final BadPattern BAD = new BadPattern();

  /** Whether any comma-separated glob matches a leading run of {@code target}'s path elements. */
  static boolean matchPrefixPatterns(String globs, String target) {
    while (!globs.isEmpty()) {
      String glob;
      int comma = globs.indexOf(',');
      if (comma >= 0) {
        glob = globs.substring(0, comma);
        globs = globs.substring(comma + 1);
      } else {
        glob = globs;
        globs = "";
      }
      if (glob.endsWith("/")) {
        glob = glob.substring(0, glob.length() - 1);
      }
      if (glob.isEmpty()) {
        continue;
      }
      int n = 0;
      for (int i = 0; i < glob.length(); i++) {
        if (glob.charAt(i) == '/') {
          n++;
        }
      }
      String prefix = target;
      for (int i = 0; i < target.length(); i++) {
        if (target.charAt(i) == '/') {
          if (n == 0) {
            prefix = target.substring(0, i);
            break;
          }
          n--;
        }
      }
      if (n > 0) {
        continue;
      }
      if (match(glob, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code path.Match}; a malformed pattern matches nothing. */
  static boolean match(String pattern, String name) {
    try {
      return match(pattern.codePoints().toArray(), name.codePoints().toArray());
    } catch (BadPattern e) {
      return false;
    }
  }

  private static boolean match(int[] p, int[] s) throws BadPattern {
    int pi = 0;
    int si = 0;
    pattern:
    while (pi < p.length) {
      boolean star = false;
      while (pi < p.length && p[pi] == '*') {
        pi++;
        star = true;
      }
      int chunkStart = pi;
      int chunkEnd = scanChunkEnd(p, pi);
      pi = chunkEnd;
      if (star && chunkStart == chunkEnd) {
        for (int i = si; i < s.length; i++) {
          if (s[i] == '/') {
            return false;
          }
        }
        return true;
      }
      int t = matchChunk(p, chunkStart, chunkEnd, s, si);
      if (t >= 0 && (t == s.length || pi < p.length)) {
        si = t;
        continue;
      }
      if (star) {
        for (int i = si; i < s.length && s[i] != '/'; i++) {
          int t2 = matchChunk(p, chunkStart, chunkEnd, s, i + 1);
          if (t2 >= 0) {
            if (pi == p.length && t2 < s.length) {
              continue;
            }
            si = t2;
            continue pattern;
          }
        }
      }
      // Check that the rest of the pattern is well-formed before answering false.
      while (pi < p.length) {
        while (pi < p.length && p[pi] == '*') {
          pi++;
        }
        int end = scanChunkEnd(p, pi);
        matchChunk(p, pi, end, new int[0], 0);
        pi = end;
      }
      return false;
    }
    return si == s.length;
  }

  private static int scanChunkEnd(int[] p, int i) {
    boolean inRange = false;
    for (; i < p.length; i++) {
      switch (p[i]) {
        case '\\':
          if (i + 1 < p.length) {
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
            return i;
          }
          break;
        default:
          break;
      }
    }
    return i;
  }

  /** Matches p[c..end) at s[si..]; returns the index after the match, or -1. */
  private static int matchChunk(int[] p, int c, int end, int[] s, int si) throws BadPattern {
    boolean failed = false;
    while (c < end) {
      if (!failed && si >= s.length) {
        failed = true;
      }
      int ch = p[c];
      if (ch == '[') {
        int r = 0;
        if (!failed) {
          r = s[si++];
        }
        c++;
        boolean negated = false;
        if (c < end && p[c] == '^') {
          negated = true;
          c++;
        }
        boolean match = false;
        int nrange = 0;
        while (true) {
          if (c < end && p[c] == ']' && nrange > 0) {
            c++;
            break;
          }
          int[] esc = getEsc(p, c, end);
          int lo = esc[0];
          int hi = lo;
          c = esc[1];
          if (p[c] == '-') {
            esc = getEsc(p, c + 1, end);
            hi = esc[0];
            c = esc[1];
          }
          if (lo <= r && r <= hi) {
            match = true;
          }
          nrange++;
        }
        if (match == negated) {
          failed = true;
        }
      } else if (ch == '?') {
        if (!failed) {
          if (s[si] == '/') {
            failed = true;
          }
          si++;
        }
        c++;
      } else {
        if (ch == '\\') {
          c++;
          if (c >= end) {
            throw BAD;
          }
        }
        if (!failed) {
          if (p[c] != s[si]) {
            failed = true;
          }
          si++;
        }
        c++;
      }
    }
    return failed ? -1 : si;
  }

  /** {rune, next index}; the next index is always < end (else the pattern is malformed). */
  private static int[] getEsc(int[] p, int c, int end) throws BadPattern {
    if (c >= end || p[c] == '-' || p[c] == ']') {
      throw BAD;
    }
    if (p[c] == '\\') {
      c++;
      if (c >= end) {
        throw BAD;
      }
    }
    int r = p[c];
    c++;
    if (c >= end) {
      throw BAD;
    }
    return new int[] {r, c};
  }
}
