package dev.sumdb4j.module;

/**
 * The element and path rules behind {@link ModulePaths} (Go {@code module.checkPath},
 * {@code checkElem}, {@code SplitPathVersion}). Each check returns Go's bare reason text, or null
 * when the input is fine.
 */
final class PathRules {
  private static final String[] BAD_WINDOWS_NAMES = {
    "CON", "PRN", "AUX", "NUL",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
  };

  enum Kind { MODULE, IMPORT, FILE }

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

  static String modulePathReason(String path) {
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

  static String pathReason(String path, Kind kind) {
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

  static String elemReason(String elem, Kind kind) {
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

  static boolean isDigit(int c) {
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

  private PathRules() {}
}
