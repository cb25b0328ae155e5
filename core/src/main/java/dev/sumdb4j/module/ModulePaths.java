package dev.sumdb4j.module;

import dev.sumdb4j.MalformedInputException;

/**
 * Module path and version rules of {@code golang.org/x/mod/module}: validation ({@link
 * #checkPath}, {@link #checkVersion}, {@link #check}) and the case-escaping used in proxy and
 * checksum-database URLs and cache file names ({@link #escapePath}, {@link #escapeVersion} and
 * their inverses).
 *
 * <p>Every failure is a {@link MalformedInputException} whose message is the go command's text,
 * for example {@code malformed module path "abc": missing dot in first path element} or {@code
 * version "v1.0.0!" invalid: disallowed version string}. Its {@code source} is empty: the message
 * already names the offending value.
 *
 * <p>Java strings cannot hold the invalid UTF-8 that Go strings can; a lone UTF-16 surrogate plays
 * that role here and is reported as {@code invalid UTF-8}.
 */
public final class ModulePaths {
  private static final String[] BAD_WINDOWS_NAMES = {
    "CON", "PRN", "AUX", "NUL",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
  };

  private enum Kind { MODULE, IMPORT, FILE }

  private ModulePaths() {}

  /**
   * Checks that {@code path} is a valid module path (Go {@code module.CheckPath}): a valid import
   * path whose first element is a lower-case domain name containing a dot, whose elements do not
   * start with a dot, and whose major-version suffix, if any, is {@code /vN} with N ≥ 2 (or
   * {@code .vN}[{@code -unstable}] for {@code gopkg.in/} paths).
   *
   * @throws MalformedInputException {@code malformed module path "<path>": <reason>}
   */
  public static void checkPath(String path) throws MalformedInputException {
    String reason = modulePathReason(path);
    if (reason != null) {
      throw bad("malformed module path " + GoQuote.string(path) + ": " + reason);
    }
  }

  /**
   * Checks that {@code path} is a valid package import path (Go {@code module.CheckImportPath}).
   *
   * @throws MalformedInputException {@code malformed import path "<path>": <reason>}
   */
  public static void checkImportPath(String path) throws MalformedInputException {
    String reason = pathReason(path, Kind.IMPORT);
    if (reason != null) {
      throw bad("malformed import path " + GoQuote.string(path) + ": " + reason);
    }
  }

  /**
   * Checks that {@code path} is a valid slash-separated file path inside a module (Go {@code
   * module.CheckFilePath}).
   *
   * @throws MalformedInputException {@code malformed file path "<path>": <reason>}
   */
  public static void checkFilePath(String path) throws MalformedInputException {
    String reason = pathReason(path, Kind.FILE);
    if (reason != null) {
      throw bad("malformed file path " + GoQuote.string(path) + ": " + reason);
    }
  }

  /**
   * Checks that {@code version} is a version the checksum database can hold: a semantic version
   * (Go {@code semver.IsValid}) in canonical form {@code vMAJOR.MINOR.PATCH[-prerelease]} (no
   * shorthand like {@code v1.2}, no build metadata), optionally followed by {@code +incompatible},
   * which is only allowed for major versions 2 and above (the go command's rule). Pseudo-versions
   * are canonical semantic versions and pass. The {@code /go.mod} suffix of go.sum lines is not a
   * version and fails.
   *
   * @throws MalformedInputException {@code version "<v>" invalid: <reason>}, the reason being
   *     {@code not a semantic version}, {@code not a canonical version (want "<canonical>")} or
   *     {@code +incompatible suffix not allowed: major version vN is compatible}
   */
  public static void checkVersion(String version) throws MalformedInputException {
    String reason = versionReason(version);
    if (reason != null) {
      throw bad("version " + GoQuote.string(version) + " invalid: " + reason);
    }
  }

  /**
   * Checks a module path and version together (Go {@code module.Check}, plus {@link
   * #checkVersion}): both valid, and the version's major version matches the path's suffix
   * ({@code /v2} needs v2.x.y; no suffix needs v0, v1 or {@code +incompatible}; {@code gopkg.in}
   * {@code .v1} also accepts {@code v0.0.0-} pseudo-versions).
   *
   * @throws MalformedInputException as {@link #checkPath}, or {@code <path>@<version>: invalid
   *     version: <reason>}
   */
  public static void check(String path, String version) throws MalformedInputException {
    checkPath(path);
    String reason = versionReason(version);
    if (reason == null) {
      String pathMajor = splitPathVersion(path)[1];
      reason = pathMajorReason(version, pathMajor);
    }
    if (reason != null) {
      throw bad(path + "@" + version + ": invalid version: " + reason);
    }
  }

  /**
   * Returns {@code path} with every ASCII upper-case letter {@code X} replaced by {@code !x}, after
   * checking it with {@link #checkPath} (Go {@code module.EscapePath}).
   *
   * @throws MalformedInputException if the path is not a valid module path
   */
  public static String escapePath(String path) throws MalformedInputException {
    checkPath(path);
    return escapeString(path);
  }

  /**
   * Returns the escaped form of {@code version} (Go {@code module.EscapeVersion}): it must be a
   * valid file name element (no {@code /}) without {@code !}; ASCII upper-case letters become
   * {@code !} + lower case. Non-semantic versions such as {@code latest} are allowed.
   *
   * @throws MalformedInputException {@code version "<v>" invalid: disallowed version string}
   */
  public static String escapeVersion(String version) throws MalformedInputException {
    if (elemReason(version, Kind.FILE) != null || version.indexOf('!') >= 0) {
      throw bad("version " + GoQuote.string(version) + " invalid: disallowed version string");
    }
    return escapeString(version);
  }

  /**
   * Inverts {@link #escapePath} (Go {@code module.UnescapePath}): {@code !x} becomes {@code X};
   * a bare upper-case letter, a non-ASCII character, or a {@code !} not followed by a lower-case
   * letter is invalid, and the result must pass {@link #checkPath}.
   *
   * @throws MalformedInputException {@code invalid escaped module path "<escaped>"[: <why>]}
   */
  public static String unescapePath(String escaped) throws MalformedInputException {
    String path = unescapeString(escaped);
    if (path == null) {
      throw bad("invalid escaped module path " + GoQuote.string(escaped));
    }
    String reason = modulePathReason(path);
    if (reason != null) {
      throw bad("invalid escaped module path " + GoQuote.string(escaped) + ": malformed module path "
          + GoQuote.string(path) + ": " + reason);
    }
    return path;
  }

  /**
   * Inverts {@link #escapeVersion} (Go {@code module.UnescapeVersion}).
   *
   * @throws MalformedInputException {@code invalid escaped version "<v>"[: <why>]}
   */
  public static String unescapeVersion(String escaped) throws MalformedInputException {
    String v = unescapeString(escaped);
    if (v == null) {
      throw bad("invalid escaped version " + GoQuote.string(escaped));
    }
    String reason = elemReason(v, Kind.FILE);
    if (reason != null) {
      throw bad("invalid escaped version " + GoQuote.string(v) + ": " + reason);
    }
    return v;
  }

  /**
   * Splits {@code path} into prefix and major-version suffix (Go {@code module.SplitPathVersion}):
   * {@code {prefix, pathMajor}} where pathMajor is "", {@code /vN} (N ≥ 2) or, for gopkg.in,
   * {@code .vN[-unstable]}; returns null when the suffix is malformed (e.g. {@code /v1}, {@code
   * /v2.0}, {@code /v02}).
   */
  static String[] splitPathVersion(String path) {
    if (path.startsWith("gopkg.in/")) {
      return splitGopkgIn(path);
    }
    int i = path.length();
    boolean dot = false;
    while (i > 0 && (isDigit(path.charAt(i - 1)) || path.charAt(i - 1) == '.')) {
      if (path.charAt(i - 1) == '.') {
        dot = true;
      }
      i--;
    }
    if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
      return new String[] {path, ""};
    }
    String pathMajor = path.substring(i - 2);
    if (dot || pathMajor.length() <= 2 || pathMajor.charAt(2) == '0' || pathMajor.equals("/v1")) {
      return null;
    }
    return new String[] {path.substring(0, i - 2), pathMajor};
  }

  private static String[] splitGopkgIn(String path) {
    int i = path.length();
    if (path.endsWith("-unstable")) {
      i -= "-unstable".length();
    }
    while (i > 0 && isDigit(path.charAt(i - 1))) {
      i--;
    }
    if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
      return null;
    }
    String pathMajor = path.substring(i - 2);
    if (pathMajor.length() <= 2 || (pathMajor.charAt(2) == '0' && !pathMajor.equals(".v0"))) {
      return null;
    }
    return new String[] {path.substring(0, i - 2), pathMajor};
  }

  /** Go {@code module.CheckPathMajor} for a valid version; null when it matches. */
  private static String pathMajorReason(String v, String pathMajor) {
    if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
      pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
    }
    if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
      return null; // old gopkg.in pseudo-version bug, allowed by Go
    }
    String m = Semver.major(v);
    String want;
    if (pathMajor.isEmpty()) {
      if (m.equals("v0") || m.equals("v1") || Semver.build(v).equals("+incompatible")) {
        return null;
      }
      want = "v0 or v1";
    } else {
      if (m.equals(pathMajor.substring(1))) {
        return null;
      }
      want = pathMajor.substring(1);
    }
    return "should be " + want + ", not " + m;
  }

  private static String versionReason(String v) {
    Semver.Parsed p = Semver.parse(v);
    if (p == null) {
      return "not a semantic version";
    }
    String canonical = Semver.canonicalVersion(v);
    if (!canonical.equals(v)) {
      return "not a canonical version (want " + GoQuote.string(canonical) + ")";
    }
    if (p.build().equals("+incompatible") && (p.major().equals("0") || p.major().equals("1"))) {
      return "+incompatible suffix not allowed: major version v" + p.major() + " is compatible";
    }
    return null;
  }

  private static String modulePathReason(String path) {
    String reason = pathReason(path, Kind.MODULE);
    if (reason != null) {
      return reason;
    }
    int i = path.indexOf('/');
    if (i < 0) {
      i = path.length();
    }
    if (i == 0) {
      return "leading slash";
    }
    String first = path.substring(0, i);
    if (first.indexOf('.') < 0) {
      return "missing dot in first path element";
    }
    if (path.charAt(0) == '-') {
      return "leading dash in first path element";
    }
    for (int k = 0; k < first.length(); ) {
      int cp = first.codePointAt(k);
      k += Character.charCount(cp);
      if (!(cp == '-' || cp == '.' || isDigit(cp) || (cp >= 'a' && cp <= 'z'))) {
        return "invalid char " + GoQuote.rune(cp) + " in first path element";
      }
    }
    if (splitPathVersion(path) == null) {
      return "invalid version";
    }
    return null;
  }

  private static String pathReason(String path, Kind kind) {
    if (!isValidUtf16(path)) {
      return "invalid UTF-8";
    }
    if (path.isEmpty()) {
      return "empty string";
    }
    if (path.charAt(0) == '-' && kind != Kind.FILE) {
      return "leading dash";
    }
    if (path.contains("//")) {
      return "double slash";
    }
    if (path.charAt(path.length() - 1) == '/') {
      return "trailing slash";
    }
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      String reason = elemReason(path.substring(start, slash < 0 ? path.length() : slash), kind);
      if (reason != null) {
        return reason;
      }
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
  }

  private static String elemReason(String elem, Kind kind) {
    if (!isValidUtf16(elem)) {
      return "invalid UTF-8"; // only reachable for versions; paths are checked as a whole first
    }
    if (elem.isEmpty()) {
      return "empty path element";
    }
    if (elem.chars().allMatch(c -> c == '.')) {
      return "invalid path element " + GoQuote.string(elem);
    }
    if (elem.charAt(0) == '.' && kind == Kind.MODULE) {
      return "leading dot in path element";
    }
    if (elem.charAt(elem.length() - 1) == '.') {
      return "trailing dot in path element";
    }
    for (int k = 0; k < elem.length(); ) {
      int cp = elem.codePointAt(k);
      k += Character.charCount(cp);
      boolean ok;
      switch (kind) {
        case MODULE: ok = modPathOk(cp); break;
        case IMPORT: ok = modPathOk(cp) || cp == '+'; break;
        default: ok = fileNameOk(cp); break;
      }
      if (!ok) {
        return "invalid char " + GoQuote.rune(cp);
      }
    }
    int dot = elem.indexOf('.');
    String shortName = dot >= 0 ? elem.substring(0, dot) : elem;
    for (String bad : BAD_WINDOWS_NAMES) {
      if (asciiEqualFold(bad, shortName)) {
        return GoQuote.string(shortName) + " disallowed as path element component on Windows";
      }
    }
    if (kind == Kind.FILE) {
      return null;
    }
    int tilde = shortName.lastIndexOf('~');
    if (tilde >= 0 && tilde < shortName.length() - 1
        && shortName.substring(tilde + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "trailing tilde and digits in path element";
    }
    return null;
  }

  private static boolean modPathOk(int cp) {
    return cp == '-' || cp == '.' || cp == '_' || cp == '~' || isDigit(cp)
        || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  }

  private static boolean fileNameOk(int cp) {
    if (cp < 0x80) {
      return isDigit(cp) || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')
          || "!#$%&()+,-.=@[]^_{}~ ".indexOf(cp) >= 0;
    }
    return Character.isLetter(cp);
  }

  private static boolean asciiEqualFold(String upper, String s) {
    if (upper.length() != s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String escapeString(String s) throws MalformedInputException {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '!' || c >= 0x80) {
        throw bad("internal error: inconsistency in EscapePath");
      }
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        b.append('!').append((char) (c - 'A' + 'a'));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** Go's unescapeString: null when the escaping is invalid. */
  private static String unescapeString(String escaped) {
    StringBuilder b = new StringBuilder(escaped.length());
    boolean bang = false;
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      if (bang) {
        bang = false;
        if (c < 'a' || c > 'z') {
          return null;
        }
        b.append((char) (c - 'a' + 'A'));
      } else if (c == '!') {
        bang = true;
      } else if (c >= 'A' && c <= 'Z') {
        return null;
      } else {
        b.append(c);
      }
    }
    return bang ? null : b.toString();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static MalformedInputException bad(String message) {
    return new MalformedInputException("", -1, message);
  }
}
