package dev.sumdb4j.internal;

import dev.sumdb4j.MalformedInputException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip file read once and its structure checked strictly, for module zips ({@code ModuleZip},
 * {@code DirHash.hashZip}). A file of at most {@link #WHOLE_FILE_BYTES} is read whole with one
 * read; a larger one (up to the caller's cap) keeps its central directory in memory and is read at
 * offsets, entry by entry, so memory stays flat whatever the zip's size.
 *
 * <p>Accepts at least nothing the go command ({@code archive/zip}, Go 1.19) refuses, and refuses
 * more: the end of central directory record must end the file (an optional comment included); no
 * data before the first entry, no multi-disk archives; the central directory must hold exactly the
 * number of entries its end record says and end where that record (or the zip64 one) starts; every
 * entry's local header must be where the central directory says, carry the same name, and be
 * followed by its data (and data descriptor) before the central directory, with no two entries
 * overlapping (an overlapping-entries zip bomb is refused); names must be UTF-8; only stored and
 * deflated entries, none encrypted; a deflate stream must end exactly at its compressed size. When
 * read, an entry's content must have its declared size and CRC-32 (also when the central directory
 * says 0, which Go skips) and match the CRC-32 of a data descriptor. Zip64 records and extra fields
 * are read as Go reads them.
 *
 * <p>Not thread-safe: one thread reads an archive (each thread has its own inflater and buffers). A
 * file read whole goes into its opening thread's buffer (no new array per zip) until the archive is
 * closed; an archive cannot be read after {@link #close}.
 */
public final class ZipArchive implements AutoCloseable {
  /** Files up to this size (256 KiB) are read whole; larger ones entry by entry. */
  public static final int WHOLE_FILE_BYTES = 256 << 10;

  /** The most entries a caller may accept. */
  public static final int MAX_ENTRIES = 1 << 21;
  /** The largest file a caller may accept (1 TiB). */
  public static final long MAX_FILE_BYTES = 1L << 40;
  private static final int EOCD64_LOC_SIG = 0x07064b50;
  private static final int EOCD64_SIG = 0x06064b50;
  private static final int CEN_SIG = 0x02014b50;
  private static final int LOC_SIG = 0x04034b50;
  private static final int DESCRIPTOR_SIG = 0x08074b50;
  private static final int EOCD_LEN = 22;
  private static final int EOCD64_LOC_LEN = 20;
  private static final int EOCD64_LEN = 56;
  private static final int CEN_LEN = 46;
  private static final int LOC_LEN = 30;
  private static final long U32 = 0xffffffffL;
  private static final int CHUNK = 64 << 10;
  /** Not a zip flag: set in {@link #flags} when an entry's data descriptor starts with its signature. */
  private static final int SIGNED_DESCRIPTOR = 1 << 16;

  /** Per thread: one inflater (reset per entry), an output buffer and an input buffer for large files. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    final Inflater inflater = new Inflater(true);
    /** The buffer of whole-file reads (up to {@link #WHOLE_FILE_BYTES}), lent to one open archive at a time. */
    byte[] whole;
    boolean wholeInUse;
    final byte[] out = new byte[64 << 10];
    final CRC32 crc = new CRC32();
    byte[] in;
  }

  /** A zip that lists more entries than the caller accepts. */
  public static final class TooManyEntriesException extends MalformedInputException {
    private static final long serialVersionUID = 1L;
    private final long entries;

    TooManyEntriesException(String source, long offset, long entries, int limit) {
      super(source, offset, "malformed zip: zip has " + entries + " entries (limit is " + limit + ")");
      this.entries = entries;
    }

    /** {@return the number of entries the zip lists} */
    public long entries() {
      return entries;
    }
  }

  /** Receives an entry's content, chunk by chunk; must not keep or change {@code b}. */
  @FunctionalInterface
  public interface ContentSink {
    /**
     * Takes {@code len} bytes of content at {@code b[off]}.
     *
     * @param b the bytes (valid during the call only)
     * @param off where they start
     * @param len how many
     */
    void accept(byte[] b, int off, int len);
  }

  private final String source;
  /** The whole file, or null when reading at offsets. */
  private final byte[] data;
  private final FileChannel channel;
  private final long fileSize;
  private final String[] names;
  private final int[] methods;
  private final int[] flags;
  private final long[] crcs;
  private final long[] compressed;
  private final long[] uncompressed;
  private final long[] dataStart;
  /** The thread buffer {@link #data} is, given back on close. */
  private Scratch lent;
  private boolean closed;

  private ZipArchive(String source, byte[] data, FileChannel channel, long fileSize, int n) {
    this.source = source;
    this.data = data;
    this.channel = channel;
    this.fileSize = fileSize;
    this.names = new String[n];
    this.methods = new int[n];
    this.flags = new int[n];
    this.crcs = new long[n];
    this.compressed = new long[n];
    this.uncompressed = new long[n];
    this.dataStart = new long[n];
  }

  /**
   * Opens and checks the zip file {@code zip}, a regular file (never through a link) of at most
   * {@code maxFileBytes} bytes listing at most {@code maxEntries} entries.
   *
   * @param zip the file
   * @param maxFileBytes the largest file accepted
   * @param maxEntries the most entries accepted
   * @return the archive, to close after use
   * @throws MalformedInputException if it is not a zip by the rules above, or lists too many entries
   * @throws IOException if it cannot be read, is not a regular file, or is larger than {@code maxFileBytes}
   */
  public static ZipArchive open(Path zip, long maxFileBytes, int maxEntries) throws IOException, MalformedInputException {
    return open(zip, maxFileBytes, maxEntries, WHOLE_FILE_BYTES);
  }

  /**
   * As {@link #open(Path, long, int)}, reading the file whole only up to {@code wholeFileBytes}
   * (for tests: both ways of reading give the same results).
   *
   * @param zip the file
   * @param maxFileBytes the largest file accepted
   * @param maxEntries the most entries accepted
   * @param wholeFileBytes the largest file read whole
   * @return the archive, to close after use
   * @throws MalformedInputException if it is not a zip by the rules above, or lists too many entries
   * @throws IOException if it cannot be read, is not a regular file, or is larger than {@code maxFileBytes}
   */
  public static ZipArchive open(Path zip, long maxFileBytes, int maxEntries, int wholeFileBytes)
      throws IOException, MalformedInputException {
    FileChannel ch = RegularFiles.channel(zip, maxFileBytes, false); // checked, opened, checked again
    boolean ok = false;
    Scratch lent = null;
    try {
      long size = ch.size();
      if (size > maxFileBytes) {
        throw new RegularFiles.IrregularFileException(zip, "exceeds " + maxFileBytes + " bytes");
      }
      ZipArchive a;
      if (size <= wholeFileBytes) {
        // the thread's buffer when free (no zeroing, no garbage per zip), else a new array
        Scratch s = SCRATCH.get();
        byte[] all;
        if (!s.wholeInUse && size <= WHOLE_FILE_BYTES) {
          if (s.whole == null) {
            s.whole = new byte[WHOLE_FILE_BYTES];
          }
          all = s.whole;
          s.wholeInUse = true;
          lent = s;
        } else {
          all = new byte[(int) size];
        }
        readFully(ch, 0, all, (int) size, zip.toString());
        if (ch.read(ByteBuffer.allocate(1), size) > 0) {
          throw new IOException(zip + ": file grew while being read");
        }
        ch.close();
        a = parse(zip.toString(), all, null, size, maxEntries);
        a.lent = lent;
      } else {
        a = parse(zip.toString(), null, ch, size, maxEntries);
      }
      ok = true;
      return a;
    } finally {
      if (!ok) {
        ch.close();
        if (lent != null) {
          lent.wholeInUse = false;
        }
      }
    }
  }

  /**
   * Checks the zip held in {@code data}, as {@link #open} does with a file.
   *
   * @param source what the bytes are, for messages
   * @param data the zip (not copied: the caller must not change it)
   * @param maxEntries the most entries accepted
   * @return the archive
   * @throws MalformedInputException if it is not a zip by the rules above, or lists too many entries
   */
  public static ZipArchive of(String source, byte[] data, int maxEntries) throws MalformedInputException {
    return of(source, data, data.length, maxEntries);
  }

  /**
   * Checks the zip held in the first {@code length} bytes of {@code data}, as {@link #open} does
   * with a file of that length (the bytes after it are ignored).
   *
   * @param source what the bytes are, for messages
   * @param data holds the zip (not copied: the caller must not change it while the archive is used)
   * @param length the zip's length, at most {@code data.length}
   * @param maxEntries the most entries accepted
   * @return the archive
   * @throws MalformedInputException if it is not a zip by the rules above, or lists too many entries
   * @throws IndexOutOfBoundsException if {@code length} is negative or past the end of {@code data}
   */
  public static ZipArchive of(String source, byte[] data, int length, int maxEntries) throws MalformedInputException {
    Objects.checkFromIndexSize(0, length, data.length);
    try {
      return parse(source, data, null, length, maxEntries);
    } catch (MalformedInputException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("bad math: reading a byte array failed", e);
    }
  }

  /** Reads {@code len} bytes at {@code pos} into {@code b[0..len)}. */
  private static void readFully(FileChannel ch, long pos, byte[] b, int len, String source) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
    while (bb.hasRemaining()) {
      // at most CHUNK bytes a call: the JDK reads through a temporary direct buffer of that size, which each thread keeps
      bb.limit(Math.min(len, bb.position() + CHUNK));
      int n = ch.read(bb, pos + bb.position());
      if (n < 0) {
        throw new EOFException(source + ": file shrank while being read");
      }
      bb.limit(len);
    }
  }

  /** {@code len} bytes at {@code pos}: the whole-file array (returning {@code pos}) or read into a new array (returning 0). */
  private static final class Window {
    byte[] b;
    int off;
  }

  private static void window(byte[] data, FileChannel ch, String source, long size, long pos, int len, Window w)
      throws IOException, MalformedInputException {
    if (pos < 0 || len < 0 || pos > size - len) {
      // never happens (every caller checked its range); here so that no read can pass the file's end
      throw bad(source, pos, len + " bytes at offset " + pos + " are past the end of the file");
    }
    if (data != null) {
      w.b = data;
      w.off = (int) pos;
    } else {
      if (w.b == null || w.b.length < len) {
        w.b = new byte[len];
      }
      readFully(ch, pos, w.b, len, source);
      w.off = 0;
    }
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int i) {
    return (u16(b, i) | (long) u16(b, i + 2) << 16) & U32;
  }

  private static long u64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }

  private static MalformedInputException bad(String source, long offset, String reason) {
    return new MalformedInputException(source, offset, "malformed zip: " + reason);
  }

  private static ZipArchive parse(String source, byte[] data, FileChannel ch, long size, int maxEntries)
      throws IOException, MalformedInputException {
    if (maxEntries < 0 || maxEntries > MAX_ENTRIES || size > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("at most " + MAX_ENTRIES + " entries and " + MAX_FILE_BYTES + " bytes");
    }
    // The end of central directory record: the last signature whose comment reaches the end of the file.
    int tailLen = (int) Math.min(size, 0xffff + EOCD_LEN);
    Window w = new Window();
    window(data, ch, source, size, size - tailLen, tailLen, w);
    long eocd = -1;
    for (int i = w.off + tailLen - EOCD_LEN; i >= w.off; i--) {
      if (w.b[i] == 'P' && w.b[i + 1] == 'K' && w.b[i + 2] == 5 && w.b[i + 3] == 6) {
        long end = (i - w.off) + EOCD_LEN + u16(w.b, i + 20);
        if (end == tailLen) {
          eocd = size - tailLen + (i - w.off);
          break;
        }
        if (end < tailLen) {
          throw bad(source, size - tailLen + (i - w.off), "data after the end of central directory record");
        }
      }
    }
    if (eocd < 0) {
      throw bad(source, -1, "no end of central directory record (not a zip file, or truncated)");
    }
    int e = (int) (w.off + (eocd - (size - tailLen)));
    int disk = u16(w.b, e + 4);
    int cdDisk = u16(w.b, e + 6);
    long recordsHere = u16(w.b, e + 8);
    long records = u16(w.b, e + 10);
    long cdSize = u32(w.b, e + 12);
    long cdOffset = u32(w.b, e + 16);
    long cdEnd = eocd;
    // A zip64 end record, found through its locator just before this one: its values replace the
    // 32-bit ones that are maxed out, and must equal the others.
    long loc = eocd - EOCD64_LOC_LEN;
    if (loc >= 0) {
      Window lw = new Window();
      window(data, ch, source, size, loc, EOCD64_LOC_LEN, lw);
      if (u32(lw.b, lw.off) == EOCD64_LOC_SIG) {
        long e64 = u64(lw.b, lw.off + 8);
        if (u32(lw.b, lw.off + 4) != 0 || u32(lw.b, lw.off + 16) != 1) {
          throw bad(source, loc, "multi-disk zip64 archive");
        }
        if (e64 < 0 || e64 > loc - EOCD64_LEN) {
          throw bad(source, loc, "zip64 end of central directory offset " + e64 + " out of range");
        }
        Window ew = new Window();
        window(data, ch, source, size, e64, EOCD64_LEN, ew);
        int x = ew.off;
        if (u32(ew.b, x) != EOCD64_SIG) {
          throw bad(source, e64, "bad zip64 end of central directory signature");
        }
        long recordSize = u64(ew.b, x + 4);
        if (recordSize != EOCD64_LEN - 12 || e64 + EOCD64_LEN != loc) {
          throw bad(source, e64, "zip64 end of central directory record does not end at its locator");
        }
        if (u32(ew.b, x + 16) != 0 || u32(ew.b, x + 20) != 0 || disk != 0 || cdDisk != 0) {
          throw bad(source, e64, "multi-disk zip64 archive");
        }
        long[] z64 = {u64(ew.b, x + 24), u64(ew.b, x + 32), u64(ew.b, x + 40), u64(ew.b, x + 48)};
        long[] z32 = {recordsHere, records, cdSize, cdOffset};
        long[] max = {0xffff, 0xffff, U32, U32};
        for (int k = 0; k < 4; k++) {
          if (z32[k] != max[k] && z32[k] != z64[k]) {
            throw bad(source, e64, "zip64 end of central directory record disagrees with the end record");
          }
        }
        recordsHere = z64[0];
        records = z64[1];
        cdSize = z64[2];
        cdOffset = z64[3];
        cdEnd = e64;
      }
    }
    if (disk != 0 || cdDisk != 0 || recordsHere != records) {
      throw bad(source, eocd, "multi-disk archive");
    }
    if (cdSize < 0 || cdOffset < 0 || cdOffset > cdEnd || cdEnd - cdOffset != cdSize) {
      throw bad(source, eocd, "central directory at " + cdOffset + " (" + cdSize + " bytes) does not end at "
          + cdEnd + " where its end record starts");
    }
    if (records > maxEntries) {
      throw new TooManyEntriesException(source, eocd, records, maxEntries);
    }
    if (cdSize > Integer.MAX_VALUE - 16) {
      throw bad(source, eocd, "central directory of " + cdSize + " bytes is too large");
    }
    if (records > cdSize / CEN_LEN) {
      throw bad(source, eocd, records + " entries cannot fit in a central directory of " + cdSize + " bytes");
    }
    int n = (int) records;
    ZipArchive a = new ZipArchive(source, data, ch, size, n);
    Window cw = new Window();
    window(data, ch, source, size, cdOffset, (int) cdSize, cw);
    byte[] c = cw.b;
    int p = cw.off;
    int cEnd = cw.off + (int) cdSize;
    long[] extents = new long[n]; // (local header offset << 21) | index, sorted to find overlaps
    long[] localOffsets = new long[n];
    int[] nameStart = new int[n];
    int[] nameLen = new int[n];
    for (int i = 0; i < n; i++) {
      long at = cdOffset + (p - cw.off);
      if (cEnd - p < CEN_LEN || u32(c, p) != CEN_SIG) {
        throw bad(source, at, "central directory entry " + i + ": bad signature or truncated");
      }
      int flag = u16(c, p + 8);
      int method = u16(c, p + 10);
      long crc = u32(c, p + 16);
      long csize = u32(c, p + 20);
      long usize = u32(c, p + 24);
      int nlen = u16(c, p + 28);
      int xlen = u16(c, p + 30);
      int klen = u16(c, p + 32);
      long local = u32(c, p + 42);
      if (cEnd - p - CEN_LEN < (long) nlen + xlen + klen) {
        throw bad(source, at, "central directory entry " + i + " extends past the central directory");
      }
      int name = p + CEN_LEN;
      String entryName = utf8(c, name, nlen);
      if (entryName == null) {
        throw bad(source, at, "central directory entry " + i + ": name is not UTF-8");
      }
      boolean needU = usize == U32;
      boolean needC = csize == U32;
      boolean needL = local == U32;
      int x = name + nlen;
      int xEnd = x + xlen;
      while (x < xEnd) {
        if (xEnd - x < 4 || xEnd - x - 4 < u16(c, x + 2)) {
          throw bad(source, at, "entry " + Codecs.quote(entryName) + ": malformed extra field");
        }
        int tag = u16(c, x);
        int fsize = u16(c, x + 2);
        int f = x + 4;
        int fEnd = f + fsize;
        if (tag == 1) {
          if (needU) {
            if (fEnd - f < 8) {
              throw bad(source, at, "entry " + Codecs.quote(entryName) + ": short zip64 extra field");
            }
            usize = u64(c, f);
            f += 8;
            needU = false;
          }
          if (needC) {
            if (fEnd - f < 8) {
              throw bad(source, at, "entry " + Codecs.quote(entryName) + ": short zip64 extra field");
            }
            csize = u64(c, f);
            f += 8;
            needC = false;
          }
          if (needL) {
            if (fEnd - f < 8) {
              throw bad(source, at, "entry " + Codecs.quote(entryName) + ": short zip64 extra field");
            }
            local = u64(c, f);
            needL = false;
          }
        }
        x = fEnd;
      }
      if (needC || needL) {
        throw bad(source, at, "entry " + Codecs.quote(entryName) + ": 32-bit size or offset is 0xffffffff without a zip64 extra field");
      }
      if ((flag & 1) != 0) {
        throw bad(source, at, "entry " + Codecs.quote(entryName) + " is encrypted");
      }
      if (method != 0 && method != 8) {
        throw bad(source, at, "entry " + Codecs.quote(entryName) + ": unsupported compression method " + method);
      }
      if (usize < 0 || csize < 0 || csize > cdOffset || local < 0 || local > cdOffset - LOC_LEN) {
        throw bad(source, at, "entry " + Codecs.quote(entryName) + ": local header offset " + local + " or sizes out of range");
      }
      a.names[i] = entryName;
      a.methods[i] = method;
      a.flags[i] = flag;
      a.crcs[i] = crc;
      a.compressed[i] = csize;
      a.uncompressed[i] = usize;
      localOffsets[i] = local;
      nameStart[i] = name - cw.off;
      nameLen[i] = nlen;
      extents[i] = local << 21 | i;
      p = xEnd + klen;
    }
    if (p != cEnd) {
      throw bad(source, cdOffset + (p - cw.off), "central directory has " + (cEnd - p)
          + " bytes after its " + n + " entries");
    }
    // Local headers: where the central directory says, with the same name, data before the central directory.
    Window lw = new Window();
    long[] ends = new long[n];
    for (int i = 0; i < n; i++) {
      long local = localOffsets[i];
      window(data, ch, source, size, local, LOC_LEN, lw);
      if (u32(lw.b, lw.off) != LOC_SIG) {
        throw bad(source, local, "entry " + Codecs.quote(a.names[i]) + ": no local header at offset " + local);
      }
      int nlen = u16(lw.b, lw.off + 26);
      int xlen = u16(lw.b, lw.off + 28);
      long start = local + LOC_LEN + nlen + xlen;
      long end = start + a.compressed[i];
      if ((a.flags[i] & 8) != 0 && end + 12 <= cdOffset) {
        // a data descriptor: CRC-32 and two sizes, after an optional signature (Go reads 12 or 16 bytes)
        window(data, ch, source, size, end, 4, lw);
        end += u32(lw.b, lw.off) == DESCRIPTOR_SIG ? 16 : 12;
        a.flags[i] |= u32(lw.b, lw.off) == DESCRIPTOR_SIG ? SIGNED_DESCRIPTOR : 0;
      } else if ((a.flags[i] & 8) != 0) {
        end += 12;
      }
      if (end > cdOffset) {
        throw bad(source, local, "entry " + Codecs.quote(a.names[i]) + ": data extends into the central directory");
      }
      if (nlen != nameLen[i]) {
        throw bad(source, local, "entry " + Codecs.quote(a.names[i]) + ": local header has another name");
      }
      window(data, ch, source, size, local + LOC_LEN, nlen, lw);
      if (!Arrays.equals(lw.b, lw.off, lw.off + nlen, c, cw.off + nameStart[i], cw.off + nameStart[i] + nlen)) {
        throw bad(source, local, "entry " + Codecs.quote(a.names[i]) + ": local header has another name");
      }
      a.dataStart[i] = start;
      ends[i] = end;
    }
    Arrays.sort(extents);
    for (int k = 1; k < n; k++) {
      int prev = (int) (extents[k - 1] & 0x1fffff);
      int cur = (int) (extents[k] & 0x1fffff);
      if (ends[prev] > localOffsets[cur]) {
        throw bad(source, localOffsets[cur], "entries " + Codecs.quote(a.names[prev]) + " and "
            + Codecs.quote(a.names[cur]) + " overlap");
      }
    }
    return a;
  }

  /** The string of the strict UTF-8 bytes {@code b[off..off+len)}, or null if they are not UTF-8. */
  private static String utf8(byte[] b, int off, int len) {
    int end = off + len;
    boolean ascii = true;
    for (int i = off; i < end; ) {
      if (b[i] >= 0) {
        i++;
        continue;
      }
      ascii = false;
      long r = Codecs.decodeUtf8(b, i, end);
      if (r < 0) {
        return null;
      }
      i += (int) r;
    }
    return new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** {@return the number of entries} */
  public int size() {
    return names.length;
  }

  /**
   * The name of entry {@code i}, as stored.
   *
   * @param i the entry, in central directory order
   * @return its name
   */
  public String name(int i) {
    return names[i];
  }

  /**
   * The uncompressed size entry {@code i} declares.
   *
   * @param i the entry, in central directory order
   * @return its size in bytes
   */
  public long uncompressedSize(int i) {
    return uncompressed[i];
  }

  /**
   * Reads the content of entry {@code i} into {@code sink} (inflating it), stopping with an error past
   * {@code budget} bytes, and checks its size and CRC-32 (and its data descriptor's).
   *
   * @param i the entry, in central directory order
   * @param budget the most bytes to produce
   * @param sink receives the content
   * @return the content's length, or -1 if it exceeds {@code budget}
   * @throws MalformedInputException if the data is not a deflate stream ending at its compressed
   *     size, or the content's size or CRC-32 is not the declared one
   * @throws IOException if the file cannot be read
   */
  public long content(int i, long budget, ContentSink sink) throws IOException, MalformedInputException {
    if (closed) {
      throw new IllegalStateException("zip archive " + source + " is closed");
    }
    Scratch s = SCRATCH.get();
    CRC32 crc = s.crc;
    crc.reset();
    long csize = compressed[i];
    long usize = uncompressed[i];
    long start = dataStart[i];
    long limit = Math.min(budget, usize);
    long total = 0;
    String name = names[i];
    if (methods[i] == 0) {
      if (csize > limit) {
        return csize > budget ? -1 : sizeError(name, csize, usize);
      }
      if (data != null) {
        crc.update(data, (int) start, (int) csize);
        sink.accept(data, (int) start, (int) csize);
      } else {
        byte[] in = input(s);
        for (long pos = 0; pos < csize; ) {
          int len = (int) Math.min(in.length, csize - pos);
          readFully(channel, start + pos, in, len, source);
          crc.update(in, 0, len);
          sink.accept(in, 0, len);
          pos += len;
        }
      }
      total = csize;
    } else {
      Inflater inf = s.inflater;
      inf.reset();
      byte[] out = s.out;
      long fed = 0;
      try {
        for (;;) {
          int k = inf.inflate(out);
          if (k > 0) {
            total += k;
            if (total > limit) {
              return total > budget ? -1 : sizeError(name, total, usize);
            }
            crc.update(out, 0, k);
            sink.accept(out, 0, k);
          }
          if (inf.finished()) {
            if (fed != csize || inf.getRemaining() != 0) {
              throw new MalformedInputException(source, start, "zip entry " + Codecs.quote(name)
                  + ": deflate stream ends before its compressed size " + csize);
            }
            break;
          }
          if (k > 0) {
            continue;
          }
          if (!inf.needsInput()) {
            throw new MalformedInputException(source, start, "zip entry " + Codecs.quote(name)
                + ": deflate stream makes no progress (preset dictionary?)");
          }
          if (fed == csize) {
            throw new MalformedInputException(source, start + csize,
                "zip entry " + Codecs.quote(name) + ": unexpected end of compressed data");
          }
          if (data != null) {
            inf.setInput(data, (int) start, (int) csize);
            fed = csize;
          } else {
            byte[] in = input(s);
            int len = (int) Math.min(in.length, csize - fed);
            readFully(channel, start + fed, in, len, source);
            inf.setInput(in, 0, len);
            fed += len;
          }
        }
      } catch (DataFormatException ex) {
        throw new MalformedInputException(source, 0, start, "zip entry " + Codecs.quote(name) + ": " + ex.getMessage(), ex);
      }
    }
    if (total != usize) {
      return sizeError(name, total, usize);
    }
    if (crc.getValue() != crcs[i]) {
      throw new MalformedInputException(source, start, "zip entry " + Codecs.quote(name) + ": checksum error");
    }
    if ((flags[i] & 8) != 0) {
      // the parse made sure the descriptor is in the file, before the central directory
      long d = start + csize + ((flags[i] & SIGNED_DESCRIPTOR) != 0 ? 4 : 0);
      long want = crcs[i];
      long got;
      if (data != null) {
        got = u32(data, (int) d);
      } else {
        byte[] desc = new byte[4];
        readFully(channel, d, desc, 4, source);
        got = u32(desc, 0);
      }
      if (got != want) {
        throw new MalformedInputException(source, d, "zip entry " + Codecs.quote(name)
            + ": checksum error (data descriptor)");
      }
    }
    return total;
  }

  private long sizeError(String name, long got, long want) throws MalformedInputException {
    throw new MalformedInputException(source, -1, "zip entry " + Codecs.quote(name) + ": size "
        + (got > want ? "more than " + want : String.valueOf(got)) + ", central directory says " + want);
  }

  private static byte[] input(Scratch s) {
    if (s.in == null) {
      s.in = new byte[CHUNK];
    }
    return s.in;
  }

  /**
   * Closes the file, if it is read at offsets.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    closed = true;
    if (lent != null) {
      lent.wholeInUse = false;
      lent = null;
    }
    if (channel != null) {
      channel.close();
    }
  }
}
