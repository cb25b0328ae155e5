package dev.sumdb4j.tlog.client;

import java.io.IOException;
import java.util.List;

/**
 * Offline, a cached file failed authentication (it was authenticated when written, so the local
 * cache was damaged or tampered with). Online the client evicts such files and fetches them again;
 * offline it cannot, and names them in {@link #files()}: delete them, or go online.
 */
public class CorruptCacheException extends IOException {
  private final List<String> files;

  /** Creates the exception for the cache names in {@code files}, with the underlying reason. */
  public CorruptCacheException(List<String> files, String reason, Throwable cause) {
    super("corrupt cache file" + (files.size() == 1 ? " " : "s ") + String.join(", ", files)
        + ": " + reason + " (offline: delete the file" + (files.size() == 1 ? "" : "s")
        + " or go online to fetch it again)", cause);
    this.files = List.copyOf(files);
  }

  /** The cache names of the files that failed authentication. */
  public List<String> files() {
    return files;
  }
}
