package dev.sumdb4j.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens the lock files and append-only logs a run keeps beside its state ({@code latest.lock},
 * a watch history, an audit state directory) for writing, creating them if needed: never through
 * a symbolic link (a link planted in a restored cache would have the run create or write a file
 * elsewhere) and never a FIFO, device or directory (opening a FIFO for writing blocks until a
 * reader comes: the run would hang). The type is checked before the open and again on the opened
 * path, as {@link RegularFiles} does for reads.
 */
public final class StateFiles {
  private StateFiles() {}

  /**
   * Opens {@code file} for writing (and reading, unless {@code append}), creating it if it does
   * not exist.
   *
   * @param file the lock or log file
   * @param append whether every write goes to the end of the file
   * @return the open channel
   * @throws RegularFiles.IrregularFileException if {@code file} is a symbolic link, a FIFO, a
   *     device, a socket or a directory, naming it and what it is
   * @throws IOException if it cannot be created or opened
   */
  public static FileChannel openForWrite(Path file, boolean append) throws IOException {
    checkRegularIfPresent(file);
    // READ as well (O_RDWR) where the channel allows it: a FIFO put there since the check then
    // opens at once instead of blocking, and is refused below.
    FileChannel ch = append
        ? RegularFiles.openNoFollow(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
        : RegularFiles.openNoFollow(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      try {
        ch.position(); // lseek on what was opened: fails on a FIFO, device or socket
      } catch (IOException e) {
        throw new RegularFiles.IrregularFileException(file,
            "was replaced by a special file (FIFO, device or socket) while being opened");
      }
      checkRegularIfPresent(file);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
    return ch;
  }

  /**
   * Creates {@code dir}, which is {@code root} or below it, and the directories between them; each
   * one below {@code root} must be a directory, not a link to one, so that no write lands outside
   * {@code root} (links above it, such as a cache moved to another disk, are followed).
   *
   * @param root the directory whose tree is written
   * @param dir the directory to create, {@code root} or below it
   * @throws FileSystemException if a path between them is a link or not a directory, naming it
   * @throws IOException if a directory cannot be created
   */
  public static void createDirectoriesBelow(Path root, Path dir) throws IOException {
    if (!dir.startsWith(root)) {
      throw new IllegalArgumentException(dir + " is not below " + root);
    }
    Files.createDirectories(root);
    Path d = root;
    for (Path name : root.relativize(dir)) {
      if (name.toString().isEmpty()) {
        continue; // dir is root
      }
      d = d.resolve(name);
      try {
        Files.createDirectory(d);
      } catch (FileAlreadyExistsException e) {
        BasicFileAttributes a = Files.readAttributes(d, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
          throw new FileSystemException(d.toString(), null, RegularFiles.kind(a) + ", not a directory");
        }
      }
    }
  }

  private static void checkRegularIfPresent(Path file) throws IOException {
    try {
      RegularFiles.check(file, Long.MAX_VALUE, false);
    } catch (NoSuchFileException e) {
      // made by the open
    }
  }
}
