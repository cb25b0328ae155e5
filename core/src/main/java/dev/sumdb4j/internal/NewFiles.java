package dev.sumdb4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes files that must be new (evidence, signed notes, proofs): never through a symbolic link at
 * the target, never over an existing file, and atomically. The content goes to a temporary file
 * created exclusively ({@code CREATE_NEW}) in the target's directory and synced; it is then
 * hard-linked to the target name, which fails if anything (a file, a directory, a link, even a
 * dangling one) is there, and the temporary name is removed. So a reader sees a complete file or
 * none, and nothing that was at the name is touched.
 *
 * <p>On a file system without hard links the temporary file is moved to the name without
 * replacing (the JDK checks the name with {@code lstat} first: atomic except against a racing writer).
 */
public final class NewFiles {
  /** How many {@code -N} names {@link #writeFresh} tries before giving up. */
  public static final int MAX_FRESH_NAMES = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private NewFiles() {}

  /**
   * Writes {@code data} to the new file {@code target}, creating its parent directories.
   *
   * @throws FileAlreadyExistsException if anything is at {@code target} (it is left as it was)
   * @throws IOException if writing fails (no partial file is left at {@code target})
   */
  public static void writeExclusive(Path target, byte[] data) throws IOException {
    Path tmp = writeTemp(target, data);
    try {
      publish(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes {@code data} to {@code target} if nothing is there, else to the first free name of
   * {@code <stem>-1<ext>}, {@code <stem>-2<ext>}, ... beside it ({@code evidence.json} then {@code
   * evidence-1.json}); returns the path written, which the caller should tell the user.
   *
   * @throws IOException if writing fails, or no free name was found in {@value #MAX_FRESH_NAMES} tries
   */
  public static Path writeFresh(Path target, byte[] data) throws IOException {
    Path tmp = writeTemp(target, data);
    try {
      for (int i = 0; i < MAX_FRESH_NAMES; i++) {
        Path name = i == 0 ? target : numbered(target, i);
        try {
          publish(tmp, name);
          return name;
        } catch (FileAlreadyExistsException e) {
          // keep what is there: take the next name
        }
      }
      throw new FileSystemException(target.toString(), null,
          "no free name after " + MAX_FRESH_NAMES + " tries (" + numbered(target, 1) + " ...)");
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code dir/stem-N.ext} for {@code dir/stem.ext} ({@code dir/name-N} without an extension). */
  static Path numbered(Path target, int n) {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
    return target.resolveSibling(numbered);
  }

  /** A synced temporary file beside {@code target}, created exclusively, holding {@code data}. */
  private static Path writeTemp(Path target, byte[] data) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || abs.getFileName() == null) {
      throw new FileSystemException(target.toString(), null, "not a file name");
    }
    Files.createDirectories(dir);
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    Path tmp = dir.resolve("." + abs.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return tmp;
  }

  /** Gives the complete {@code tmp} the name {@code target} unless something is there. */
  private static void publish(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (e instanceof FileSystemException f && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString(), null, f.getReason());
      }
      Files.move(tmp, target); // no REPLACE_EXISTING: fails if anything is at target
    }
  }
}
