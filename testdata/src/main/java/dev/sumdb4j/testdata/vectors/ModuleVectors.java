package dev.sumdb4j.testdata.vectors;

import java.util.List;

/** The module path vectors ({@code vectors/module/paths.json}). */
public final class ModuleVectors {
  private ModuleVectors() {}

  /** CheckPath's verdict for {@code path} (Go's error and reason when rejected) and EscapePath's result. */
  public record PathVec(String path, boolean checkPathOk, String goError, String goReason, String escaped) {}

  /** EscapeVersion's result for {@code version}, or Go's error. */
  public record VersionVec(String version, boolean ok, String escaped, String goError) {}

  /** UnescapePath's result for {@code escaped}. */
  public record Unescape(String escaped, boolean ok, String result) {}

  /** {@code module/paths.json}. */
  public record PathsFile(String desc, String source, List<PathVec> paths, List<VersionVec> versions,
      List<Unescape> unescapePaths) {}

  /** Loads {@code module/paths.json}. */
  public static PathsFile paths() {
    return Vectors.load("module/paths.json", PathsFile.class);
  }
}
