package dev.sumdb4j.tlog.watch;

import java.io.IOException;
import java.nio.file.Path;

/** Another run holds the lock on a watch state directory (transient: try again later). */
public class StateLockedException extends IOException {
  private final Path dir;

  /**
   * The state directory {@code dir} is locked.
   *
   * @param dir the state directory
   */
  public StateLockedException(Path dir) {
    super("another watch run holds the lock on " + dir.resolve(CheckpointHistory.LOCK_FILE) + "; try again later");
    this.dir = dir;
  }

  /** {@return the locked state directory} */
  public Path dir() {
    return dir;
  }
}
