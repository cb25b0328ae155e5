package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import java.nio.file.Path;

/**
 * The directory given as a mirror is not one: it has no {@code latest} file, so {@code audit
 * mirror} never made it: a usage mistake (the input the user gave), not a failed check.
 */
public final class NotAMirrorException extends MalformedInputException {
  private static final long serialVersionUID = 1L;

  private final Path dir;

  /**
   * {@code dir} is not a mirror.
   *
   * @param dir the directory
   */
  public NotAMirrorException(Path dir) {
    super(dir.toString(), 0, -1, "is not a mirror: it has no latest file (make one with: sumdb4j audit mirror --dir "
        + dir + ")");
    this.dir = dir;
  }

  /** {@return the directory that is not a mirror} */
  public Path dir() {
    return dir;
  }
}
