package dev.sumdb4j.tlog.client;

import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.tlog.cache.SumdbStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Offline, a cached file failed authentication (it was authenticated when written, so the local
 * cache was damaged or tampered with). Online the client evicts such files and fetches them again;
 * offline it cannot, and names them in {@link #files()} (and, for a disk store, {@link #paths()}):
 * delete them, or go online.
 */
public class CorruptCacheException extends LocalStateException {
  private final List<String> files;

  /**
   * Creates the exception for the cache names in {@code files}, with the underlying reason.
   *
   * @param files the cache names of the files that failed authentication
   * @param reason why they failed
   * @param cause the underlying exception, or null
   */
  public CorruptCacheException(List<String> files, String reason, Throwable cause) {
    this(files, List.of(), reason, cause);
  }

  /**
   * Creates the exception for the cache names in {@code files}, kept in the files {@code paths}
   * (empty for a store that keeps no files), with the underlying reason.
   *
   * @param files the cache names of the files that failed authentication
   * @param paths the files they are kept in, or empty
   * @param reason why they failed
   * @param cause the underlying exception, or null
   */
  public CorruptCacheException(List<String> files, List<Path> paths, String reason, Throwable cause) {
    super("corrupt cache file" + (files.size() == 1 ? " " : "s ")
        + String.join(", ", paths.isEmpty() ? files : paths.stream().map(Path::toString).toList())
        + ": " + reason + " (offline: delete the file" + (files.size() == 1 ? "" : "s")
        + " or go online to fetch it again)", paths, cause);
    this.files = List.copyOf(files);
  }

  /** The exception for the cache names {@code files} of {@code store}, naming its files if it keeps any. */
  static CorruptCacheException in(SumdbStore store, List<String> files, String reason, Throwable cause) {
    List<Path> paths = new ArrayList<>();
    for (String f : files) {
      Optional<Path> p = store.pathOf(f);
      if (p.isEmpty()) {
        return new CorruptCacheException(files, List.of(), reason, cause);
      }
      paths.add(p.get());
    }
    return new CorruptCacheException(files, paths, reason, cause);
  }

  /** {@return the cache names of the files that failed authentication} */
  public List<String> files() {
    return files;
  }
}
