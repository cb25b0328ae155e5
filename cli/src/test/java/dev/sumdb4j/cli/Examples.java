package dev.sumdb4j.cli;

import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The repository's {@code examples/}: the README's first command's real go.sum and go-command cache. */
final class Examples {
  private Examples() {}

  /** {@code examples/go.sum}. */
  static Path goSum() {
    return RealData.projectRoot().resolve("examples/go.sum");
  }

  /** A copy of {@code examples/gopath} at {@code dir/gopath} (tests may change it); returns the copy. */
  static Path copyGopath(Path dir) throws IOException {
    Path from = RealData.projectRoot().resolve("examples/gopath");
    Path to = dir.resolve("gopath");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        Files.createDirectories(t.getParent());
        Files.copy(f, t);
      }
    }
    return to;
  }
}
