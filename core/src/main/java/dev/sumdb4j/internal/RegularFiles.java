package dev.sumdb4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads files that must be regular files, with a size cap: never a FIFO, a device, a socket or a
 * directory (opening a FIFO blocks until a writer comes, reading {@code /dev/zero} never ends) and,
 * unless the caller follows links, never a symbolic link. The read stops one byte past the cap.
 *
 * <p>Opening is check, open, check again, as far as the JDK allows (it has no {@code O_NONBLOCK}
 * open and no {@code fstat} of an open channel):
 * <ol>
 *   <li>the path's attributes are read ({@code lstat} unless following links) and anything but a
 *       regular file within the cap is refused <em>before</em> opening, so a FIFO at the path
 *       cannot make the open block;
 *   <li>the file is opened with {@link LinkOption#NOFOLLOW_LINKS} unless following links
 *       ({@code O_NOFOLLOW}: the kernel refuses a link swapped in after the check);
 *   <li>what was opened is checked through the channel itself: {@code position()} fails on a
 *       pipe, FIFO, socket or terminal ({@code lseek}: "Illegal seek"), and {@code size()} (an
 *       {@code fstat}) must be within the cap;
 *   <li>the path's attributes are read again and must name the same file ({@code fileKey}, that is
 *       device and inode) as the first check. A file replaced in between by another regular file
 *       (a concurrent writer renaming a new copy into place) is checked and opened again, twice at
 *       most; a file that keeps changing is refused.
 * </ol>
 * What remains: a FIFO swapped in between the first check and the open, with no writer, blocks
 * the open (the JDK cannot open without blocking); and a regular file swapped in and back again
 * around the open is read as if it were the file checked.
 */
public final class RegularFiles {
  private RegularFiles() {}

  /** How many times a file replaced between its check and its open is checked and opened. */
  static final int ATTEMPTS = 3;

  /** A file that is not a regular file, or is larger than its kind allows; the message names the path. */
  public static final class IrregularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /** {@code file} is unusable for {@code reason}. */
    public IrregularFileException(Path file, String reason) {
      super(file.toString(), null, reason);
    }
  }

  /**
   * A test seam: what happens between the steps of opening a file ({@link #NONE} outside tests),
   * where a test swaps the file as an attacker racing the check would.
   */
  interface Race {
    /** Nothing happens between the steps. */
    Race NONE = new Race() {};

    /** Runs after the path's attributes were checked, before the file is opened. */
    default void beforeOpen() throws IOException {}

    /** Runs after the file was opened, before what was opened is checked. */
    default void afterOpen() throws IOException {}
  }

  /**
   * Returns the bytes of {@code file}, which must be a regular file of at most {@code max} bytes;
   * with {@code followLinks} a symbolic link to a regular file is read through, without it a link
   * is refused. Nothing of the content appears in any exception.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IrregularFileException if it is not a regular file (a FIFO, device, directory, or a
   *     link when not following links), is larger than {@code max} bytes, or was replaced while
   *     being opened
   * @throws IOException if it cannot be read
   */
  public static byte[] read(Path file, int max, boolean followLinks) throws IOException {
    return read(file, max, followLinks, Race.NONE);
  }

  /** As {@link #read(Path, int, boolean)}, with {@code race} run between the steps of opening. */
  static byte[] read(Path file, int max, boolean followLinks, Race race) throws IOException {
    try (FileChannel ch = channel(file, max, followLinks, race)) {
      // Sized from the opened file's own size: one array, filled by one read for a small file,
      // then a one-byte read that must find the end (the file may grow while it is read).
      byte[] data = new byte[(int) ch.size()];
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
   * @throws IrregularFileException if it is not a regular file, is larger than {@code max} bytes,
   *     or was replaced while being opened
   */
  public static InputStream open(Path file, long max, boolean followLinks) throws IOException {
    return Channels.newInputStream(channel(file, max, followLinks));
  }

  /**
   * Opens {@code file} for reading as {@link #open} does, as a channel (the caller bounds what it
   * reads if the file may grow).
   *
   * @param file the file
   * @param max the largest size accepted
   * @param followLinks whether a symbolic link to a regular file is read through
   * @return the open channel, a regular file of at most {@code max} bytes when checked
   * @throws IrregularFileException if it is not a regular file, is larger than {@code max} bytes,
   *     or was replaced while being opened
   * @throws IOException if it cannot be opened
   */
  public static FileChannel channel(Path file, long max, boolean followLinks) throws IOException {
    return channel(file, max, followLinks, Race.NONE);
  }

  /** Check, open, check what was opened (see the class documentation); {@code race} runs between. */
  static FileChannel channel(Path file, long max, boolean followLinks, Race race) throws IOException {
    for (int attempt = 1; ; attempt++) {
      BasicFileAttributes before = check(file, max, followLinks); // a FIFO is refused before it can block
      race.beforeOpen();
      FileChannel ch = openChannel(file, followLinks);
      boolean ok = false;
      try {
        race.afterOpen();
        try {
          ch.position(); // lseek: fails on a pipe, FIFO, socket or terminal
        } catch (IOException e) {
          throw new IrregularFileException(file, "was replaced by a special file (FIFO, device or socket) while being opened");
        }
        if (ch.size() > max) {
          throw tooLarge(file, max);
        }
        if (sameFile(file, followLinks, before)) {
          ok = true;
          return ch;
        }
        if (attempt == ATTEMPTS) {
          throw new IrregularFileException(file, "was replaced while being opened, " + ATTEMPTS + " times");
        }
      } finally {
        if (!ok) {
          ch.close();
        }
      }
    }
  }

  /** Whether the regular file now at {@code file} is the one {@code before} described. */
  private static boolean sameFile(Path file, boolean followLinks, BasicFileAttributes before) throws IOException {
    BasicFileAttributes now;
    try {
      now = attributes(file, followLinks);
    } catch (NoSuchFileException e) {
      return false;
    }
    return now.isRegularFile() && Objects.equals(before.fileKey(), now.fileKey());
  }

  /** Opens {@code file} for reading, refusing a symbolic link unless {@code followLinks}; no checks. */
  private static FileChannel openChannel(Path file, boolean followLinks) throws IOException {
    return followLinks ? FileChannel.open(file, StandardOpenOption.READ) : openNoFollow(file, StandardOpenOption.READ);
  }

  /**
   * Opens {@code file} with {@code options} and {@link LinkOption#NOFOLLOW_LINKS}; a symbolic link
   * there is refused with an {@link IrregularFileException} that says so. No other checks.
   */
  static FileChannel openNoFollow(Path file, OpenOption... options) throws IOException {
    OpenOption[] all = Arrays.copyOf(options, options.length + 1);
    all[options.length] = LinkOption.NOFOLLOW_LINKS;
    try {
      return FileChannel.open(file, all);
    } catch (IOException e) {
      // O_NOFOLLOW's ELOOP reaches us as a plain IOException ("Too many levels of symbolic links
      // (NOFOLLOW_LINKS specified)"), so look at what is there now rather than at the message.
      if (Files.isSymbolicLink(file)) {
        IrregularFileException link = new IrregularFileException(file, "is a symbolic link, not a regular file");
        link.initCause(e);
        throw link;
      }
      throw e;
    }
  }

  private static BasicFileAttributes attributes(Path file, boolean followLinks) throws IOException {
    return followLinks
        ? Files.readAttributes(file, BasicFileAttributes.class)
        : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Checks that {@code file} is a regular file of at most {@code max} bytes.
   *
   * @throws IrregularFileException if it is not, naming the path and what it is
   */
  public static BasicFileAttributes check(Path file, long max, boolean followLinks) throws IOException {
    BasicFileAttributes a = attributes(file, followLinks);
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
