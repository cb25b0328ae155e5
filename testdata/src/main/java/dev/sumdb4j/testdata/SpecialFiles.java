package dev.sumdb4j.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes special files for tests of code that must read regular files only: a FIFO (opening it
 * blocks until a writer comes) via {@code mkfifo}; the test is skipped where that is unavailable.
 */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** Makes a FIFO at {@code path} (its parent must exist), or skips the test when {@code mkfifo} is unavailable. */
  public static Path fifo(Path path) {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
      Assumptions.assumeTrue(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
          "mkfifo made no special file");
    } catch (IOException e) {
      Assumptions.abort("mkfifo is unavailable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Assumptions.abort("interrupted running mkfifo");
    }
    return path;
  }
}
