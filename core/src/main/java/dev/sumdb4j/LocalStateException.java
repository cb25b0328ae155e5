package dev.sumdb4j;

import java.nio.file.Path;
import java.util.List;

/**
 * Local state that fails its checks: a cache or state file (a cached tile or lookup, the stored
 * {@code latest} note, a watch history) that was checked when it was written and no longer is, so
 * it was damaged (a truncated write, a disk fault) or tampered with. The files are named in
 * {@link #paths()} (empty for state kept in memory); the message says how to recover (delete the
 * files, or go online to fetch the data again).
 *
 * <p>This is not a network failure: retrying does not help until the files are repaired. Online,
 * sumdb4j's client fetches a damaged cached tile or lookup again without reporting it.
 */
public class LocalStateException extends SumdbException {
  private final transient List<Path> paths;

  /**
   * Reports that local files fail their checks.
   *
   * @param message what failed and how to recover
   * @param paths the damaged files (may be empty)
   * @param cause the failed check, or null
   */
  public LocalStateException(String message, List<Path> paths, Throwable cause) {
    super(message, cause);
    this.paths = List.copyOf(paths);
  }

  /** {@return the damaged files, or an empty list when the state is not kept in files} */
  public List<Path> paths() {
    return paths == null ? List.of() : paths;
  }
}
