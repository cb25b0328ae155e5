package dev.sumdb4j.tlog.http;

import dev.sumdb4j.internal.RegularFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Remote} over a {@code file://} base, as the go command supports for GOPROXY (a module
 * cache's {@code cache/download} directory can serve a checksum database). A missing file is
 * {@link NotFoundException}. Returned bytes are untrusted.
 */
public final class FileRemote implements Remote {
  private final String base;
  private final Path dir;
  private final long maxBytes;

  private FileRemote(String base, Path dir, long maxBytes) {
    this.base = base;
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /**
   * A remote reading files under the {@code file://} URL {@code base}, each up to its kind's {@link
   * ResponseCaps} cap and never more than {@code maxBytes}.
   *
   * @param base the {@code file://} base URL
   * @param maxBytes the largest file read, of any kind
   * @return the remote
   */
  public static FileRemote of(String base, long maxBytes) {
    Objects.requireNonNull(base, "base");
    URI u = URI.create(base);
    if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("file")) {
      throw new IllegalArgumentException("not a file:// URL: " + base);
    }
    if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    return new FileRemote(base, Paths.get(u), maxBytes);
  }

  @Override
  public byte[] get(String path) throws IOException {
    String url = HttpFetcher.join(base, path);
    HttpFetcher.checkRequestPath(path, url);
    Path file = dir.resolve(path.substring(1));
    long cap = ResponseCaps.forPath(path, maxBytes);
    try {
      // A regular file (or a link to one, as the go command follows): a FIFO would block.
      return RegularFiles.read(file, (int) cap, true);
    } catch (RegularFiles.IrregularFileException e) {
      throw new IOException("response from " + url + ": " + e.getReason(), e);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(url, "reading " + url + ": no such file or directory");
    }
  }

  @Override
  public String toString() {
    return "FileRemote{" + base + "}";
  }
}
