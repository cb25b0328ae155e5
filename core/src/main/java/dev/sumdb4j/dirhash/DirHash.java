package dev.sumdb4j.dirhash;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Hash1;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.SlashPaths;
import dev.sumdb4j.internal.ZipArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    Hash1 h = new Hash1();
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
   * are streamed, and the CRC-32 and size of every entry are checked, as Go does. The zip's
   * structure is checked more strictly than Go does (no data before the first entry or after the
   * end record, entries where the central directory says and not overlapping, names in UTF-8, at
   * most 2,097,152 entries, stored or deflated only). The zip must be a regular file (a symbolic
   * link is refused); a file of up to 256 KiB is read with one read, a larger one entry by entry (memory stays flat).
   *
   * @param zip the zip file
   * @return the hash, {@code h1:} and base64
   * @throws MalformedInputException when the zip is not a valid zip, an entry fails its checksum,
   *     a name has a newline, or the content exceeds {@link #MAX_ZIP_CONTENT_BYTES}
   * @throws IOException when the file cannot be read or is not a regular file
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
   * @throws IOException when the file cannot be read or is not a regular file
   */
  public static String hashZip(Path zip, long maxContentBytes) throws IOException, MalformedInputException {
    try (ZipArchive z = ZipArchive.open(zip, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES)) {
      return Hash1.hashZip(z, zip.toString(), maxContentBytes);
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
    Hash1 h = new Hash1();
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
    Hash1 h = new Hash1();
    h.addFile("go.mod", goModContent);
    return h.result();
  }

  /** Sorts by UTF-8 bytes (= code point order), after rejecting newlines and lone surrogates. */
  private static List<String> sortedChecked(List<String> names) throws MalformedInputException {
    return Hash1.sortedChecked(names);
  }

  /** Compares as Go compares strings: by UTF-8 bytes, i.e. by code points (not UTF-16 units). */
  static int compareUtf8(String a, String b) {
    return Hash1.compareUtf8(a, b);
  }

  /** Go filepath.Join(prefix, rel) on slash paths: joined, then cleaned. */
  private static String joinClean(String prefix, String rel) {
    if (prefix.isEmpty()) {
      return SlashPaths.clean(rel);
    }
    return SlashPaths.clean(prefix + "/" + rel);
  }
}
