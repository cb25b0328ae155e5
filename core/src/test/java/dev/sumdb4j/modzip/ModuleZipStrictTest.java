package dev.sumdb4j.modzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.internal.Hash1;
import dev.sumdb4j.internal.ZipArchive;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.GoProgram;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip reader behind {@link ModuleZip} and {@link DirHash#hashZip} (core's internal {@code
 * ZipArchive}) on malformed and unusual zips: it refuses everything the go command refuses (the Go
 * reference program says which), hashes what both accept to Go's hash, refuses some layouts Go
 * accepts (on purpose, named here), and gives the same answer whether it reads a file whole or at
 * offsets.
 */
class ModuleZipStrictTest {
  static final ModuleVersion MV = new ModuleVersion("example.com/m", "v1.0.0");
  static final String P = "example.com/m@v1.0.0/";

  @TempDir Path tmp;

  /** One entry of a hand-made zip, with the knobs to break it. */
  static final class Raw {
    String name;
    String localName;
    byte[] content;
    int method = 8;
    boolean descriptor = true;
    boolean descriptorSig = true;
    byte[] trailingCompressed = new byte[0];
    Long crc;
    Long descriptorCrc;
    Long offset;
    boolean zip64Extra;
    boolean maxedWithoutExtra;
    int flags;
    /** The compressed bytes to write instead of the content's. */
    byte[] compressed;
    /** Not written: only listed in the central directory (at {@link #offset}). */
    boolean noLocal;

    Raw(String name, String content) {
      this.name = name;
      this.localName = name;
      this.content = content.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Layout knobs of a hand-made zip. */
  static final class Layout {
    byte[] prefix = new byte[0];
    byte[] trailing = new byte[0];
    int countDelta;
    int cdOffsetDelta;
    boolean zip64;
    boolean zip64Disagrees;
    /** The order of the entries in the central directory (indexes into the entries), or null: theirs. */
    int[] cdOrder;
  }

  private static void le(ByteArrayOutputStream o, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      o.write((int) (v >>> (8 * i)));
    }
  }

  private static byte[] deflate(byte[] b) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(b);
    d.finish();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      o.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return o.toByteArray();
  }

  static byte[] raw(Layout l, Raw... entries) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(l.prefix);
    int base = l.prefix.length;
    long[] offsets = new long[entries.length];
    long[] crcs = new long[entries.length];
    long[] csizes = new long[entries.length];
    for (int i = 0; i < entries.length; i++) {
      Raw e = entries[i];
      CRC32 crc = new CRC32();
      crc.update(e.content);
      crcs[i] = e.crc != null ? e.crc : crc.getValue();
      byte[] data = e.compressed != null ? e.compressed : e.method == 8 ? deflate(e.content) : e.content;
      ByteArrayOutputStream d = new ByteArrayOutputStream();
      d.writeBytes(data);
      d.writeBytes(e.trailingCompressed);
      data = d.toByteArray();
      csizes[i] = data.length;
      offsets[i] = o.size() - base;
      if (e.noLocal) {
        continue;
      }
      byte[] ln = e.localName.getBytes(StandardCharsets.UTF_8);
      le(o, 0x04034b50, 4);
      le(o, 20, 2);
      le(o, (e.descriptor ? 8 : 0) | 0x800 | e.flags, 2);
      le(o, e.method, 2);
      le(o, 0, 2);
      le(o, 0x21, 2);
      le(o, e.descriptor ? 0 : crcs[i], 4);
      le(o, e.descriptor ? 0 : data.length, 4);
      le(o, e.descriptor ? 0 : e.content.length, 4);
      le(o, ln.length, 2);
      le(o, 0, 2);
      o.writeBytes(ln);
      o.writeBytes(data);
      if (e.descriptor) {
        if (e.descriptorSig) {
          le(o, 0x08074b50, 4);
        }
        le(o, e.descriptorCrc != null ? e.descriptorCrc : crcs[i], 4);
        le(o, data.length, 4);
        le(o, e.content.length, 4);
      }
    }
    long cdOffset = o.size() - base;
    for (int k = 0; k < entries.length; k++) {
      int i = l.cdOrder != null ? l.cdOrder[k] : k;
      Raw e = entries[i];
      byte[] n = e.name.getBytes(StandardCharsets.UTF_8);
      long off = e.offset != null ? e.offset : offsets[i];
      ByteArrayOutputStream x = new ByteArrayOutputStream();
      boolean max = e.zip64Extra || e.maxedWithoutExtra;
      if (e.zip64Extra) {
        le(x, 1, 2);
        le(x, 24, 2);
        le(x, e.content.length, 8);
        le(x, csizes[i], 8);
        le(x, off, 8);
      }
      le(o, 0x02014b50, 4);
      le(o, 20, 2);
      le(o, 20, 2);
      le(o, (e.descriptor ? 8 : 0) | 0x800 | e.flags, 2);
      le(o, e.method, 2);
      le(o, 0, 2);
      le(o, 0x21, 2);
      le(o, crcs[i], 4);
      le(o, max ? 0xffffffffL : csizes[i], 4);
      le(o, max ? 0xffffffffL : e.content.length, 4);
      le(o, n.length, 2);
      le(o, x.size(), 2);
      le(o, 0, 2);
      le(o, 0, 2);
      le(o, 0, 2);
      le(o, 0, 4);
      le(o, max ? 0xffffffffL : off, 4);
      o.writeBytes(n);
      o.writeBytes(x.toByteArray());
    }
    long cdSize = o.size() - base - cdOffset;
    int count = entries.length + l.countDelta;
    if (l.zip64) {
      long e64 = o.size() - base;
      le(o, 0x06064b50, 4);
      le(o, 44, 8);
      le(o, 45, 2);
      le(o, 45, 2);
      le(o, 0, 4);
      le(o, 0, 4);
      le(o, count, 8);
      le(o, count, 8);
      le(o, cdSize, 8);
      le(o, cdOffset + l.cdOffsetDelta, 8);
      le(o, 0x07064b50, 4);
      le(o, 0, 4);
      le(o, e64, 8);
      le(o, 1, 4);
    }
    le(o, 0x06054b50, 4);
    le(o, 0, 2);
    le(o, 0, 2);
    boolean maxed = l.zip64 && !l.zip64Disagrees;
    le(o, maxed ? 0xffff : count + (l.zip64Disagrees ? 1 : 0), 2);
    le(o, maxed ? 0xffff : count + (l.zip64Disagrees ? 1 : 0), 2);
    le(o, maxed ? 0xffffffffL : cdSize, 4);
    le(o, maxed ? 0xffffffffL : cdOffset + l.cdOffsetDelta, 4);
    le(o, 0, 2);
    o.writeBytes(l.trailing);
    return o.toByteArray();
  }

  static Raw[] valid() {
    Raw a = new Raw(P + "go.mod", "module example.com/m\n");
    Raw b = new Raw(P + "a/b.go", "package a\n\n// " + "text ".repeat(200) + "\n");
    b.descriptorSig = false;
    Raw c = new Raw(P + "LICENSE", "license\n");
    c.method = 0;
    c.descriptor = false;
    return new Raw[] {a, b, c};
  }

  /** The outcome of hashing {@code zip}: the hash, or "error: " and the reason; read whole or at offsets. */
  static String ours(Path zip, boolean whole) {
    try (ZipArchive a = ZipArchive.open(zip, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES,
        whole ? Integer.MAX_VALUE : 0)) {
      return Hash1.hashZip(a, zip.toString(), DirHash.MAX_ZIP_CONTENT_BYTES);
    } catch (MalformedInputException e) {
      return "error: " + e.reason();
    } catch (IOException e) {
      throw new AssertionError(zip + ": " + e, e);
    }
  }

  /** Go's CheckZip error, HashZip hash and HashZip error of each zip (null when Go is not installed: skips). */
  private List<String[]> go(List<Path> zips) throws Exception {
    Path bin = GoProgram.build("testdata/proxyaudit");
    Process p = new ProcessBuilder(bin.toString(), "check").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      for (Path f : zips) {
        w.write(MV.path() + " " + MV.version() + " " + f + "\n");
      }
    }
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < zips.size(); i++) {
        out.add(r.readLine().split("\t", -1));
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return out;
  }

  private Path write(String name, byte[] zip) throws IOException {
    Path f = tmp.resolve(name + ".zip");
    Files.write(f, zip);
    return f;
  }

  private static Layout layout() {
    return new Layout();
  }

  /** Zips Go accepts: the same hash, read whole and at offsets; checkAndHash agrees with check and hashZip. */
  @Test
  void accepted_sameHashAsGo() throws Exception {
    Map<String, byte[]> zips = new LinkedHashMap<>();
    zips.put("valid", raw(layout(), valid()));
    Layout z64 = layout();
    z64.zip64 = true;
    zips.put("zip64-end-records", raw(z64, valid()));
    Raw[] extra = valid();
    extra[1].zip64Extra = true;
    zips.put("zip64-extra-field", raw(layout(), extra));
    zips.put("empty", raw(layout()));
    // The central directory need not list the entries in the order of their data (Go does not
    // care); the overlap check must sort them first.
    Layout reversed = layout();
    reversed.cdOrder = new int[] {2, 1, 0};
    zips.put("central-directory-out-of-order", raw(reversed, valid()));
    Raw dir = new Raw(P + "d/", "");
    dir.method = 0;
    dir.descriptor = false;
    zips.put("directory-entry", raw(layout(), dir, valid()[0]));
    // 65,536 entries: java.util.zip writes zip64 end records; larger than 1 MiB, so read at offsets
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(big, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 65536; i++) {
        z.putNextEntry(new ZipEntry(P + "f/" + Integer.toHexString(i)));
        z.write(("x" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    zips.put("65536-entries", big.toByteArray());
    List<Path> files = new ArrayList<>();
    for (var e : zips.entrySet()) {
      files.add(write(e.getKey(), e.getValue()));
    }
    assertTrue(Files.size(files.get(files.size() - 1)) > ZipArchive.WHOLE_FILE_BYTES);
    List<String[]> go = go(files);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String[] g = go.get(i);
      assertEquals("", g[2], f + ": Go refused it");
      assertEquals(g[1], ours(f, true), f.toString());
      assertEquals(g[1], ours(f, false), f.toString());
      assertEquals(g[1], DirHash.hashZip(f), f.toString());
      ModuleZip.CheckedHash c = ModuleZip.checkAndHash(f, MV);
      assertEquals(g[0], c.checked().message().replace("\n", " | "), f.toString());
      assertEquals(ModuleZip.check(f, MV), c.checked());
      assertEquals(g[1], c.hash().orElseThrow(), f.toString());
      assertEquals(c, inMemory(Files.readAllBytes(f)), f.toString());
    }
  }

  /** A {@code checkAndHash} call. */
  private interface CheckAndHash {
    ModuleZip.CheckedHash call() throws IOException, MalformedInputException;
  }

  /** The outcome of {@code c}: its result, or the reason it was refused. */
  private static String checkAndHash(CheckAndHash c) throws IOException {
    try {
      return c.call().toString();
    } catch (MalformedInputException e) {
      return "error: " + e.reason();
    }
  }

  /**
   * {@code checkAndHash} of {@code zip} held in memory, at the start of a larger buffer whose rest
   * is another copy of it (which must not be read).
   */
  private static ModuleZip.CheckedHash inMemory(byte[] zip) throws MalformedInputException {
    byte[] buffer = new byte[zip.length * 2];
    System.arraycopy(zip, 0, buffer, 0, zip.length);
    System.arraycopy(zip, 0, buffer, zip.length, zip.length);
    return ModuleZip.checkAndHash("memory", buffer, zip.length, MV);
  }

  /** Zips Go refuses: we refuse them too, read whole and at offsets, with our reason. */
  @Test
  void refusedByGo_refused() throws Exception {
    Map<String, byte[]> zips = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    Raw[] r = valid();
    r[1].descriptorCrc = 1234L;
    zips.put("descriptor-crc", raw(layout(), r));
    reasons.put("descriptor-crc", "zip entry \"" + P + "a/b.go\": checksum error (data descriptor)");
    r = valid();
    r[0].crc = 99L;
    r[0].descriptorCrc = 99L;
    zips.put("content-crc", raw(layout(), r));
    reasons.put("content-crc", "zip entry \"" + P + "go.mod\": checksum error");
    r = valid();
    r[2].crc = 99L;
    zips.put("stored-crc", raw(layout(), r));
    reasons.put("stored-crc", "zip entry \"" + P + "LICENSE\": checksum error");
    r = valid();
    r[0].method = 12;
    r[0].content = new byte[] {1, 2, 3};
    zips.put("bzip2", raw(layout(), r));
    reasons.put("bzip2", "malformed zip: entry \"" + P + "go.mod\": unsupported compression method 12");
    r = valid();
    r[1].maxedWithoutExtra = true;
    zips.put("maxed-sizes-no-zip64-extra", raw(layout(), r));
    reasons.put("maxed-sizes-no-zip64-extra", "malformed zip: entry \"" + P
        + "a/b.go\": 32-bit size or offset is 0xffffffff without a zip64 extra field");
    Layout few = layout();
    few.countDelta = -1;
    zips.put("count-too-small", raw(few, valid()));
    reasons.put("count-too-small", "malformed zip: central directory has 74 bytes after its 2 entries");
    Layout many = layout();
    many.countDelta = 1;
    zips.put("count-too-large", raw(many, valid()));
    reasons.put("count-too-large", "malformed zip: central directory entry 3: bad signature or truncated");
    Layout dis = layout();
    dis.zip64 = true;
    dis.zip64Disagrees = true;
    zips.put("zip64-disagrees", raw(dis, valid()));
    reasons.put("zip64-disagrees", "malformed zip: zip64 end of central directory record disagrees with the end record");
    byte[] valid = raw(layout(), valid());
    zips.put("truncated", java.util.Arrays.copyOf(valid, valid.length - 30));
    reasons.put("truncated", "malformed zip: no end of central directory record (not a zip file, or truncated)");
    zips.put("no-zip", "not a zip".getBytes(StandardCharsets.UTF_8));
    reasons.put("no-zip", "malformed zip: no end of central directory record (not a zip file, or truncated)");
    r = valid();
    r[0].content = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    byte[] full = deflate(r[0].content);
    r[0].compressed = java.util.Arrays.copyOf(full, full.length - 3);
    zips.put("deflate-cut", raw(layout(), r));
    reasons.put("deflate-cut", "zip entry \"" + P + "go.mod\": unexpected end of compressed data");
    List<Path> files = new ArrayList<>();
    for (var e : zips.entrySet()) {
      files.add(write(e.getKey(), e.getValue()));
    }
    List<String[]> go = go(files);
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String name = f.getFileName().toString().replace(".zip", "");
      String[] g = go.get(i);
      assertFalse(g[2].isEmpty() && g[0].isEmpty(), name + ": Go accepted it");
      for (boolean whole : new boolean[] {true, false}) {
        String got = ours(f, whole);
        if (!got.startsWith("error: " + reasons.get(name))) {
          diffs.add(name + (whole ? " (whole)" : " (at offsets)") + ": " + got);
        }
      }
      try {
        ModuleZip.CheckedHash c = ModuleZip.checkAndHash(f, MV);
        assertTrue(c.hash().isEmpty() || !c.checked().ok(), name);
        assertEquals(c, inMemory(Files.readAllBytes(f)), name);
      } catch (MalformedInputException e) {
        assertEquals(reasons.get(name), e.reason(), name);
        MalformedInputException m = assertThrows(MalformedInputException.class, () -> inMemory(Files.readAllBytes(f)));
        assertEquals(e.reason(), m.reason(), name);
      }
    }
    assertEquals(List.of(), diffs);
  }

  private static void putLe(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static int indexOf(byte[] b, byte[] what) {
    for (int i = 0; i + what.length <= b.length; i++) {
      if (java.util.Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  /**
   * Layouts Go accepts and we refuse on purpose: data before the first entry or after the end
   * record, a local header with another name, entries that overlap, a deflate stream shorter than
   * its compressed size, a zip64 end record that disagrees with the end record.
   */
  @Test
  void acceptedByGo_refusedOnPurpose() throws Exception {
    Map<String, byte[]> zips = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    Layout prefix = layout();
    prefix.prefix = "#!/bin/sh\nexit 0\n".getBytes(StandardCharsets.UTF_8);
    zips.put("prefix", raw(prefix, valid()));
    reasons.put("prefix", "malformed zip: central directory at ");
    Layout trailing = layout();
    trailing.trailing = "junk".getBytes(StandardCharsets.UTF_8);
    zips.put("trailing", raw(trailing, valid()));
    reasons.put("trailing", "malformed zip: data after the end of central directory record");
    Raw[] r = valid();
    r[1].localName = P + "a/c.go";
    zips.put("local-name", raw(layout(), r));
    reasons.put("local-name", "malformed zip: entry \"" + P + "a/b.go\": local header has another name");
    r = valid();
    r[0].trailingCompressed = new byte[] {0x55};
    zips.put("deflate-trailing-bytes", raw(layout(), r));
    reasons.put("deflate-trailing-bytes", "zip entry \"" + P + "go.mod\": deflate stream ends before its compressed size 24");
    zips.put("overlap", overlap());
    reasons.put("overlap", "malformed zip: entries \"" + P + "outer\" and \"" + P + "inner\" overlap");
    List<Path> files = new ArrayList<>();
    for (var e : zips.entrySet()) {
      files.add(write(e.getKey(), e.getValue()));
    }
    List<String[]> go = go(files);
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String name = f.getFileName().toString().replace(".zip", "");
      String[] g = go.get(i);
      assertEquals("", g[0] + g[2], name + ": Go refused it");
      for (boolean whole : new boolean[] {true, false}) {
        String got = ours(f, whole);
        if (!got.startsWith("error: " + reasons.get(name))) {
          diffs.add(name + (whole ? " (whole)" : " (at offsets)") + ": " + got);
        }
      }
    }
    assertEquals(List.of(), diffs);
  }

  /**
   * Two entries whose bytes overlap, each consistent: the stored content of {@code outer} is the
   * local header and data of {@code inner}, which the central directory also lists (one byte of
   * file data counted twice: the overlapping-entries zip bomb's construction).
   */
  private static byte[] overlap() {
    Raw inner = new Raw(P + "inner", "inner content\n");
    inner.method = 0;
    inner.descriptor = false;
    byte[] innerZip = raw(new Layout(), inner);
    Raw outer = new Raw(P + "outer", "");
    outer.content = java.util.Arrays.copyOf(innerZip, indexOf(innerZip, new byte[] {'P', 'K', 1, 2}));
    outer.method = 0;
    outer.descriptor = false;
    inner.noLocal = true;
    inner.offset = 30L + (P + "outer").length();
    return raw(new Layout(), outer, inner);
  }

  /**
   * A zip read whole goes into its thread's buffer while open: a second archive opened on the same
   * thread meanwhile gets its own array (both hash right, in any order), the buffer is lent again
   * after close, and a closed archive cannot be read.
   */
  @Test
  void threadBuffer_lentToOneOpenArchiveAtATime() throws Exception {
    Raw[] other = valid();
    other[0].content = "module example.com/other\n".getBytes(StandardCharsets.UTF_8);
    Path a = write("a", raw(layout(), valid()));
    Path b = write("b", raw(layout(), other));
    String ha = DirHash.hashZip(a);
    String hb = DirHash.hashZip(b);
    assertFalse(ha.equals(hb));
    try (ZipArchive za = ZipArchive.open(a, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES)) {
      try (ZipArchive zb = ZipArchive.open(b, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES)) {
        assertEquals(hb, Hash1.hashZip(zb, b.toString(), 1 << 20));
        assertEquals(ha, Hash1.hashZip(za, a.toString(), 1 << 20));
      }
      assertEquals(hb, DirHash.hashZip(b));
      assertEquals(ha, Hash1.hashZip(za, a.toString(), 1 << 20));
    }
    ZipArchive closed = ZipArchive.open(a, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES);
    closed.close();
    assertEquals(hb, DirHash.hashZip(b));
    assertThrows(IllegalStateException.class, () -> closed.content(0, 1 << 20, (x, off, len) -> { }));
  }

  /** Every truncation of a valid zip is refused with a MalformedInputException, the same read whole or at offsets. */
  @Test
  void truncations_refused() throws Exception {
    byte[] z = raw(layout(), valid());
    for (int n = 0; n < z.length; n++) {
      Path f = write("t", java.util.Arrays.copyOf(z, n));
      String whole = ours(f, true);
      assertTrue(whole.startsWith("error: "), n + ": " + whole);
      assertEquals(whole, ours(f, false), "length " + n);
      assertThrows(MalformedInputException.class, () -> ModuleZip.checkAndHash(f, MV), "length " + n);
      int length = n; // in memory, with the rest of the zip after it: only the first n bytes count
      assertThrows(MalformedInputException.class, () -> ModuleZip.checkAndHash("memory", z, length, MV), "length " + n);
    }
  }

  /**
   * Random damage to valid zips (flipped bytes, cut or inserted bytes): whatever Go refuses we
   * refuse, what we accept hashes as Go hashes it, reading whole or at offsets gives the same answer,
   * and nothing fails but with a MalformedInputException. Of the 600, about 30 stay valid for both;
   * about 90 Go hashes and we refuse, all on purpose: a local header with another name (the most),
   * a name not in UTF-8 (Go's checks refuse it too), a central directory not ending at the end
   * record, non-zero disk numbers, zip64 end records that disagree or do not end at their locator.
   */
  @Test
  void randomDamage_atLeastAsStrictAsGo() throws Exception {
    Random rnd = new Random(13);
    List<byte[]> bases = new ArrayList<>();
    bases.add(raw(layout(), valid()));
    Layout z64 = layout();
    z64.zip64 = true;
    bases.add(raw(z64, valid()));
    ByteArrayOutputStream jz = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(jz, StandardCharsets.UTF_8)) {
      z.putNextEntry(new ZipEntry(P + "go.mod"));
      z.write("module example.com/m\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry(P + "x/"));
      z.putNextEntry(new ZipEntry(P + "x/y.go"));
      z.write(("package x\n" + "var s = 1\n".repeat(100)).getBytes(StandardCharsets.UTF_8));
    }
    bases.add(jz.toByteArray());
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      byte[] z = bases.get(i % bases.size()).clone();
      int kind = rnd.nextInt(4);
      if (kind <= 1) {
        for (int k = 0; k <= rnd.nextInt(3); k++) {
          z[rnd.nextInt(z.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      } else if (kind == 2) {
        int at = rnd.nextInt(z.length);
        z = concat(java.util.Arrays.copyOf(z, at), java.util.Arrays.copyOfRange(z, at + 1, z.length));
      } else {
        int at = rnd.nextInt(z.length);
        z = concat(java.util.Arrays.copyOf(z, at), concat(new byte[] {(byte) rnd.nextInt(256)},
            java.util.Arrays.copyOfRange(z, at, z.length)));
      }
      files.add(write("r" + i, z));
    }
    List<String[]> go = go(files);
    List<String> diffs = new ArrayList<>();
    int agreed = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String[] g = go.get(i);
      String whole = ours(f, true);
      String offsets = ours(f, false);
      if (!whole.equals(offsets)) {
        diffs.add(f.getFileName() + ": whole " + whole + ", at offsets " + offsets);
      }
      String fromFile = checkAndHash(() -> ModuleZip.checkAndHash(f, MV));
      String fromMemory = checkAndHash(() -> inMemory(Files.readAllBytes(f)));
      if (!fromFile.equals(fromMemory)) {
        diffs.add(f.getFileName() + ": checkAndHash of the file " + fromFile + ", in memory " + fromMemory);
      }
      if (!g[2].isEmpty() && !whole.startsWith("error: ")) {
        diffs.add(f.getFileName() + ": Go refused it (" + g[2] + "), we hash it");
      } else if (g[2].isEmpty() && !whole.startsWith("error: ")) {
        if (!whole.equals(g[1])) {
          diffs.add(f.getFileName() + ": hash " + whole + ", Go " + g[1]);
        }
        agreed++;
      }
      try {
        ModuleZip.Checked c = ModuleZip.check(f, MV);
        if (!g[0].isEmpty() && c.ok()) {
          diffs.add(f.getFileName() + ": Go's checks refused it (" + g[0] + "), ours pass");
        }
      } catch (MalformedInputException e) {
        // refused: at least as strict
      }
    }
    assertEquals(List.of(), diffs);
    assertTrue(agreed > 20, "too few damaged zips still valid to compare hashes: " + agreed);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
