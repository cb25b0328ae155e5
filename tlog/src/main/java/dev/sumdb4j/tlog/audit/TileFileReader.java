package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;

/**
 * Reads tile files of a {@link MirrorDir} into reused buffers, for the audit's per-tile loop: the
 * file name is built in a reused builder and opened by name, without a {@code Path} and a
 * {@code FileChannel} per file (less garbage, and much less code for the JIT to compile while a
 * run warms up). A file that cannot be opened is handed to {@link MirrorDir#readInto}, which tells
 * a missing file (null) from any other failure (an exception). One instance per thread.
 */
final class TileFileReader {
  private final MirrorDir dir;
  private final StringBuilder name;
  private final int rootLength;
  private int length;

  TileFileReader(MirrorDir dir) {
    this.dir = dir;
    this.name = new StringBuilder(dir.root().toString()).append('/');
    this.rootLength = name.length();
  }

  /** Returns the length in bytes of the file last read. */
  int length() {
    return length;
  }

  /**
   * Reads {@code tile} into {@code buf} (or into a larger array when it does not fit) and returns
   * the array holding it, its size being {@link #length()}; returns null if the mirror lacks it.
   *
   * @throws IOException if the file exists but cannot be read, is larger than any download of the
   *     tile could be ({@link MirrorDir#maxBytes}), or shrinks while being read
   */
  byte[] read(Tile tile, byte[] buf) throws IOException {
    name.setLength(rootLength);
    String file = tile.appendPath(name).toString();
    RandomAccessFile f;
    try {
      f = new RandomAccessFile(file, "r");
    } catch (FileNotFoundException e) {
      // also thrown for a directory or an unreadable file; its message names the file and why
      if (Files.notExists(dir.file(tile))) {
        return null;
      }
      throw e;
    }
    try (f) {
      long size = f.length();
      int max = MirrorDir.maxBytes(tile); // the cap its download had
      if (size > max) {
        throw new RegularFiles.IrregularFileException(dir.file(tile), "exceeds " + max + " bytes");
      }
      byte[] b = buf;
      if (b == null || b.length < size) {
        b = new byte[(int) Math.max(size, b == null ? 0 : b.length * 2L)];
      }
      try {
        f.readFully(b, 0, (int) size);
      } catch (EOFException e) {
        throw new IOException(file + ": file shrank while reading", e);
      }
      length = (int) size;
      return b;
    }
  }
}
