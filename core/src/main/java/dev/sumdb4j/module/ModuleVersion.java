package dev.sumdb4j.module;

import dev.sumdb4j.MalformedInputException;

/**
 * A module version as the checksum database knows it: a valid module path and a canonical version
 * whose major version matches the path ({@link ModulePaths#check}). Written {@code path@version},
 * unescaped.
 *
 * @param path the module path, e.g. {@code rsc.io/quote}
 * @param version the version, e.g. {@code v1.5.2} (never with a {@code /go.mod} suffix)
 */
public record ModuleVersion(String path, String version) {
  /**
   * Validates like {@link #of}. A record's constructor cannot throw a checked exception, so an
   * invalid pair here is a programming error; use {@link #of} or {@link #parse} for untrusted input.
   *
   * @param path the module path
   * @param version the version
   * @throws IllegalArgumentException if the pair is invalid
   */
  public ModuleVersion {
    if (path == null || version == null) {
      throw new IllegalArgumentException("module path and version must not be null");
    }
    try {
      ModulePaths.check(path, version);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Returns the module version {@code path}@{@code version} after checking it.
   *
   * @param path the module path
   * @param version the version
   * @return the checked module version
   * @throws MalformedInputException as {@link ModulePaths#check}
   */
  public static ModuleVersion of(String path, String version) throws MalformedInputException {
    ModulePaths.check(path, version);
    return new ModuleVersion(path, version);
  }

  /**
   * Parses {@code path@version}. The split is at the first {@code @}, since module paths cannot
   * contain one.
   *
   * @param pathAtVersion the module version, {@code path@version}
   * @return the checked module version
   * @throws MalformedInputException when there is no {@code @} or the parts are invalid
   */
  public static ModuleVersion parse(String pathAtVersion) throws MalformedInputException {
    int at = pathAtVersion.indexOf('@');
    if (at < 0) {
      throw new MalformedInputException("", -1,
          "malformed module version " + GoQuote.string(pathAtVersion) + ": missing @version");
    }
    return of(pathAtVersion.substring(0, at), pathAtVersion.substring(at + 1));
  }

  /**
   * The escaped form used in proxy and checksum-database URLs and cache names: {@code
   * escapePath(path)@escapeVersion(version)}, e.g. {@code github.com/!azure/sdk@v1.0.0}.
   *
   * @return the escaped form
   */
  public String escaped() {
    try {
      return ModulePaths.escapePath(path) + "@" + ModulePaths.escapeVersion(version);
    } catch (MalformedInputException e) {
      throw new AssertionError("bad math in escaped: a checked module version must escape", e);
    }
  }

  /** Returns {@code path@version}. */
  @Override
  public String toString() {
    return path + "@" + version;
  }
}
