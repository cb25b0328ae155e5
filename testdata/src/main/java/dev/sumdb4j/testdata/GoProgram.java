package dev.sumdb4j.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds a Go reference program of this repository (GOPATH mode, Debian's x/mod 0.7.0) once per
 * JVM into {@code target/go/} of the calling module. Without the Go toolchain the calling test is
 * skipped, except under {@code CI=true}, where it fails.
 */
public final class GoProgram {
  private static final Map<String, Path> BUILT = new HashMap<>();

  private GoProgram() {}

  /** The binary built from {@code sourceDir} (relative to the repository root), e.g. {@code testdata/proxyaudit}. */
  public static synchronized Path build(String sourceDir) throws IOException {
    Path done = BUILT.get(sourceDir);
    if (done != null) {
      return done;
    }
    Path go = findGo();
    if (go == null || !Files.isDirectory(Path.of("/usr/share/gocode/src/golang.org/x/mod"))) {
      String why = "the Go toolchain and golang.org/x/mod are not installed (Debian: golang-go golang-golang-x-mod-dev)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    Path root = RealData.projectRoot();
    Path outDir = Path.of("target", "go").toAbsolutePath();
    Files.createDirectories(outDir);
    Path out = outDir.resolve(sourceDir.replace('/', '-'));
    ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", out.toString(), ".")
        .directory(root.resolve(sourceDir).toFile()).redirectErrorStream(true);
    pb.environment().put("GO111MODULE", "off");
    pb.environment().put("GOPATH", "/usr/share/gocode");
    pb.environment().remove("GOFLAGS");
    if (System.getenv("HOME") == null && System.getenv("GOCACHE") == null) {
      pb.environment().put("GOCACHE", outDir.resolve("cache").toString());
    }
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("go build " + sourceDir + " failed:\n" + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    BUILT.put(sourceDir, out);
    return out;
  }

  /**
   * The installed {@code go} command (for tests that compare with the go command itself). Without
   * it the calling test is skipped, except under {@code CI=true}, where it fails.
   */
  public static Path goCommand() {
    Path go = findGo();
    if (go == null) {
      String why = "the Go toolchain is not installed (Debian: golang-go)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    return go;
  }

  private static Path findGo() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
    dirs.add("/usr/lib/go/bin");
    for (String dir : dirs) {
      Path go = Path.of(dir.isEmpty() ? "." : dir, "go");
      if (Files.isExecutable(go)) {
        return go;
      }
    }
    return null;
  }
}
