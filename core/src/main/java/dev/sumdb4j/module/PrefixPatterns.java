package dev.sumdb4j.module;

/**
 * Module path prefix patterns, as in {@code GONOSUMDB}, {@code GOPRIVATE}, {@code GONOPROXY} and
 * {@code GOINSECURE} (Go {@code module.MatchPrefixPatterns}).
 *
 * <p>The list is comma-separated, with no whitespace trimming; empty entries are skipped and one
 * trailing {@code /} is removed from each. A pattern with N slashes is matched, with Go {@code
 * path.Match} semantics, against the first N+1 elements of the module path: {@code *} matches any
 * run of characters other than {@code /}, {@code ?} one such character, {@code [a-z]} and
 * {@code [^...]} character classes, {@code \} escapes. Malformed patterns (such as {@code [})
 * never match. Examples: {@code *.corp.example.com} matches {@code git.corp.example.com/xyzzy};
 * {@code rsc.io} and {@code *}{@code /quote} match {@code rsc.io/quote/v3}; {@code *quo*} does
 * not match {@code rsc.io/quote}.
 */
public final class PrefixPatterns {
  private PrefixPatterns() {}

  /**
   * Reports whether some path prefix of {@code modulePath} matches one of the glob patterns in
   * {@code commaSeparatedGlobs}. Never throws for any strings; takes time at most proportional to
   * the pattern length times the path length for each pattern.
   *
   * @param commaSeparatedGlobs glob patterns separated by commas, as in GOPRIVATE or GONOSUMDB
   * @param modulePath the module path
   * @return true when a path prefix of the module path matches a pattern
   */
  public static boolean matches(String commaSeparatedGlobs, String modulePath) {
    String globs = commaSeparatedGlobs;
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
      String prefix = modulePath;
      for (int i = 0; i < modulePath.length(); i++) {
        if (modulePath.charAt(i) == '/') {
          if (n == 0) {
            prefix = modulePath.substring(0, i);
            break;
          }
          n--;
        }
      }
      if (n > 0) {
        continue; // not enough path elements
      }
      if (GoPathMatch.match(glob, prefix) == GoPathMatch.Result.MATCH) {
        return true;
      }
    }
    return false;
  }

  /**
   * Go {@code path.Match}: reports whether {@code name} matches the shell pattern {@code pattern}
   * in full. Returns false for a malformed pattern; use {@link #isWellFormed} to tell the two
   * apart.
   *
   * @param pattern the shell pattern
   * @param name the slash-separated name
   * @return true when the whole name matches a well-formed pattern
   */
  public static boolean pathMatch(String pattern, String name) {
    return GoPathMatch.match(pattern, name) == GoPathMatch.Result.MATCH;
  }

  /**
   * Reports whether Go's {@code path.Match} would reject {@code pattern} as malformed when
   * matching it against {@code name} (Go only reports errors it meets on the way, so the answer can
   * depend on the name).
   *
   * @param pattern the shell pattern
   * @param name the slash-separated name it is matched against
   * @return false when Go would report the pattern as malformed
   */
  public static boolean isWellFormed(String pattern, String name) {
    return GoPathMatch.match(pattern, name) != GoPathMatch.Result.BAD_PATTERN;
  }
}
