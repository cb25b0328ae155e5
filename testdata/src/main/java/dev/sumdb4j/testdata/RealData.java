package dev.sumdb4j.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real sum.golang.org artifacts in {@code ../shared/realdata} (read in place, never
 * copied). A test that needs them calls {@link #dir()}: it is skipped when the data is absent,
 * except under {@code CI=true}, where absence fails the test.
 */
public final class RealData {
  /** The verifier key of sum.golang.org. */
  public static final String SUM_GOLANG_ORG_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  private RealData() {}

  /** The realdata directory, or skips (fails under CI=true) when it is absent. */
  public static Path dir() {
    Path p = locate();
    if (p == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("../shared/realdata is absent, and CI=true requires it"
            + " (set -Dsumdb4j.realdata or SUMDB4J_REALDATA)");
      }
      Assumptions.abort("../shared/realdata is absent");
    }
    return p;
  }

  /** A path inside the realdata directory (skips or fails as {@link #dir()}). */
  public static Path resolve(String relative) {
    return dir().resolve(relative);
  }

  /** The repository root (where the parent pom.xml is). */
  public static Path projectRoot() {
    String prop = System.getProperty("sumdb4j.root");
    if (prop != null && Files.isRegularFile(Paths.get(prop, "pom.xml"))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    Path p = Paths.get("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("testdata")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new AssertionError("cannot find the sumdb4j project root from " + Paths.get("").toAbsolutePath());
  }

  private static Path locate() {
    for (String candidate : new String[] {System.getProperty("sumdb4j.realdata"), System.getenv("SUMDB4J_REALDATA")}) {
      if (candidate != null && Files.isDirectory(Paths.get(candidate, "checkpoints"))) {
        return Paths.get(candidate).toAbsolutePath().normalize();
      }
    }
    Path p = Paths.get("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("../shared/realdata").normalize();
      if (Files.isDirectory(c.resolve("checkpoints"))) {
        return c;
      }
      p = p.getParent();
    }
    return null;
  }
}
