package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
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
    try (InputStream in = Files.newInputStream(file)) {
      long cap = ResponseCaps.forPath(path, maxBytes);
      byte[] data = in.readNBytes((int) cap + 1);
      if (data.length > cap) {
        throw new IOException("response from " + url + " exceeds " + cap + " bytes");
      }
      return data;
    } catch (NoSuchFileException e) {
      throw new NotFoundException(url, "reading " + url + ": no such file or directory");
    }
  }

  @Override
  public String toString() {
    return "FileRemote{" + base + "}";
  }
}
