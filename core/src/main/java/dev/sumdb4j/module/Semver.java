package dev.sumdb4j.module;

/**
 * Go's {@code golang.org/x/mod/semver} rules, restated: {@code v} MAJOR [. MINOR [. PATCH
 * [-prerelease] [+build]]], numbers without leading zeros, identifiers from {@code [0-9A-Za-z-]},
 * numeric prerelease identifiers without leading zeros. The shorthands {@code v1} and {@code v1.2}
 * are valid (canonically {@code v1.0.0}, {@code v1.2.0}) but take no prerelease or build.
 */
final class Semver {
  /** A parsed version; {@code short} is the suffix that completes a shorthand (".0.0", ".0" or ""). */
  record Parsed(String major, String minor, String patch, String shortSuffix, String prerelease, String build) {}

  private Semver() {}

  /** Parses {@code v}, or returns null when it is not a semantic version. */
  static Parsed parse(String v) {
    if (v.isEmpty() || v.charAt(0) != 'v') {
      return null;
    }
    int[] pos = {1};
    String major = parseInt(v, pos);
    if (major == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, "0", "0", ".0.0", "", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    String minor = parseInt(v, pos);
    if (minor == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, minor, "0", ".0", "", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    String patch = parseInt(v, pos);
    if (patch == null) {
      return null;
    }
    int i = pos[0];
    String prerelease = "";
    if (i < v.length() && v.charAt(i) == '-') {
      int end = identifiers(v, i + 1, true);
      if (end < 0) {
        return null;
      }
      prerelease = v.substring(i, end);
      i = end;
    }
    String build = "";
    if (i < v.length() && v.charAt(i) == '+') {
      int end = identifiers(v, i + 1, false);
      if (end < 0 || end != v.length()) {
        return null;
      }
      build = v.substring(i, end);
      i = end;
    }
    return i == v.length() ? new Parsed(major, minor, patch, "", prerelease, build) : null;
  }

  /** Reports whether {@code v} is a semantic version (Go {@code semver.IsValid}). */
  static boolean isValid(String v) {
    return parse(v) != null;
  }

  /** Go {@code semver.Canonical}: the canonical form without build metadata, or "" if invalid. */
  static String canonical(String v) {
    Parsed p = parse(v);
    if (p == null) {
      return "";
    }
    if (!p.build().isEmpty()) {
      return v.substring(0, v.length() - p.build().length());
    }
    return v + p.shortSuffix();
  }

  /** Go {@code module.CanonicalVersion}: {@link #canonical} keeping a {@code +incompatible} build. */
  static String canonicalVersion(String v) {
    String c = canonical(v);
    return "+incompatible".equals(build(v)) ? c + "+incompatible" : c;
  }

  /** Go {@code semver.Major}: "v" + major, or "" if invalid. */
  static String major(String v) {
    Parsed p = parse(v);
    return p == null ? "" : "v" + p.major();
  }

  /** Go {@code semver.Build}: the build suffix including "+", or "". */
  static String build(String v) {
    Parsed p = parse(v);
    return p == null ? "" : p.build();
  }

  private static String parseInt(String v, int[] pos) {
    int start = pos[0];
    int i = start;
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (i == start || (v.charAt(start) == '0' && i != start + 1)) {
      return null;
    }
    pos[0] = i;
    return v.substring(start, i);
  }

  /**
   * Scans dot-separated identifiers from {@code from}; a prerelease stops at '+', a build runs to
   * the end. Returns the end index, or -1 when an identifier is empty, has a bad character, or
   * (prerelease only) is a number with a leading zero.
   */
  private static int identifiers(String v, int from, boolean prerelease) {
    int i = from;
    int start = from;
    while (i < v.length() && !(prerelease && v.charAt(i) == '+')) {
      char c = v.charAt(i);
      if (c == '.') {
        if (start == i || (prerelease && isBadNum(v, start, i))) {
          return -1;
        }
        start = i + 1;
      } else if (!isIdentChar(c)) {
        return -1;
      }
      i++;
    }
    if (start == i || (prerelease && isBadNum(v, start, i))) {
      return -1;
    }
    return i;
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static boolean isBadNum(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return to - from > 1 && v.charAt(from) == '0';
  }
}
