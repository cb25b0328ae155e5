package dev.sumdb4j.modzip;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Hash1;
import dev.sumdb4j.internal.SlashPaths;
import dev.sumdb4j.internal.ZipArchive;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks {@code golang.org/x/mod/zip.CheckZip} makes on a module zip before the go command
 * extracts it (0.7.0's {@code checkZip}): the zip is at most {@link #MAX_ZIP_FILE} bytes; every
 * entry is named {@code <path>@<version>/<file>} where {@code <file>} is clean and passes {@link
 * ModulePaths#checkFilePath}; no two entries collide after case folding, and none is both a file
 * and a directory or listed twice; {@code go.mod} is only at the root and lower case; the declared
 * uncompressed sizes total at most {@link #MAX_ZIP_FILE} bytes; {@code go.mod} and {@code LICENSE}
 * are at most 16 MiB. Messages are Go's.
 *
 * <p>One rule is ours: at most {@link #MAX_FILES} entries (a resource cap; Go has none, and no
 * module zip on proxy.golang.org comes near it).
 */
public final class ModuleZip {
  /** The largest module zip, and the largest total of its uncompressed files: 500 MiB ({@code MaxZipFile}). */
  public static final long MAX_ZIP_FILE = 500L << 20;
  /** The largest go.mod file, in the zip or alone: 16 MiB ({@code MaxGoMod}). */
  public static final long MAX_GO_MOD = 16L << 20;
  /** The largest LICENSE file: 16 MiB ({@code MaxLICENSE}). */
  public static final long MAX_LICENSE = 16L << 20;
  /** The most entries a zip may list (ours, not Go's). */
  public static final int MAX_FILES = 1 << 20;

  private ModuleZip() {}

  /**
   * One rejected entry: its name as stored in the zip and why ({@code FileError}).
   *
   * @param path the entry name
   * @param reason Go's message
   */
  public record FileError(String path, String reason) {
    /** Go's {@code FileError.Error}: {@code <path>: <reason>}. */
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /**
   * The outcome of {@link #check}.
   *
   * @param valid the names of the accepted file entries, in zip order
   * @param invalid the rejected entries, in zip order
   * @param sizeError the size limit exceeded, if any
   */
  public record Checked(List<String> valid, List<FileError> invalid, Optional<String> sizeError) {
    /**
     * Copies the lists.
     *
     * @param valid the names of the accepted file entries, in zip order
     * @param invalid the rejected entries, in zip order
     * @param sizeError the size limit exceeded, if any
     */
    public Checked {
      valid = List.copyOf(valid);
      invalid = List.copyOf(invalid);
    }

    /** {@return whether the go command accepts the zip} */
    public boolean ok() {
      return invalid.isEmpty() && sizeError.isEmpty();
    }

    /**
     * {@return Go's {@code CheckedFiles.Err()} text} That is the size error, else the invalid
     * entries one per line; empty if ok.
     */
    public String message() {
      if (sizeError.isPresent()) {
        return sizeError.get();
      }
      StringBuilder b = new StringBuilder();
      for (FileError e : invalid) {
        if (b.length() > 0) {
          b.append('\n');
        }
        b.append(e);
      }
      return b.toString();
    }
  }

  /**
   * The outcome of {@link #checkAndHash}: the go command's checks, and the zip's hash or why it has
   * none.
   *
   * @param checked the checks' outcome
   * @param hash the zip's {@code h1:} hash ({@code DirHash.hashZip}'s), when its contents could be read
   * @param hashError why there is no hash (a malformed entry, a name with a newline, a zip too large)
   */
  public record CheckedHash(Checked checked, Optional<String> hash, Optional<String> hashError) {
    /**
     * Validates: exactly one of {@code hash} and {@code hashError}.
     *
     * @param checked the checks' outcome
     * @param hash the zip's {@code h1:} hash, when its contents could be read
     * @param hashError why there is no hash
     */
    public CheckedHash {
      Objects.requireNonNull(checked, "checked");
      if (hash.isPresent() == hashError.isPresent()) {
        throw new IllegalArgumentException("exactly one of hash and hashError");
      }
    }
  }

  /**
   * Checks the module zip {@code zip} of {@code module} as the go command does before extracting
   * it. Entry names are read as UTF-8, sizes from the central directory (contents are not read:
   * {@code DirHash.hashZip} checks them against these sizes and their CRC-32). The zip's structure
   * is checked as {@code DirHash.hashZip} checks it (strictly).
   *
   * @param zip the zip file
   * @param module the module version the zip should hold
   * @return the accepted and rejected entries, and any size limit exceeded
   * @throws MalformedInputException if the file is not a zip
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static Checked check(Path zip, ModuleVersion module) throws IOException, MalformedInputException {
    return read(zip, module, false).checked();
  }

  /**
   * Checks the module zip {@code zip} of {@code module} as {@link #check} does and hashes it as
   * {@code DirHash.hashZip} does, reading the file once (a zip of up to 256 KiB with one read): what
   * the go command does with a downloaded zip.
   *
   * @param zip the zip file
   * @param module the module version the zip should hold
   * @return the checks' outcome, and the hash or why there is none
   * @throws MalformedInputException if the file is not a zip
   * @throws IOException if it cannot be read, or is not a regular file
   */
  public static CheckedHash checkAndHash(Path zip, ModuleVersion module) throws IOException, MalformedInputException {
    return read(zip, module, true);
  }

  /**
   * As {@link #checkAndHash(Path, ModuleVersion)}, on a zip held in memory: the first {@code length}
   * bytes of {@code data} (a zip just downloaded, so that it need not be written and read back).
   *
   * @param source what the bytes are (a file name or URL), for messages
   * @param data holds the zip; not copied, and not changed
   * @param length the zip's length, at most {@code data.length}
   * @param module the module version the zip should hold
   * @return the checks' outcome, and the hash or why there is none
   * @throws MalformedInputException if the bytes are not a zip
   * @throws IndexOutOfBoundsException if {@code length} is negative or past the end of {@code data}
   */
  public static CheckedHash checkAndHash(String source, byte[] data, int length, ModuleVersion module)
      throws MalformedInputException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(module, "module");
    ZipArchive z;
    try {
      z = ZipArchive.of(source, data, length, MAX_FILES);
    } catch (ZipArchive.TooManyEntriesException e) {
      return tooMany(e);
    }
    try (z) {
      return checkAndHash(z, source, module, true);
    } catch (IOException e) {
      throw new AssertionError("bad math: reading a byte array failed", e);
    }
  }

  private static CheckedHash tooMany(ZipArchive.TooManyEntriesException e) {
    String tooMany = "module zip has " + e.entries() + " entries (limit is " + MAX_FILES + ")";
    return new CheckedHash(new Checked(List.of(), List.of(), Optional.of(tooMany)), Optional.empty(),
        Optional.of(tooMany));
  }

  private static CheckedHash read(Path zip, ModuleVersion module, boolean hash)
      throws IOException, MalformedInputException {
    if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(zip + " is not a regular file");
    }
    long zipSize = Files.size(zip);
    if (zipSize > MAX_ZIP_FILE) {
      String tooLarge = "module zip file is too large (" + zipSize + " bytes; limit is " + MAX_ZIP_FILE + " bytes)";
      return new CheckedHash(new Checked(List.of(), List.of(), Optional.of(tooLarge)), Optional.empty(),
          Optional.of(tooLarge));
    }
    ZipArchive z;
    try {
      z = ZipArchive.open(zip, MAX_ZIP_FILE, MAX_FILES);
    } catch (ZipArchive.TooManyEntriesException e) {
      return tooMany(e);
    }
    try (z) {
      return checkAndHash(z, zip.toString(), module, hash);
    }
  }

  /** The checks of {@code z}'s entries, and its hash if {@code hash}. */
  private static CheckedHash checkAndHash(ZipArchive z, String source, ModuleVersion module, boolean hash)
      throws IOException {
    int n = z.size();
    List<String> names = new ArrayList<>(n);
    List<Long> sizes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(z.name(i));
      sizes.add(z.uncompressedSize(i));
    }
    Checked c = check(module, names, sizes);
    if (!hash) {
      return new CheckedHash(c, Optional.empty(), Optional.of("not hashed"));
    }
    try {
      return new CheckedHash(c, Optional.of(Hash1.hashZip(z, source, MAX_ZIP_FILE)), Optional.empty());
    } catch (MalformedInputException e) {
      return new CheckedHash(c, Optional.empty(), Optional.of(e.reason()));
    }
  }

  /** {@code checkZip}'s loop over the entries {@code names} with declared uncompressed {@code sizes} (-1 = unknown). */
  static Checked check(ModuleVersion module, List<String> names, List<Long> sizes) {
    String prefix = module.path() + "@" + module.version() + "/";
    List<String> valid = new ArrayList<>();
    List<FileError> invalid = new ArrayList<>();
    Optional<String> sizeError = Optional.empty();
    Map<String, String[]> collisions = new HashMap<>();
    long size = 0;
    for (int i = 0; i < names.size(); i++) {
      String full = names.get(i);
      if (!full.startsWith(prefix)) {
        invalid.add(new FileError(full, "path does not have prefix " + quote(prefix)));
        continue;
      }
      String name = full.substring(prefix.length());
      if (name.isEmpty()) {
        continue;
      }
      boolean isDir = name.endsWith("/");
      if (isDir) {
        name = name.substring(0, name.length() - 1);
      }
      if (!SlashPaths.clean(name).equals(name)) {
        invalid.add(new FileError(full, "file path is not clean"));
        continue;
      }
      try {
        ModulePaths.checkFilePath(name);
      } catch (MalformedInputException e) {
        invalid.add(new FileError(full, e.reason()));
        continue;
      }
      String collision = collide(collisions, name, isDir);
      if (collision != null) {
        invalid.add(new FileError(full, collision));
        continue;
      }
      if (isDir) {
        continue;
      }
      int slash = name.lastIndexOf('/');
      String base = slash < 0 ? name : name.substring(slash + 1);
      if (asciiEqualFold(base, "go.mod")) {
        if (!base.equals(name)) {
          invalid.add(new FileError(full, "go.mod file not in module root directory"));
          continue;
        }
        if (!name.equals("go.mod")) {
          invalid.add(new FileError(full, "go.mod files must have lowercase names"));
          continue;
        }
      }
      long sz = sizes.get(i);
      if (sz >= 0 && MAX_ZIP_FILE - size >= sz) {
        size += sz;
      } else if (sizeError.isEmpty()) {
        sizeError = Optional.of("total uncompressed size of module contents too large (max size is "
            + MAX_ZIP_FILE + " bytes)");
      }
      if (name.equals("go.mod") && sz > MAX_GO_MOD) {
        invalid.add(new FileError(full, "go.mod file too large (max size is " + MAX_GO_MOD + " bytes)"));
        continue;
      }
      if (name.equals("LICENSE") && sz > MAX_LICENSE) {
        invalid.add(new FileError(full, "LICENSE file too large (max size is " + MAX_LICENSE + " bytes)"));
        continue;
      }
      valid.add(full);
    }
    return new Checked(valid, invalid, sizeError);
  }

  /** Go's strings.EqualFold for a target of ASCII letters and dots: no Unicode folds to them but K/k (Kelvin sign) and s (long s), absent from "go.mod". */
  private static boolean asciiEqualFold(String a, String ascii) {
    if (a.length() != ascii.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c >= 0x80 || Character.toLowerCase(c) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code collisionChecker.check}: an error message, or null; records {@code p} and its parents. */
  private static String collide(Map<String, String[]> cc, String p, boolean isDir) {
    for (;;) {
      String fold = toFold(p);
      String[] other = cc.get(fold);
      if (other != null) {
        if (!p.equals(other[0])) {
          return "case-insensitive file name collision: " + quote(other[0]) + " and " + quote(p);
        }
        if (isDir != (other[1] != null)) {
          return "entry " + quote(p) + " is both a file and a directory";
        }
        if (!isDir) {
          return "multiple entries for file " + quote(p);
        }
      } else {
        cc.put(fold, new String[] {p, isDir ? "dir" : null});
      }
      int slash = p.lastIndexOf('/');
      if (slash < 0) {
        return null;
      }
      p = p.substring(0, slash);
      isDir = true;
    }
  }

  /**
   * Go's {@code strToFold}: every code point replaced by the smallest one of its simple case-folding
   * orbit (ASCII upper case then lowered); see {@link FoldTable}.
   */
  static String toFold(String s) {
    boolean fast = true;
    for (int i = 0; i < s.length() && fast; i++) {
      char c = s.charAt(i);
      fast = c < 0x80 && !(c >= 'A' && c <= 'Z');
    }
    if (fast) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      int r = c < 0x80 ? c : foldMin(c); // an ASCII letter's orbit has nothing smaller than its upper case
      if (r >= 'A' && r <= 'Z') {
        r += 'a' - 'A';
      }
      b.appendCodePoint(r);
    });
    return b.toString();
  }

  private static int foldMin(int c) {
    return FoldTable.find(c);
  }

  /**
   * The simple case-folding orbits of all code points as a union-find whose roots are the orbits'
   * smallest members, built on first use from Java's simple upper, lower and title case mappings,
   * less the Turkic dotted and dotless i (U+0130, U+0131), which Unicode's simple folding (and Go's
   * unicode.SimpleFold) leave alone.
   */
  private static final class FoldTable {
    private static final int[] PARENT = build();

    private static int[] build() {
      int[] parent = new int[Character.MAX_CODE_POINT + 1];
      for (int c = 0; c < parent.length; c++) {
        parent[c] = c;
      }
      for (int c = 0; c < parent.length; c++) {
        if (c == 0x130 || c == 0x131) {
          continue;
        }
        union(parent, c, Character.toUpperCase(c));
        union(parent, c, Character.toLowerCase(c));
        union(parent, c, Character.toTitleCase(c));
      }
      for (int c = 0; c < parent.length; c++) {
        parent[c] = root(parent, c);
      }
      return parent;
    }

    private static void union(int[] parent, int a, int b) {
      if (b == 0x130 || b == 0x131) {
        return;
      }
      int ra = root(parent, a);
      int rb = root(parent, b);
      if (ra < rb) {
        parent[rb] = ra;
      } else if (rb < ra) {
        parent[ra] = rb;
      }
    }

    private static int root(int[] parent, int c) {
      while (parent[c] != c) {
        parent[c] = parent[parent[c]];
        c = parent[c];
      }
      return c;
    }

    static int find(int c) {
      return PARENT[c];
    }
  }

  /** Go's %q for the ASCII-printable names that reach it, with non-printables escaped. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        b.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.append('"').toString();
  }
}
