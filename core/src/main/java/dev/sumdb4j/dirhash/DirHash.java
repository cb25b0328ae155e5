package dev.sumdb4j.dirhash;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.SlashPaths;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The {@code h1:} directory hash of {@code golang.org/x/mod/sumdb/dirhash} ({@code Hash1}), over a
 * list of files, a directory, a module zip, or a lone go.mod file.
 *
 * <p>Hash1: sort the file names by their UTF-8 bytes; for each, append to a summary the lower-case
 * hex SHA-256 of its content, two spaces, the name and {@code \n}; the result is {@code h1:} +
 * base64(SHA-256(summary)). It equals {@code sha256sum $(find . -type f | sort) | sha256sum} with
 * that formatting. For example, files {@code abc} and {@code xyz} with contents {@code "data for
 * abc"} and {@code "data for xyz"} hash to {@code h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=},
 * and no files at all to {@code h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=}.
 */
public final class DirHash {
  /**
   * The largest total of decompressed bytes {@link #hashZip(Path)} reads: 500 MiB, the go
   * command's limit on a module zip's extracted content ({@code modzip.MaxZipFile}), so no valid
   * module zip reaches it and a zip bomb stops there.
   */
  public static final long MAX_ZIP_CONTENT_BYTES = 500L << 20;

  private static final String NEWLINE_ERROR = "dirhash: filenames with newlines are not supported";
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private DirHash() {}

  /** Opens a named file for {@link #hash1}; the caller closes the stream. */
  public interface Opener {
    /**
     * Opens a file to hash.
     *
     * @param name the file, one of the names given to {@link #hash1}
     * @return a stream of the file's content, which the caller closes
     * @throws IOException when the file cannot be opened
     */
    InputStream open(String name) throws IOException;
  }

  /**
   * Returns the Hash1 of the files {@code names} (duplicates are hashed twice), reading each
   * through {@code open}.
   *
   * @param names the file names, in any order
   * @param open opens each named file
   * @return the hash, {@code h1:} and base64
   * @throws MalformedInputException when a name contains a newline ({@code dirhash: filenames with
   *     newlines are not supported}) or is not valid Unicode (a lone surrogate)
   * @throws IOException when {@code open} or reading fails
   */
  public static String hash1(List<String> names, Opener open) throws IOException, MalformedInputException {
    List<String> sorted = sortedChecked(names);
    Hasher h = new Hasher();
    for (String name : sorted) {
      try (InputStream in = open.open(name)) {
        h.addFile(name, in, Long.MAX_VALUE);
      }
    }
    return h.result();
  }

  /**
   * Returns the hash of a module zip (Go {@code HashZip}): Hash1 over the entry names as stored in
   * the central directory (for module zips {@code <path>@<version>/<file>}) and their decompressed
   * contents. Compression, times, order and extra fields do not matter; a directory entry (name
   * ending in {@code /}) hashes as an empty file and must be empty; when a name occurs twice, both lines use the last entry's content. Contents
   * are streamed, and the CRC-32 and size of every entry are checked, as Go does.
   *
   * @param zip the zip file
   * @return the hash, {@code h1:} and base64
   * @throws MalformedInputException when the zip is not a valid zip, an entry fails its checksum,
   *     a name has a newline, or the content exceeds {@link #MAX_ZIP_CONTENT_BYTES}
   * @throws IOException when the file cannot be read
   */
  public static String hashZip(Path zip) throws IOException, MalformedInputException {
    return hashZip(zip, MAX_ZIP_CONTENT_BYTES);
  }

  /**
   * Returns the hash of a module zip as {@link #hashZip(Path)} does, with another limit on the
   * decompressed content.
   *
   * @param zip the zip file
   * @param maxContentBytes the most decompressed bytes to read
   * @return the hash, {@code h1:} and base64
   * @throws MalformedInputException when the zip is not a valid zip, an entry fails its checksum,
   *     a name has a newline, or the content exceeds {@code maxContentBytes}
   * @throws IOException when the file cannot be read
   */
  public static String hashZip(Path zip, long maxContentBytes) throws IOException, MalformedInputException {
    String source = zip.toString();
    ZipFile z;
    try {
      z = new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
    } catch (ZipException | EOFException e) {
      // EOFException: a central directory that points past the end of the file
      throw new MalformedInputException(source, 0, -1, "malformed zip: " + e.getMessage(), e);
    }
    try (z) {
      List<String> names = new ArrayList<>();
      Map<String, ZipEntry> last = new HashMap<>();
      Enumeration<? extends ZipEntry> en = z.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        names.add(e.getName());
        last.put(e.getName(), e);
      }
      List<String> sorted = sortedChecked(names);
      Hasher h = new Hasher();
      long budget = maxContentBytes;
      for (String name : sorted) {
        ZipEntry e = last.get(name);
        try (InputStream in = z.getInputStream(e)) {
          long n = h.addFile(name, in, budget);
          if (n < 0) {
            throw new MalformedInputException(source, -1,
                "zip content larger than " + maxContentBytes + " bytes (zip bomb?)");
          }
          budget -= n;
          if (n != 0 && name.endsWith("/")) {
            // Go 1.19 hashed such content; newer Go refuses it (zip.ErrFormat), and so do we.
            throw new MalformedInputException(source, -1, "zip directory entry " + Codecs.quote(name) + " has content");
          }
          if (e.getSize() >= 0 && n != e.getSize()) {
            throw new MalformedInputException(source, -1, "zip entry " + Codecs.quote(name)
                + ": size " + n + ", central directory says " + e.getSize());
          }
          if (e.getCrc() >= 0 && h.lastCrc() != e.getCrc()) {
            throw new MalformedInputException(source, -1, "zip entry " + Codecs.quote(name) + ": checksum error");
          }
        } catch (ZipException | EOFException ex) {
          // EOFException: compressed data shorter than its deflate stream ("Unexpected end of ZLIB input stream")
          throw new MalformedInputException(source, 0, -1,
              "zip entry " + Codecs.quote(name) + ": " + ex.getMessage(), ex);
        }
      }
      return h.result();
    }
  }

  /**
   * Returns the hash of the files under directory {@code dir} as the go command hashes the module
   * zip it would make of them (Go {@code HashDir} over the files {@code modzip.CreateFromDir}
   * keeps): each regular file named {@code prefix/<relative path>} with {@code /} separators (just
   * the relative path when {@code prefix} is empty); the go command uses the prefix {@code
   * <path>@<version>}. Symbolic links and other irregular files (FIFOs, devices) are skipped and
   * never opened, as modzip omits them (golang.org/issue/27093); links are not followed while
   * walking. As in Go, {@code dir} itself must be a directory, not a link to one.
   *
   * @param dir the directory
   * @param prefix the prefix of every file name, e.g. {@code rsc.io/quote@v1.5.2}, or empty
   * @return the hash, {@code h1:} and base64
   * @throws IOException when {@code dir} is not a directory ({@code <dir> is not a directory}) or
   *     cannot be read
   * @throws MalformedInputException when a file name has a newline, or the files hold more than
   *     {@link #MAX_ZIP_CONTENT_BYTES} ({@code module source tree too large})
   */
  public static String hashDir(Path dir, String prefix) throws IOException, MalformedInputException {
    return hashDir(dir, prefix, true);
  }

  /**
   * As {@link #hashDir(Path, String)}, but with {@code skipIrregular} false an irregular entry (a
   * symbolic link, a FIFO, a device) is an error, not skipped: for a directory the go command
   * extracted from a zip, which holds regular files only ({@code modcache verify}).
   *
   * @param dir the directory
   * @param prefix the prefix of every file name, e.g. {@code rsc.io/quote@v1.5.2}, or empty
   * @param skipIrregular whether to skip irregular entries rather than fail on them
   * @return the hash, {@code h1:} and base64
   * @throws IOException when {@code dir} is not a directory or cannot be read, or (when not
   *     skipping) naming the first irregular entry
   * @throws MalformedInputException when a file name has a newline, or the files hold more than
   *     {@link #MAX_ZIP_CONTENT_BYTES}
   */
  public static String hashDir(Path dir, String prefix, boolean skipIrregular)
      throws IOException, MalformedInputException {
    BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isDirectory()) {
      throw new IOException(dir + " is not a directory");
    }
    Map<String, Path> files = new HashMap<>();
    List<String> names = new ArrayList<>();
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
        if (!a.isRegularFile()) {
          if (skipIrregular) {
            return FileVisitResult.CONTINUE;
          }
          throw new RegularFiles.IrregularFileException(file, "is " + RegularFiles.kind(a) + ", not a regular file");
        }
        total[0] += a.size();
        StringBuilder rel = new StringBuilder();
        for (Path part : dir.relativize(file)) {
          if (rel.length() > 0) {
            rel.append('/');
          }
          rel.append(part.toString());
        }
        String name = joinClean(prefix, rel.toString());
        names.add(name);
        files.put(name, file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        throw e;
      }
    });
    String tooLarge = "module source tree too large (max size is " + MAX_ZIP_CONTENT_BYTES + " bytes)";
    if (total[0] > MAX_ZIP_CONTENT_BYTES) {
      throw new MalformedInputException(dir.toString(), -1, tooLarge);
    }
    List<String> sorted = sortedChecked(names);
    Hasher h = new Hasher();
    long budget = MAX_ZIP_CONTENT_BYTES;
    for (String name : sorted) {
      // checked again when opened (still regular, not a link): a file swapped since the walk
      try (InputStream in = RegularFiles.open(files.get(name), budget, false)) {
        long n = h.addFile(name, in, budget);
        if (n < 0) {
          throw new MalformedInputException(dir.toString(), -1, tooLarge);
        }
        budget -= n;
      }
    }
    return h.result();
  }

  /**
   * Returns the hash of a go.mod file as the {@code /go.mod} lines of go.sum record it: Hash1 of
   * the single file {@code go.mod} (no module prefix) with content {@code goModContent}. An empty
   * go.mod hashes to {@code h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=}.
   *
   * @param goModContent the go.mod file's bytes
   * @return the hash, {@code h1:} and base64
   */
  public static String hashGoMod(byte[] goModContent) {
    Hasher h = new Hasher();
    try {
      h.addFile("go.mod", new ByteArrayInputStream(goModContent), Long.MAX_VALUE);
    } catch (IOException e) {
      throw new AssertionError("bad math in hashGoMod: reading a byte array failed", e);
    }
    return h.result();
  }

  /** Sorts by UTF-8 bytes (= code point order), after rejecting newlines and lone surrogates. */
  private static List<String> sortedChecked(List<String> names) throws MalformedInputException {
    List<String> sorted = new ArrayList<>(names);
    for (String name : sorted) {
      if (name.indexOf('\n') >= 0) {
        throw new MalformedInputException("", -1, NEWLINE_ERROR);
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
            i++;
          } else {
            throw new MalformedInputException("", -1, "dirhash: file name " + Codecs.quote(name) + " is not valid Unicode");
          }
        }
      }
    }
    sorted.sort(DirHash::compareUtf8);
    return sorted;
  }

  /** Compares as Go compares strings: by UTF-8 bytes, i.e. by code points (not UTF-16 units). */
  static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Go filepath.Join(prefix, rel) on slash paths: joined, then cleaned. */
  private static String joinClean(String prefix, String rel) {
    if (prefix.isEmpty()) {
      return SlashPaths.clean(rel);
    }
    return SlashPaths.clean(prefix + "/" + rel);
  }

  /** Streams files into the summary, reusing one buffer and one content digest. */
  private static final class Hasher {
    private final MessageDigest summary = sha256();
    private final MessageDigest file = sha256();
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] hexLine = new byte[64 + 2];

    /** Hashes {@code in} as file {@code name}; returns its length, or -1 past {@code budget}. */
    long addFile(String name, InputStream in, long budget) throws IOException {
      file.reset();
      crc.reset();
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > budget) {
          return -1;
        }
        file.update(buf, 0, n);
        crc.update(buf, 0, n);
      }
      byte[] d = file.digest();
      for (int i = 0; i < d.length; i++) {
        hexLine[2 * i] = HEX[(d[i] >> 4) & 0xf];
        hexLine[2 * i + 1] = HEX[d[i] & 0xf];
      }
      hexLine[64] = ' ';
      hexLine[65] = ' ';
      summary.update(hexLine);
      summary.update(name.getBytes(StandardCharsets.UTF_8));
      summary.update((byte) '\n');
      return total;
    }

    long lastCrc() {
      return crc.getValue();
    }

    String result() {
      return "h1:" + Codecs.base64(summary.digest());
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("bad math: every Java platform has SHA-256", e);
      }
    }
  }
}
