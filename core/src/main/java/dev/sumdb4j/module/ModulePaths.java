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
  private ModulePaths() {}

  /**
   * Checks that {@code path} is a valid module path (Go {@code module.CheckPath}): a valid import
   * path whose first element is a lower-case domain name containing a dot, whose elements do not
   * start with a dot, and whose major-version suffix, if any, is {@code /vN} with N ≥ 2 (or
   * {@code .vN}[{@code -unstable}] for {@code gopkg.in/} paths).
   *
   * @param path the module path
   * @throws MalformedInputException {@code malformed module path "<path>": <reason>}
   */
  public static void checkPath(String path) throws MalformedInputException {
    String reason = PathRules.modulePathReason(path);
    if (reason != null) {
      throw bad("malformed module path " + GoQuote.string(path) + ": " + reason);
    }
  }

  /**
   * Checks that {@code path} is a valid package import path (Go {@code module.CheckImportPath}).
   *
   * @param path the import path
   * @throws MalformedInputException {@code malformed import path "<path>": <reason>}
   */
  public static void checkImportPath(String path) throws MalformedInputException {
    String reason = PathRules.pathReason(path, PathRules.Kind.IMPORT);
    if (reason != null) {
      throw bad("malformed import path " + GoQuote.string(path) + ": " + reason);
    }
  }

  /**
   * Checks that {@code path} is a valid slash-separated file path inside a module (Go {@code
   * module.CheckFilePath}).
   *
   * @param path the file path
   * @throws MalformedInputException {@code malformed file path "<path>": <reason>}
   */
  public static void checkFilePath(String path) throws MalformedInputException {
    String reason = PathRules.pathReason(path, PathRules.Kind.FILE);
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
   * @param version the version
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
   * @param path the module path
   * @param version the version
   * @throws MalformedInputException as {@link #checkPath}, or {@code <path>@<version>: invalid
   *     version: <reason>}
   */
  public static void check(String path, String version) throws MalformedInputException {
    checkPath(path);
    String reason = versionReason(version);
    if (reason == null) {
      String pathMajor = PathRules.splitPathVersion(path)[1];
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
   * @param path the module path
   * @return the escaped path
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
   * @param version the version
   * @return the escaped version
   * @throws MalformedInputException {@code version "<v>" invalid: disallowed version string}
   */
  public static String escapeVersion(String version) throws MalformedInputException {
    if (PathRules.elemReason(version, PathRules.Kind.FILE) != null || version.indexOf('!') >= 0) {
      throw bad("version " + GoQuote.string(version) + " invalid: disallowed version string");
    }
    return escapeString(version);
  }

  /**
   * Inverts {@link #escapePath} (Go {@code module.UnescapePath}): {@code !x} becomes {@code X};
   * a bare upper-case letter, a non-ASCII character, or a {@code !} not followed by a lower-case
   * letter is invalid, and the result must pass {@link #checkPath}.
   *
   * @param escaped the escaped module path
   * @return the module path
   * @throws MalformedInputException {@code invalid escaped module path "<escaped>"[: <why>]}
   */
  public static String unescapePath(String escaped) throws MalformedInputException {
    String path = unescapeString(escaped);
    if (path == null) {
      throw bad("invalid escaped module path " + GoQuote.string(escaped));
    }
    String reason = PathRules.modulePathReason(path);
    if (reason != null) {
      throw bad("invalid escaped module path " + GoQuote.string(escaped) + ": malformed module path "
          + GoQuote.string(path) + ": " + reason);
    }
    return path;
  }

  /**
   * Inverts {@link #escapeVersion} (Go {@code module.UnescapeVersion}).
   *
   * @param escaped the escaped version
   * @return the version
   * @throws MalformedInputException {@code invalid escaped version "<v>"[: <why>]}
   */
  public static String unescapeVersion(String escaped) throws MalformedInputException {
    String v = unescapeString(escaped);
    if (v == null) {
      throw bad("invalid escaped version " + GoQuote.string(escaped));
    }
    String reason = PathRules.elemReason(v, PathRules.Kind.FILE);
    if (reason != null) {
      throw bad("invalid escaped version " + GoQuote.string(v) + ": " + reason);
    }
    return v;
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

  private static MalformedInputException bad(String message) {
    return new MalformedInputException("", -1, message);
  }
}
