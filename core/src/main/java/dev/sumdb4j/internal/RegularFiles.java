package dev.sumdb4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads files that must be regular files, with a size cap: never a FIFO, a device, a socket or a
 * directory (opening a FIFO blocks until a writer comes, reading {@code /dev/zero} never ends) and,
 * unless the caller follows links, never a symbolic link. The type and size are checked from the
 * file's attributes before it is opened, and the read stops one byte past the cap.
 *
 * <p>Between the check and the open the file can be replaced (the JDK cannot open without blocking
 * on a FIFO); the check stops files that are irregular when looked at, which is what a cache or a
 * repository under check can arrange.
 */
public final class RegularFiles {
  private RegularFiles() {}

  /** A file that is not a regular file, or is larger than its kind allows; the message names the path. */
  public static final class IrregularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /** {@code file} is unusable for {@code reason}. */
    public IrregularFileException(Path file, String reason) {
      super(file.toString(), null, reason);
    }
  }

  /**
   * Returns the bytes of {@code file}, which must be a regular file of at most {@code max} bytes;
   * with {@code followLinks} a symbolic link to a regular file is read through, without it a link
   * is refused. Nothing of the content appears in any exception.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IrregularFileException if it is not a regular file (a FIFO, device, directory, or a
   *     link when not following links) or is larger than {@code max} bytes
   * @throws IOException if it cannot be read
   */
  public static byte[] read(Path file, int max, boolean followLinks) throws IOException {
    BasicFileAttributes a = check(file, max, followLinks);
    try (SeekableByteChannel ch = openChannel(file, followLinks)) {
      // Sized from the attributes just checked: one array, filled by one read for a small file,
      // then a one-byte read that must find the end (the file may have changed since the check).
      byte[] data = new byte[(int) a.size()];
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          return Arrays.copyOf(data, b.position()); // shrank since the check
        }
      }
      ByteBuffer probe = ByteBuffer.allocate(1);
      int n;
      do {
        n = ch.read(probe);
      } while (n == 0);
      if (n < 0) {
        return data;
      }
      // Grew since the check: read on, one byte past the cap at most.
      byte[] rest = Channels.newInputStream(ch).readNBytes(max - data.length);
      if ((long) data.length + 1 + rest.length > max) {
        throw tooLarge(file, max);
      }
      byte[] all = Arrays.copyOf(data, data.length + 1 + rest.length);
      all[data.length] = probe.get(0);
      System.arraycopy(rest, 0, all, data.length + 1, rest.length);
      return all;
    }
  }

  /**
   * Opens {@code file} for reading after checking, as {@link #read}, that it is a regular file of
   * at most {@code max} bytes (the caller bounds what it reads if the file may grow).
   *
   * @throws IrregularFileException if it is not a regular file or is larger than {@code max} bytes
   */
  public static InputStream open(Path file, long max, boolean followLinks) throws IOException {
    check(file, max, followLinks);
    return Channels.newInputStream(openChannel(file, followLinks));
  }

  /** Opens {@code file} for reading, refusing a symbolic link unless {@code followLinks}; no checks. */
  private static SeekableByteChannel openChannel(Path file, boolean followLinks) throws IOException {
    OpenOption[] options = followLinks
        ? new OpenOption[] {StandardOpenOption.READ}
        : new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    try {
      return Files.newByteChannel(file, options);
    } catch (FileSystemException e) {
      if (!followLinks && e.getReason() != null && e.getReason().contains("symbolic link")) {
        throw new IrregularFileException(file, "is a symbolic link, not a regular file");
      }
      throw e;
    }
  }

  /**
   * Checks that {@code file} is a regular file of at most {@code max} bytes.
   *
   * @throws IrregularFileException if it is not, naming the path and what it is
   */
  public static BasicFileAttributes check(Path file, long max, boolean followLinks) throws IOException {
    BasicFileAttributes a = followLinks
        ? Files.readAttributes(file, BasicFileAttributes.class)
        : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IrregularFileException(file, "is " + kind(a) + ", not a regular file");
    }
    if (a.size() > max) {
      throw tooLarge(file, max);
    }
    return a;
  }

  /** What an irregular file is, in words: {@code a symbolic link}, {@code a directory}, {@code a special file (FIFO, device or socket)}. */
  public static String kind(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isOther() ? "a special file (FIFO, device or socket)" : "a regular file";
  }

  private static IrregularFileException tooLarge(Path file, long max) {
    return new IrregularFileException(file, "exceeds " + max + " bytes");
  }
}
