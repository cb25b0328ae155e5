package dev.sumdb4j.tlog.audit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another audit run (mirror, verify or compare) is using the mirror or the state directory; try
 * again when it is done.
 */
public class MirrorLockedException extends IOException {
  private final Path lockFile;

  /**
   * The mirror or state directory whose lock is {@code lockFile} is in use.
   *
   * @param lockFile the lock file
   */
  public MirrorLockedException(Path lockFile) {
    super("another audit run (mirror, verify or compare) is using this mirror (it holds " + lockFile
        + "); try again when it has finished");
    this.lockFile = lockFile;
  }

  /** {@return the lock file held by the other run} */
  public Path lockFile() {
    return lockFile;
  }
}
