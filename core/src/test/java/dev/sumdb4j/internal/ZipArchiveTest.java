package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of {@link ZipArchive} that go beyond Go's, each at its boundary from both sides, on
 * hand-made zips: the end record and what may follow it, the zip64 locator's place, the entry count
 * the central directory can hold, extra fields, local headers and data descriptors before the
 * central directory; the offsets the messages give; names with non-ASCII at each position; and
 * entry sizes at the reader's 64 KiB chunks. Each zip is read three ways (from an array, a file read
 * whole, a file read at offsets) with the same outcome. ({@code ModuleZipStrictTest} compares the
 * reader with Go.)
 */
class ZipArchiveTest {
  @TempDir static Path tmp;

  /** One entry of a hand-made zip. */
  static final class Entry {
    byte[] name;
    byte[] content;
    /** 0 stored, 8 deflated. */
    int method;
    /** A data descriptor (flag 8) after the data, with its signature or without. */
    boolean descriptor;
    boolean signed = true;
    /** The central directory's extra field and comment. */
    byte[] extra = {};
    byte[] comment = {};
    /** Which 32-bit fields of the central directory record are 0xffffffff (their values in {@link #extra}). */
    boolean maxU;
    boolean maxC;
    boolean maxL;
    /** The local header's extra field. */
    byte[] localExtra = {};
    /** Bytes of the data descriptor left out at its end. */
    int descriptorCut;
    /** The data to write instead of the content's (stored or deflated). */
    byte[] data;

    Entry(String name, byte[] content) {
      this.name = name.getBytes(StandardCharsets.UTF_8);
      this.content = content;
    }

    Entry(String name, String content) {
      this(name, content.getBytes(StandardCharsets.UTF_8));
    }

    byte[] data() {
      if (data != null) {
        return data;
      }
      if (method == 0) {
        return content;
      }
      Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      d.setInput(content);
      d.finish();
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      while (!d.finished()) {
        o.write(buf, 0, d.deflate(buf));
      }
      d.end();
      return o.toByteArray();
    }

    long crc() {
      CRC32 c = new CRC32();
      c.update(content);
      return c.getValue();
    }
  }

  /** A hand-made zip, built by {@link #build}, with where its parts are. */
  static final class Zip {
    final List<Entry> entries = new ArrayList<>();
    /** Bytes between the last entry and the central directory. */
    byte[] gap = {};
    /** The central directory lists the entries last first. */
    boolean reversed;
    /** Bytes inside the central directory after its records. */
    byte[] cdJunk = {};
    /** Zip64 end record and locator before the end record, with {@code z64Pad} bytes between them. */
    boolean zip64;
    int z64Pad;
    byte[] comment = {};
    byte[] trailing = {};

    byte[] b;
    final List<Integer> local = new ArrayList<>();
    final List<Integer> cen = new ArrayList<>();
    int cd;
    int cdSize;
    int e64 = -1;
    int loc = -1;
    int eocd;

    Zip add(Entry e) {
      entries.add(e);
      return this;
    }

    Zip build() {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      List<byte[]> data = new ArrayList<>();
      for (Entry e : entries) {
        byte[] d = e.data();
        data.add(d);
        local.add(o.size());
        le(o, 0x04034b50, 4);
        le(o, 20, 2);
        le(o, e.descriptor ? 8 : 0, 2);
        le(o, e.method, 2);
        le(o, 0, 4);
        le(o, e.descriptor ? 0 : e.crc(), 4);
        le(o, e.descriptor ? 0 : d.length, 4);
        le(o, e.descriptor ? 0 : e.content.length, 4);
        le(o, e.name.length, 2);
        le(o, e.localExtra.length, 2);
        o.writeBytes(e.name);
        o.writeBytes(e.localExtra);
        o.writeBytes(d);
        if (e.descriptor) {
          ByteArrayOutputStream dd = new ByteArrayOutputStream();
          if (e.signed) {
            le(dd, 0x08074b50, 4);
          }
          le(dd, e.crc(), 4);
          le(dd, d.length, 4);
          le(dd, e.content.length, 4);
          o.write(dd.toByteArray(), 0, dd.size() - e.descriptorCut);
        }
      }
      o.writeBytes(gap);
      cd = o.size();
      for (int k = 0; k < entries.size(); k++) {
        int i = reversed ? entries.size() - 1 - k : k;
        Entry e = entries.get(i);
        cen.add(o.size());
        le(o, 0x02014b50, 4);
        le(o, 20, 2);
        le(o, 20, 2);
        le(o, e.descriptor ? 8 : 0, 2);
        le(o, e.method, 2);
        le(o, 0, 4);
        le(o, e.crc(), 4);
        le(o, e.maxC ? 0xffffffffL : data.get(i).length, 4);
        le(o, e.maxU ? 0xffffffffL : e.content.length, 4);
        le(o, e.name.length, 2);
        le(o, e.extra.length, 2);
        le(o, e.comment.length, 2);
        le(o, 0, 8);
        le(o, e.maxL ? 0xffffffffL : local.get(i), 4);
        o.writeBytes(e.name);
        o.writeBytes(e.extra);
        o.writeBytes(e.comment);
      }
      o.writeBytes(cdJunk);
      cdSize = o.size() - cd;
      int n = entries.size();
      if (zip64) {
        e64 = o.size();
        le(o, 0x06064b50, 4);
        le(o, 44, 8);
        le(o, 45, 2);
        le(o, 45, 2);
        le(o, 0, 8);
        le(o, n, 8);
        le(o, n, 8);
        le(o, cdSize, 8);
        le(o, cd, 8);
        o.writeBytes(new byte[z64Pad]);
        loc = o.size();
        le(o, 0x07064b50, 4);
        le(o, 0, 4);
        le(o, e64, 8);
        le(o, 1, 4);
      }
      eocd = o.size();
      le(o, 0x06054b50, 4);
      le(o, 0, 4);
      le(o, zip64 ? 0xffff : n, 2);
      le(o, zip64 ? 0xffff : n, 2);
      le(o, zip64 ? 0xffffffffL : cdSize, 4);
      le(o, zip64 ? 0xffffffffL : cd, 4);
      le(o, comment.length, 2);
      o.writeBytes(comment);
      o.writeBytes(trailing);
      b = o.toByteArray();
      return this;
    }

    /** Sets the {@code bytes}-byte little-endian field at {@code at} of the built zip. */
    Zip put(int at, int bytes, long v) {
      for (int i = 0; i < bytes; i++) {
        b[at + i] = (byte) (v >>> (8 * i));
      }
      return this;
    }
  }

  static void le(ByteArrayOutputStream o, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      o.write((int) (v >>> (8 * i)));
    }
  }

  static byte[] le(long... fields) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (long f : fields) {
      le(o, f, 8);
    }
    return o.toByteArray();
  }

  /** An extra field: tag, size, then {@code data}. */
  static byte[] field(int tag, byte[] data) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    le(o, tag, 2);
    le(o, data.length, 2);
    o.writeBytes(data);
    return o.toByteArray();
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /**
   * The outcome of reading {@code zip}: each entry's name, size and content CRC-32, or the error's
   * offset and reason.
   */
  static String outcome(ZipArchive a) throws IOException {
    StringBuilder s = new StringBuilder();
    try (a) {
      for (int i = 0; i < a.size(); i++) {
        CRC32 crc = new CRC32();
        long n = a.content(i, Long.MAX_VALUE, crc::update);
        s.append(a.name(i)).append(' ').append(n).append(' ').append(Long.toHexString(crc.getValue())).append(';');
      }
    } catch (MalformedInputException e) {
      return "@" + e.offset() + " " + e.reason();
    }
    return s.toString();
  }

  /** The outcome of {@code zip}, the same from an array, a file read whole and a file read at offsets. */
  static String read(byte[] zip) throws IOException {
    String array;
    try {
      array = outcome(ZipArchive.of("zip", zip, ZipArchive.MAX_ENTRIES));
    } catch (MalformedInputException e) {
      array = "@" + e.offset() + " " + e.reason();
    }
    Path f = Files.write(tmp.resolve("z.zip"), zip);
    for (int whole : new int[] {Integer.MAX_VALUE, 0}) {
      String file;
      try {
        file = outcome(ZipArchive.open(f, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES, whole));
      } catch (MalformedInputException e) {
        file = "@" + e.offset() + " " + e.reason();
      }
      assertEquals(array, file, whole == 0 ? "read at offsets" : "read whole");
    }
    return array;
  }

  static Entry stored(String name, String content) {
    return new Entry(name, content);
  }

  static Entry deflated(String name, String content, boolean signed) {
    Entry e = new Entry(name, content);
    e.method = 8;
    e.descriptor = true;
    e.signed = signed;
    return e;
  }

  /** A valid zip of three entries: stored, deflated with a signed data descriptor, deflated with an unsigned one. */
  static Zip three() {
    return new Zip().add(stored("go.mod", "module m\n"))
        .add(deflated("a/b.go", "package a\n" + "// text\n".repeat(50), true))
        .add(deflated("c", "c\n", false));
  }

  /** The outcome of reading {@code z} when it is valid. */
  static String ok(Zip z) {
    StringBuilder s = new StringBuilder();
    List<Entry> cd = new ArrayList<>(z.entries);
    if (z.reversed) {
      java.util.Collections.reverse(cd);
    }
    for (Entry e : cd) {
      s.append(new String(e.name, StandardCharsets.UTF_8)).append(' ').append(e.content.length).append(' ')
          .append(Long.toHexString(e.crc())).append(';');
    }
    return s.toString();
  }

  static String bad(long at, String reason) {
    return "@" + at + " malformed zip: " + reason;
  }

  static Arguments c(String what, Zip z, String want) {
    if (z.b == null) {
      z.build();
    }
    return Arguments.of(what, z.b, want != null ? want : ok(z));
  }

  /** Data and zip64 sizes: {@code values} as 8-byte fields of a zip64 extra field (tag 1). */
  static byte[] zip64(long... values) {
    return field(1, le(values));
  }

  static Zip with(Consumer<Zip> knobs, Zip z) {
    knobs.accept(z);
    return z;
  }

  static Zip one(Entry e) {
    return new Zip().add(e);
  }

  static Entry with(Entry e, Consumer<Entry> knobs) {
    knobs.accept(e);
    return e;
  }

  /** The end record, the zip64 records and the central directory: their checks at their boundaries. */
  static List<Arguments> structure() {
    List<Arguments> c = new ArrayList<>();
    c.add(c("valid", three(), null));
    c.add(c("empty", new Zip(), ""));
    c.add(c("comment", with(z -> z.comment = "hi".getBytes(StandardCharsets.UTF_8), three()), null));
    // the longest comment: the end record is the first byte of the 64 KiB + 22 the search reads
    c.add(c("comment-0xffff", with(z -> z.comment = new byte[0xffff], three()), null));
    // a signature in the comment whose own comment would run past the file: not the end record
    byte[] fake = cat(new byte[] {'P', 'K', 5, 6}, new byte[16], new byte[] {(byte) 0xff, (byte) 0xff});
    c.add(c("comment-holds-a-record-running-past-the-end", with(z -> z.comment = fake, three()), null));
    Zip z = with(x -> x.comment = cat(new byte[] {'P', 'K', 5, 6}, new byte[18], new byte[] {'x'}), three()).build();
    c.add(c("comment-holds-a-record-ending-before-the-end", z,
        bad(z.eocd + 22, "data after the end of central directory record")));
    z = with(x -> x.trailing = new byte[1], three()).build();
    c.add(c("one-byte-after-the-end-record", z, bad(z.eocd, "data after the end of central directory record")));
    z = with(x -> x.comment = new byte[2], three()).build();
    z.put(z.eocd + 20, 2, 3);
    c.add(c("comment-length-one-more", z, bad(-1, "no end of central directory record (not a zip file, or truncated)")));
    z = three().build();
    z.put(z.eocd + 4, 2, 1);
    c.add(c("disk-1", z, bad(z.eocd, "multi-disk archive")));
    z = three().build();
    z.put(z.eocd + 6, 2, 1);
    c.add(c("central-directory-disk-1", z, bad(z.eocd, "multi-disk archive")));
    z = three().build();
    z.put(z.eocd + 8, 2, 2);
    c.add(c("entries-here-2-of-3", z, bad(z.eocd, "multi-disk archive")));
    z = three().build();
    z.put(z.eocd + 16, 4, z.cd - 1);
    c.add(c("central-directory-offset-one-less", z, bad(z.eocd, "central directory at " + (z.cd - 1) + " ("
        + z.cdSize + " bytes) does not end at " + z.eocd + " where its end record starts")));
    z = three().build();
    z.put(z.eocd + 12, 4, z.cdSize + 1);
    c.add(c("central-directory-size-one-more", z, bad(z.eocd, "central directory at " + z.cd + " ("
        + (z.cdSize + 1) + " bytes) does not end at " + z.eocd + " where its end record starts")));
    // entries the central directory can hold: 46 bytes each at least
    c.add(c("two-entries-of-46-bytes", new Zip().add(stored("", "")).add(stored("", "")), null));
    z = one(stored("n".repeat(45), "")).build();
    z.put(z.eocd + 8, 2, 2).put(z.eocd + 10, 2, 2);
    c.add(c("two-entries-in-91-bytes", z, bad(z.eocd, "2 entries cannot fit in a central directory of 91 bytes")));
    z = with(x -> x.cdJunk = new byte[46], one(stored("n", ""))).build();
    z.put(z.eocd + 8, 2, 2).put(z.eocd + 10, 2, 2);
    c.add(c("second-record-not-a-record", z, bad(z.cd + 47, "central directory entry 1: bad signature or truncated")));
    z = with(x -> x.cdJunk = new byte[3], three()).build();
    c.add(c("three-bytes-after-the-records", z,
        bad(z.cd + z.cdSize - 3, "central directory has 3 bytes after its 3 entries")));
    z = three().build();
    z.put(z.cen.get(2) + 28, 2, 2);
    c.add(c("last-name-one-byte-past-the-central-directory", z,
        bad(z.cen.get(2), "central directory entry 2 extends past the central directory")));
    z = with(x -> x.entries.get(2).extra = field(0x5455, new byte[1]), three()).build();
    z.put(z.cen.get(2) + 30, 2, 6);
    c.add(c("extra-one-byte-past-the-central-directory", z,
        bad(z.cen.get(2), "central directory entry 2 extends past the central directory")));
    z = with(x -> x.entries.get(2).comment = new byte[1], three()).build();
    z.put(z.cen.get(2) + 32, 2, 2);
    c.add(c("comment-one-byte-past-the-central-directory", z,
        bad(z.cen.get(2), "central directory entry 2 extends past the central directory")));

    // zip64
    c.add(c("zip64", with(x -> x.zip64 = true, three()), null));
    c.add(c("zip64-empty", with(x -> x.zip64 = true, new Zip()), ""));
    z = with(x -> x.zip64 = true, new Zip()).build();
    z.b = Arrays.copyOfRange(z.b, 56, z.b.length);
    c.add(c("zip64-locator-at-offset-0", z, bad(0, "zip64 end of central directory offset 0 out of range")));
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.loc + 8, 8, z.e64 + 1);
    c.add(c("zip64-record-one-byte-later", z,
        bad(z.loc, "zip64 end of central directory offset " + (z.e64 + 1) + " out of range")));
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.loc + 8, 8, Long.MIN_VALUE);
    c.add(c("zip64-record-offset-negative", z,
        bad(z.loc, "zip64 end of central directory offset " + Long.MIN_VALUE + " out of range")));
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.loc + 8, 8, z.e64 - 1);
    c.add(c("zip64-record-one-byte-earlier", z, bad(z.e64 - 1, "bad zip64 end of central directory signature")));
    z = with(x -> {
      x.zip64 = true;
      x.z64Pad = 1;
    }, three()).build();
    c.add(c("zip64-record-one-byte-before-its-locator", z,
        bad(z.e64, "zip64 end of central directory record does not end at its locator")));
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.e64 + 4, 8, 45);
    c.add(c("zip64-record-size-45", z, bad(z.e64, "zip64 end of central directory record does not end at its locator")));
    int[][] disks = {{0, 4, 1}, {0, 16, 0}, {0, 16, 2}, {1, 16, 1}, {1, 20, 1}, {2, 4, 1}, {2, 6, 1}};
    for (int[] d : disks) {
      z = with(x -> x.zip64 = true, three()).build();
      int base = d[0] == 0 ? z.loc : d[0] == 1 ? z.e64 : z.eocd;
      z.put(base + d[1], d[0] == 2 ? 2 : 4, d[2]);
      c.add(c("zip64-disk-" + d[0] + "-" + d[1] + "-" + d[2], z,
          bad(d[0] == 0 ? z.loc : z.e64, "multi-disk zip64 archive")));
    }
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.eocd + 8, 2, 3).put(z.eocd + 10, 2, 3).put(z.eocd + 12, 4, z.cdSize).put(z.eocd + 16, 4, z.cd);
    c.add(c("zip64-end-record-values-equal-not-maxed", z, ok(three())));
    int[][] fields = {{8, 2}, {10, 2}, {12, 4}, {16, 4}};
    for (int[] f : fields) {
      z = with(x -> x.zip64 = true, three()).build();
      z.put(z.eocd + f[0], f[1], 1);
      c.add(c("zip64-end-record-field-" + f[0] + "-disagrees", z,
          bad(z.e64, "zip64 end of central directory record disagrees with the end record")));
    }
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.e64 + 24, 8, 2);
    c.add(c("zip64-entries-here-2-of-3", z, bad(z.eocd, "multi-disk archive")));
    z = with(x -> x.zip64 = true, three()).build();
    z.put(z.e64 + 48, 8, z.cd + 1);
    c.add(c("zip64-central-directory-offset-one-more", z, bad(z.eocd, "central directory at " + (z.cd + 1) + " ("
        + z.cdSize + " bytes) does not end at " + z.e64 + " where its end record starts")));
    return c;
  }

  /** The central directory's records: names, extra fields, flags, ranges; local headers and data descriptors. */
  static List<Arguments> entries() {
    List<Arguments> c = new ArrayList<>();
    // names: strict UTF-8, non-ASCII at each place, the bytes after a name not part of it
    for (String name : new String[] {"\u00e9", "\u00e9a", "a\u00e9", "a\u00e9b", "\u65e5\u672c", "x\ud83d\ude00"}) {
      c.add(c("name-" + name, one(stored(name, "x")), null));
    }
    c.add(c("name-then-a-comment-in-utf-8", one(with(stored("a", "x"), e -> e.comment = "\u00e9".getBytes(StandardCharsets.UTF_8))), null));
    c.add(c("non-ascii-name-then-a-continuation-byte", one(with(stored("\u00e9", "x"), e -> e.comment = new byte[] {(byte) 0xa9})), null));
    Zip z = new Zip().add(stored("a", "x")).add(with(stored("b", "y"), e -> {
      e.name = new byte[] {'b', (byte) 0xc3};
      e.comment = new byte[] {(byte) 0xa9};
    })).build();
    c.add(c("name-ends-inside-a-character", z, bad(z.cen.get(1), "central directory entry 1: name is not UTF-8")));
    z = new Zip().add(stored("a", "x")).add(with(stored("b", "y"), e -> e.name = new byte[] {(byte) 0xff, 'b'})).build();
    c.add(c("name-starts-with-0xff", z, bad(z.cen.get(1), "central directory entry 1: name is not UTF-8")));

    // extra fields: other tags skipped; a field's header and data within the extra field
    c.add(c("extra-other-field", one(with(stored("a", "x"), e -> e.extra = field(0x5455, new byte[5]))), null));
    c.add(c("extra-empty-field", one(with(stored("a", "x"), e -> e.extra = field(0x5455, new byte[0]))), null));
    c.add(c("extra-zip64-not-needed", one(with(stored("a", "x"), e -> e.extra = zip64(-1, -1, -1))), null));
    z = one(with(stored("a", "x"), e -> e.extra = new byte[3])).build();
    c.add(c("extra-3-bytes", z, bad(z.cen.get(0), "entry \"a\": malformed extra field")));
    z = one(with(stored("a", "x"), e -> e.extra = cat(field(0x5455, new byte[0]), new byte[3]))).build();
    c.add(c("extra-3-bytes-after-a-field", z, bad(z.cen.get(0), "entry \"a\": malformed extra field")));
    z = one(with(stored("a", "x"), e -> e.extra = Arrays.copyOf(field(0x5455, new byte[5]), 8))).build();
    c.add(c("extra-field-one-byte-short", z, bad(z.cen.get(0), "entry \"a\": malformed extra field")));
    // zip64 extra fields: the values that are maxed out, in order, 8 bytes each
    String[] sets = {"U", "C", "L", "UC", "UL", "CL", "UCL"};
    for (String set : sets) {
      for (int cut : new int[] {0, 1}) {
        for (int more : new int[] {0, 8}) {
          if (cut == 1 && more > 0) {
            continue;
          }
          Entry e = new Entry("f", "x");
          e.maxU = set.contains("U");
          e.maxC = set.contains("C");
          e.maxL = set.contains("L");
          List<Long> v = new ArrayList<>();
          if (e.maxU) {
            v.add(1L);
          }
          if (e.maxC) {
            v.add(1L);
          }
          if (e.maxL) {
            v.add(0L);
          }
          byte[] data = le(v.stream().mapToLong(Long::longValue).toArray());
          data = Arrays.copyOf(data, data.length - cut + more);
          e.extra = cat(field(0x5455, new byte[1]), field(1, data));
          z = one(e).build();
          c.add(c("zip64-extra-" + set + (cut > 0 ? "-one-byte-short" : more > 0 ? "-longer" : ""), z,
              cut > 0 ? bad(z.cen.get(0), "entry \"f\": short zip64 extra field") : null));
        }
      }
    }
    z = one(with(stored("f", "x"), e -> e.maxC = true)).build();
    c.add(c("compressed-size-maxed-no-zip64", z,
        bad(z.cen.get(0), "entry \"f\": 32-bit size or offset is 0xffffffff without a zip64 extra field")));
    z = one(with(stored("f", "x"), e -> e.maxL = true)).build();
    c.add(c("offset-maxed-no-zip64", z,
        bad(z.cen.get(0), "entry \"f\": 32-bit size or offset is 0xffffffff without a zip64 extra field")));
    z = one(with(stored("f", "x"), e -> e.maxU = true)).build();
    c.add(c("size-maxed-no-zip64", z, "@-1 zip entry \"f\": size 1, central directory says 4294967295"));
    for (String set : new String[] {"U", "C", "L"}) {
      Entry e = new Entry("f", "x");
      e.maxU = set.equals("U");
      e.maxC = set.equals("C");
      e.maxL = set.equals("L");
      e.extra = zip64(Long.MIN_VALUE);
      z = new Zip().add(stored("a", "")).add(e).build();
      c.add(c("zip64-extra-" + set + "-negative", z, bad(z.cen.get(1),
          "entry \"f\": local header offset " + (set.equals("L") ? Long.MIN_VALUE : 30 + 1) + " or sizes out of range")));
    }
    z = three().build();
    z.put(z.cen.get(1) + 8, 2, 9);
    c.add(c("encrypted", z, bad(z.cen.get(1), "entry \"a/b.go\" is encrypted")));
    z = three().build();
    z.put(z.cen.get(1) + 10, 2, 12);
    c.add(c("bzip2", z, bad(z.cen.get(1), "entry \"a/b.go\": unsupported compression method 12")));

    // ranges: data and local headers before the central directory
    z = one(stored("f", "x")).build();
    z.put(z.cen.get(0) + 20, 4, z.cd);
    c.add(c("compressed-size-up-to-the-central-directory", z,
        bad(0, "entry \"f\": data extends into the central directory")));
    z = one(stored("f", "x")).build();
    z.put(z.cen.get(0) + 20, 4, z.cd + 1);
    c.add(c("compressed-size-past-the-central-directory", z,
        bad(z.cen.get(0), "entry \"f\": local header offset 0 or sizes out of range")));
    c.add(c("local-header-ends-at-the-central-directory", new Zip().add(stored("a", "x")).add(stored("", "")), null));
    z = new Zip().add(stored("a", "x")).add(stored("", "")).build();
    z.put(z.cen.get(1) + 42, 4, z.cd - 29);
    c.add(c("local-header-29-bytes-before-the-central-directory", z,
        bad(z.cen.get(1), "entry \"\": local header offset " + (z.cd - 29) + " or sizes out of range")));
    z = new Zip().add(stored("a", "0123456789".repeat(5))).add(stored("b", "x")).build();
    z.put(z.cen.get(1) + 42, 4, z.cd - 30);
    c.add(c("local-header-missing", z, bad(z.cd - 30, "entry \"b\": no local header at offset " + (z.cd - 30))));
    z = three().build();
    z.put(z.local.get(1) + 26, 2, 5);
    c.add(c("local-name-shorter", z, bad(z.local.get(1), "entry \"a/b.go\": local header has another name")));
    z = three().build();
    z.put(z.local.get(1) + 31, 1, 'x');
    c.add(c("local-name-other", z, bad(z.local.get(1), "entry \"a/b.go\": local header has another name")));
    c.add(c("local-extra-field", new Zip().add(with(stored("a", "x"), e -> e.localExtra = field(0x5455, new byte[5])))
        .add(with(deflated("b", "y", true), e -> e.localExtra = new byte[4])), null));
    // the overlap check sorts the entries by where their data is, not by where the central directory lists them
    c.add(c("central-directory-last-entry-first", with(x -> x.reversed = true, three()), null));
    c.add(c("gap-before-the-central-directory", with(x -> x.gap = new byte[3], three()), null));
    z = new Zip().add(stored("a", "0123456789")).add(stored("b", "x")).build();
    z.put(z.cen.get(0) + 20, 4, 11).put(z.cen.get(0) + 24, 4, 11);
    c.add(c("overlap-by-one-byte", z, bad(z.local.get(1), "entries \"a\" and \"b\" overlap")));
    z = new Zip().add(stored("a", "0123456789")).add(stored("a", "0123456789")).build();
    z.put(z.cen.get(1) + 42, 4, 0);
    c.add(c("same-local-header-twice", z, bad(0, "entries \"a\" and \"a\" overlap")));

    // data descriptors: 12 or 16 bytes, all before the central directory
    c.add(c("unsigned-descriptor-last", one(deflated("f", "x", false)), null));
    c.add(c("signed-descriptor-last", one(deflated("f", "x", true)), null));
    c.add(c("stored-with-descriptors", new Zip().add(with(stored("a", "x"), e -> e.descriptor = true))
        .add(with(stored("b", "y"), e -> {
          e.descriptor = true;
          e.signed = false;
        })), null));
    for (boolean signed : new boolean[] {true, false}) {
      for (int cut : new int[] {1, 4, 12}) {
        z = one(with(deflated("f", "x", signed), e -> e.descriptorCut = cut)).build();
        c.add(c((signed ? "signed" : "unsigned") + "-descriptor-" + cut + "-bytes-short", z,
            bad(0, "entry \"f\": data extends into the central directory")));
      }
    }
    // an unsigned descriptor whose CRC-32 is the signature is read as signed, as Go reads it
    byte[] sig = forgeCrc("x".getBytes(StandardCharsets.UTF_8), 0x08074b50L);
    z = one(with(new Entry("f", sig), e -> {
      e.descriptor = true;
      e.signed = false;
    })).build();
    c.add(c("unsigned-descriptor-whose-crc-is-the-signature-last", z,
        bad(0, "entry \"f\": data extends into the central directory")));
    z = new Zip().add(with(new Entry("f", sig), e -> {
      e.descriptor = true;
      e.signed = false;
    })).add(stored("g", "")).build();
    c.add(c("unsigned-descriptor-whose-crc-is-the-signature-then-an-entry", z,
        bad(z.local.get(1), "entries \"f\" and \"g\" overlap")));
    z = with(x -> x.gap = new byte[4], one(with(new Entry("f", sig), e -> {
      e.descriptor = true;
      e.signed = false;
    }))).build();
    c.add(c("unsigned-descriptor-whose-crc-is-the-signature-then-4-bytes", z,
        "@" + (30 + 1 + sig.length + 4) + " zip entry \"f\": checksum error (data descriptor)"));
    return c;
  }

  /** {@code prefix} and four bytes that give the whole the CRC-32 {@code crc}. */
  static byte[] forgeCrc(byte[] prefix, long crc) {
    int[] table = new int[256];
    int[] byTop = new int[256];
    for (int n = 0; n < 256; n++) {
      int t = n;
      for (int k = 0; k < 8; k++) {
        t = (t & 1) != 0 ? 0xedb88320 ^ (t >>> 1) : t >>> 1;
      }
      table[n] = t;
      byTop[t >>> 24] = n;
    }
    // the register after four more bytes depends only on the four table indexes, found from the top byte down
    int[] k = new int[4];
    int f = ~(int) crc;
    for (int i = 3; i >= 0; i--) {
      k[i] = byTop[f >>> 24];
      f = (f ^ table[k[i]]) << 8;
    }
    CRC32 c = new CRC32();
    c.update(prefix);
    int r = ~(int) c.getValue();
    byte[] out = Arrays.copyOf(prefix, prefix.length + 4);
    for (int i = 0; i < 4; i++) {
      out[prefix.length + i] = (byte) ((r ^ k[i]) & 0xff);
      r = table[k[i]] ^ (r >>> 8);
    }
    c.reset();
    c.update(out);
    assertEquals(crc, c.getValue(), "forged CRC-32");
    return out;
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Random content whose deflated form is {@code csize} bytes long. */
  static Entry deflatedOfSize(String name, int csize) {
    for (int n = csize - 100; n <= csize; n++) {
      Entry e = new Entry(name, random(n));
      e.method = 8;
      if (e.data().length == csize) {
        e.data = e.data();
        return e;
      }
    }
    throw new AssertionError("no random content deflates to " + csize + " bytes");
  }

  /** The data of entry {@code i} of the built {@code z} starts here. */
  static int start(Zip z, int i) {
    Entry e = z.entries.get(i);
    return z.local.get(i) + 30 + e.name.length + e.localExtra.length;
  }

  /** Contents at the 64 KiB chunks the reader reads and inflates in; sizes and CRC-32s that disagree; broken deflate streams. */
  static List<Arguments> contents() {
    List<Arguments> c = new ArrayList<>();
    for (int n : new int[] {65535, 65536, 65537, 131072, 131073}) {
      c.add(c("stored-" + n, new Zip().add(new Entry("r", random(n))).add(with(new Entry("s", random(n)), e -> {
        e.descriptor = true;
        e.signed = false;
      })), null));
      c.add(c("deflated-to-" + n, new Zip().add(deflatedOfSize("r", n)).add(stored("s", "x")), null));
      c.add(c("inflated-to-" + n, one(deflated("z", "z".repeat(n), true)), null));
    }
    Zip z;
    for (Entry e : new Entry[] {stored("f", "0123456789"), deflated("f", "0123456789", true), deflatedOfSize("f", 65537)}) {
      int size = e.content.length;
      z = new Zip().add(e).add(stored("g", "")).build();
      z.put(z.cen.get(0) + 24, 4, size - 1);
      c.add(c("method-" + e.method + "-size-one-more-than-declared", z,
          "@-1 zip entry \"f\": size more than " + (size - 1) + ", central directory says " + (size - 1)));
      z = new Zip().add(e).add(stored("g", "")).build();
      z.put(z.cen.get(0) + 24, 4, size + 1);
      c.add(c("method-" + e.method + "-size-one-less-than-declared", z,
          "@-1 zip entry \"f\": size " + size + ", central directory says " + (size + 1)));
      z = new Zip().add(e).add(stored("g", "")).build();
      z.put(z.cen.get(0) + 16, 4, e.crc() ^ 1);
      c.add(c("method-" + e.method + "-crc", z, "@" + start(z, 0) + " zip entry \"f\": checksum error"));
    }
    for (boolean signed : new boolean[] {true, false}) {
      Entry e = deflated("f", "0123456789", signed);
      z = new Zip().add(e).add(stored("g", "")).build();
      int d = start(z, 0) + e.data().length + (signed ? 4 : 0);
      z.put(d, 4, e.crc() ^ 1);
      c.add(c("descriptor-crc-" + (signed ? "signed" : "unsigned"), z,
          "@" + d + " zip entry \"f\": checksum error (data descriptor)"));
    }
    // a stream that ends at the end of the first 64 KiB read, one byte before its compressed size
    for (Entry e : new Entry[] {deflated("f", "0123456789", false), deflatedOfSize("f", 65536), deflatedOfSize("f", 65537)}) {
      byte[] full = e.data();
      e.data = cat(full, new byte[1]);
      z = one(e).build();
      c.add(c("deflate-stream-then-a-byte-" + full.length, z, "@" + start(z, 0) + " zip entry \"f\": deflate stream ends before its compressed size " + (full.length + 1)));
      e.data = Arrays.copyOf(full, full.length - 1);
      z = new Zip().add(e).add(stored("g", "")).build();
      c.add(c("deflate-stream-cut-" + full.length, z,
          "@" + (start(z, 0) + full.length - 1) + " zip entry \"f\": unexpected end of compressed data"));
    }
    Entry e = deflated("f", "x", false);
    e.data = new byte[] {(byte) 0xff, 0, 0};
    z = one(e).build();
    String reason;
    try {
      Inflater inf = new Inflater(true);
      inf.setInput(e.data);
      inf.inflate(new byte[10]);
      throw new AssertionError("inflated");
    } catch (DataFormatException x) {
      reason = x.getMessage();
    }
    c.add(c("deflate-stream-bad", z, "@" + start(z, 0) + " zip entry \"f\": " + reason));
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contents")
  void contents(String what, byte[] zip, String want) throws IOException {
    assertEquals(want, read(zip));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structure")
  void structure(String what, byte[] zip, String want) throws IOException {
    assertEquals(want, read(zip));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void entries(String what, byte[] zip, String want) throws IOException {
    assertEquals(want, read(zip));
  }

  /** Each entry's content read with a budget of exactly its size, and one byte less. */
  @Test
  void content_budgetExactlyTheSize_read_oneLess_minusOne() throws Exception {
    Zip z = new Zip().add(stored("a", "0123456789")).add(new Entry("b", random(65537)))
        .add(deflated("c", "0123456789", true)).add(deflatedOfSize("d", 65537)).add(deflated("e", "e".repeat(70000), false))
        .build();
    Path f = Files.write(tmp.resolve("budget.zip"), z.b);
    for (int whole : new int[] {Integer.MAX_VALUE, 0}) {
      try (ZipArchive a = ZipArchive.open(f, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES, whole)) {
        for (int i = 0; i < a.size(); i++) {
          long size = z.entries.get(i).content.length;
          assertEquals(size, a.uncompressedSize(i));
          assertEquals(size, a.content(i, size, (b, off, len) -> { }), a.name(i));
          assertEquals(-1, a.content(i, size - 1, (b, off, len) -> { }), a.name(i));
        }
      }
    }
  }

  /** Content larger than its declared size: a size error within the budget, -1 past it. */
  @Test
  void content_largerThanDeclared_budgetDecides() throws Exception {
    for (Entry e : new Entry[] {stored("f", "0123456789"), deflated("f", "0123456789", true)}) {
      Zip z = one(e).build();
      z.put(z.cen.get(0) + 24, 4, 9);
      ZipArchive a = ZipArchive.of("zip", z.b, 1);
      MalformedInputException x = assertThrows(MalformedInputException.class,
          () -> a.content(0, 10, (b, off, len) -> { }));
      assertEquals("zip entry \"f\": size more than 9, central directory says 9", x.reason());
      assertEquals(-1, a.content(0, 8, (b, off, len) -> { }));
      assertEquals(-1, a.content(0, 9, (b, off, len) -> { }));
    }
  }

  /** The entry cap: as many entries as allowed read, one more refused with its own exception; the caller's limits checked. */
  @Test
  void entries_exactlyTheLimit_read_oneMore_tooMany() throws Exception {
    Zip z = three().build();
    assertEquals(3, ZipArchive.of("zip", z.b, 3).size());
    ZipArchive.TooManyEntriesException e = assertThrows(
        ZipArchive.TooManyEntriesException.class, () -> ZipArchive.of("zip", z.b, 2));
    assertEquals(3, e.entries());
    assertEquals(z.eocd, e.offset());
    assertEquals("malformed zip: zip has 3 entries (limit is 2)", e.reason());
    byte[] empty = new Zip().build().b;
    assertEquals(0, ZipArchive.of("zip", empty, 0).size());
    assertEquals(0, ZipArchive.of("zip", empty, ZipArchive.MAX_ENTRIES).size());
    for (int bad : new int[] {-1, ZipArchive.MAX_ENTRIES + 1}) {
      assertThrows(IllegalArgumentException.class, () -> ZipArchive.of("zip", empty, bad));
    }
  }

  /**
   * A zip64 central directory of 2 GiB - 15 bytes (a sparse file) is refused before it is read;
   * so is a file larger than the caller's limit.
   */
  @Test
  void centralDirectoryTooLarge_refusedBeforeReading() throws Exception {
    long cdSize = Integer.MAX_VALUE - 15;
    Zip z = with(x -> x.zip64 = true, new Zip()).build();
    // the zip64 end record after 2 GiB - 15 bytes of zeros, all of them the central directory
    z.put(z.e64 + 24, 8, 1).put(z.e64 + 32, 8, 1).put(z.e64 + 40, 8, cdSize).put(z.loc + 8, 8, cdSize);
    Path f = tmp.resolve("huge.zip");
    try (FileChannel ch = FileChannel.open(f,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(z.b), cdSize);
    }
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> ZipArchive.open(f, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES));
    assertEquals("malformed zip: central directory of " + cdSize + " bytes is too large", e.reason());
    assertEquals(cdSize + z.eocd, e.offset());
    IOException big = assertThrows(IOException.class,
        () -> ZipArchive.open(f, cdSize, ZipArchive.MAX_ENTRIES));
    assertEquals(f + ": exceeds " + cdSize + " bytes", big.getMessage());
  }

  /** How many files this process has open (Linux), or -1 where that cannot be seen. */
  static long openFiles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(fds)) {
      return s.count() - 1; // the listing's own
    }
  }

  /**
   * A file of up to {@link ZipArchive#WHOLE_FILE_BYTES} is read whole and closed at once; a larger
   * one stays open until the archive is closed; a refused zip is closed either way (no file handle
   * leaks when thousands of zips are checked).
   */
  @Test
  void fileHandles_heldOnlyWhileReadAtOffsets_neverLeaked() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(openFiles() >= 0, "needs /proc/self/fd");
    int fixed = 30 + 1 + 46 + 1 + 22;
    Path whole = Files.write(tmp.resolve("whole.zip"), one(new Entry("a", new byte[ZipArchive.WHOLE_FILE_BYTES - fixed])).build().b);
    Path offsets = Files.write(tmp.resolve("offsets.zip"), one(new Entry("a", new byte[ZipArchive.WHOLE_FILE_BYTES + 1 - fixed])).build().b);
    assertEquals(ZipArchive.WHOLE_FILE_BYTES, Files.size(whole));
    Path badWhole = Files.write(tmp.resolve("bad-whole.zip"),
        with(z -> z.trailing = new byte[1], one(new Entry("a", new byte[ZipArchive.WHOLE_FILE_BYTES - 1 - fixed]))).build().b);
    Path badOffsets = Files.write(tmp.resolve("bad-offsets.zip"),
        with(z -> z.trailing = new byte[1], one(new Entry("a", new byte[ZipArchive.WHOLE_FILE_BYTES - fixed]))).build().b);
    long base = -1;
    for (int k = 0; k < 10; k++) {
      if (k == 1) {
        base = openFiles(); // after a first round, which may load classes from files kept open
      }
      try (ZipArchive a = ZipArchive.open(whole, ZipArchive.MAX_FILE_BYTES, 1)) {
        if (base >= 0) {
          assertEquals(base, openFiles(), "read whole: no file held open");
        }
        assertEquals(ZipArchive.WHOLE_FILE_BYTES - fixed, a.content(0, Long.MAX_VALUE, (b, off, len) -> { }));
      }
      try (ZipArchive a = ZipArchive.open(offsets, ZipArchive.MAX_FILE_BYTES, 1)) {
        if (base >= 0) {
          assertEquals(base + 1, openFiles(), "read at offsets: the file held open");
        }
        assertEquals(ZipArchive.WHOLE_FILE_BYTES + 1 - fixed, a.content(0, Long.MAX_VALUE, (b, off, len) -> { }));
      }
      for (Path bad : List.of(badWhole, badOffsets)) {
        MalformedInputException e = assertThrows(MalformedInputException.class,
            () -> ZipArchive.open(bad, ZipArchive.MAX_FILE_BYTES, 1));
        assertEquals("malformed zip: data after the end of central directory record", e.reason());
      }
    }
    assertEquals(base, openFiles(), "files left open");
  }

  /**
   * A caller may have files larger than the thread's buffer read whole: they get an array of their
   * own (the buffer is used only for files that fit), and read the same as at offsets.
   */
  @Test
  void largerThanTheThreadBuffer_readWholeWhenAsked_sameAsAtOffsets() throws Exception {
    byte[] content = new byte[ZipArchive.WHOLE_FILE_BYTES + 1000];
    new java.util.Random(7).nextBytes(content);
    Path zip = Files.write(tmp.resolve("large.zip"), one(new Entry("a", content)).build().b);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream offsets = new java.io.ByteArrayOutputStream();
    try (ZipArchive a = ZipArchive.open(zip, ZipArchive.MAX_FILE_BYTES, 1, 4 * ZipArchive.WHOLE_FILE_BYTES)) {
      assertEquals(content.length, a.content(0, Long.MAX_VALUE, whole::write));
    }
    try (ZipArchive a = ZipArchive.open(zip, ZipArchive.MAX_FILE_BYTES, 1, 0)) {
      assertEquals(content.length, a.content(0, Long.MAX_VALUE, offsets::write));
    }
    assertArrayEquals(content, whole.toByteArray());
    assertArrayEquals(content, offsets.toByteArray());
  }

  /** The largest file a caller may accept (1 TiB, a sparse file) is read; one byte more is not. */
  @Test
  void fileOfExactlyTheLargestSize_read_oneMore_refused() throws Exception {
    Path f = tmp.resolve("tib.zip");
    // A sparse file: no disk space is used (Linux file systems, APFS); it must be possible here.
    try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(ZipArchive.MAX_FILE_BYTES);
    }
    try {
      MalformedInputException e = assertThrows(MalformedInputException.class,
          () -> ZipArchive.open(f, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES));
      assertEquals("malformed zip: no end of central directory record (not a zip file, or truncated)", e.reason());
      try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
        r.setLength(ZipArchive.MAX_FILE_BYTES + 1);
      }
      IOException big = assertThrows(IOException.class,
          () -> ZipArchive.open(f, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES));
      assertEquals(f + ": exceeds " + ZipArchive.MAX_FILE_BYTES + " bytes", big.getMessage());
    } finally {
      Files.delete(f);
    }
  }
}
