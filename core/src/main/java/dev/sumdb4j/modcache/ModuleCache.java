package dev.sumdb4j.modcache;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.module.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A go command module cache ({@code $GOMODCACHE}, by default {@code $GOPATH/pkg/mod}): for a
 * module version, {@code cache/download/<escaped path>/@v/<escaped version>.{zip,ziphash,mod}} and
 * the extracted tree {@code <escaped path>@<escaped version>/}. Read only.
 */
public final class ModuleCache {
  /** The largest {@code .mod} file read: the go command's limit on a go.mod ({@code modzip.MaxGoMod}). */
  public static final int MAX_GO_MOD_BYTES = 16 << 20;
  /** The largest {@code .ziphash} file read (the go command writes one h1: hash, about 50 bytes). */
  public static final int MAX_ZIPHASH_BYTES = 4096;

  private final Path root;

  private ModuleCache(Path root) {
    this.root = root;
  }

  /**
   * Returns the module cache at a directory. Nothing is read until asked.
   *
   * @param root the GOMODCACHE directory
   * @return the module cache there
   */
  public static ModuleCache at(Path root) {
    return new ModuleCache(Objects.requireNonNull(root, "root"));
  }

  /** {@return the GOMODCACHE directory} */
  public Path root() {
    return root;
  }

  private Path download(ModuleVersion mv, String ext) throws MalformedInputException {
    return root.resolve("cache").resolve("download").resolve(ModulePaths.escapePath(mv.path())).resolve("@v")
        .resolve(ModulePaths.escapeVersion(mv.version()) + ext);
  }

  /**
   * Returns the module zip file of a module version.
   *
   * @param mv the module version
   * @return the file (which may not exist)
   * @throws MalformedInputException if the module version cannot be escaped into a file name (never
   *     for a {@link ModuleVersion}, which is checked when made)
   */
  public Path zipFile(ModuleVersion mv) throws MalformedInputException {
    return download(mv, ".zip");
  }

  /**
   * Returns the {@code .ziphash} file of a module version: the zip's h1 hash as the go command
   * recorded it when it downloaded the zip.
   *
   * @param mv the module version
   * @return the file (which may not exist)
   * @throws MalformedInputException if the module version cannot be escaped into a file name (never
   *     for a {@link ModuleVersion}, which is checked when made)
   */
  public Path zipHashFile(ModuleVersion mv) throws MalformedInputException {
    return download(mv, ".ziphash");
  }

  /**
   * Returns the {@code .mod} file of a module version: the module's go.mod as downloaded.
   *
   * @param mv the module version
   * @return the file (which may not exist)
   * @throws MalformedInputException if the module version cannot be escaped into a file name (never
   *     for a {@link ModuleVersion}, which is checked when made)
   */
  public Path modFile(ModuleVersion mv) throws MalformedInputException {
    return download(mv, ".mod");
  }

  /**
   * Returns the extracted module directory of a module version.
   *
   * @param mv the module version
   * @return the directory (which may not exist)
   * @throws MalformedInputException if the module version cannot be escaped into a file name (never
   *     for a {@link ModuleVersion}, which is checked when made)
   */
  public Path dir(ModuleVersion mv) throws MalformedInputException {
    return root.resolve(ModulePaths.escapePath(mv.path()) + "@" + ModulePaths.escapeVersion(mv.version()));
  }

  /** The outcome of {@link #verify}. */
  public enum Status {
    /** Neither the zip nor the extracted directory is in the cache: nothing to verify. */
    ABSENT,
    /** The zip and/or directory hash to the recorded {@code .ziphash}. */
    OK,
    /** The {@code .ziphash} is missing or unreadable (the cache is damaged). */
    MISSING_ZIPHASH,
    /** The zip or the directory no longer hashes to the recorded {@code .ziphash}. */
    MODIFIED
  }

  /**
   * The result of verifying one module version.
   *
   * @param module the module version
   * @param status the outcome
   * @param zipHash the recorded hash from {@code .ziphash} (trimmed), if read
   * @param problems go mod verify's messages, e.g. {@code <path> <version>: zip has been modified (<zip>)}
   */
  public record ModuleCheck(ModuleVersion module, Status status, Optional<String> zipHash, List<String> problems) {
    /**
     * Validates and copies the fields.
     *
     * @param module the module version
     * @param status the outcome
     * @param zipHash the recorded hash from {@code .ziphash} (trimmed), if read
     * @param problems go mod verify's messages
     */
    public ModuleCheck {
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(zipHash, "zipHash");
      problems = List.copyOf(problems);
    }
  }

  /**
   * Does what {@code go mod verify} does for {@code mv}: unless neither the zip nor the extracted
   * directory exists, reads {@code .ziphash} and re-hashes the zip (if present) and the directory
   * (if present) with dirhash; each must equal it.
   *
   * @param mv the module version
   * @return the outcome, with go mod verify's messages
   * @throws IOException if a file exists but cannot be read
   * @throws MalformedInputException if a zip is not a well-formed module zip
   */
  public ModuleCheck verify(ModuleVersion mv) throws IOException, MalformedInputException {
    Path zip = zipFile(mv);
    Path dir = dir(mv);
    Optional<BasicFileAttributes> zipAttrs = lstat(zip);
    boolean hasDir = Files.isDirectory(dir);
    if (zipAttrs.isEmpty() && !hasDir) {
      return new ModuleCheck(mv, Status.ABSENT, Optional.empty(), List.of());
    }
    String prefix = mv.path() + " " + mv.version() + ": ";
    String recorded;
    try {
      recorded = new String(RegularFiles.read(zipHashFile(mv), MAX_ZIPHASH_BYTES, false), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return new ModuleCheck(mv, Status.MISSING_ZIPHASH, Optional.empty(),
          List.of(prefix + "missing ziphash: open " + zipHashFile(mv) + ": no such file or directory"));
    } catch (RegularFiles.IrregularFileException e) {
      return new ModuleCheck(mv, Status.MISSING_ZIPHASH, Optional.empty(),
          List.of(prefix + "unreadable ziphash: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (zipAttrs.isPresent()) {
      if (!zipAttrs.get().isRegularFile()) {
        problems.add(prefix + "zip has been modified (" + zip + " is " + RegularFiles.kind(zipAttrs.get())
            + ", not a regular file)");
      } else if (!DirHash.hashZip(zip).equals(recorded)) {
        problems.add(prefix + "zip has been modified (" + zip + ")");
      }
    }
    if (hasDir) {
      try {
        // the go command extracts regular files only: a link or FIFO there is a modification
        if (!DirHash.hashDir(dir, mv.path() + "@" + mv.version(), false).equals(recorded)) {
          problems.add(prefix + "dir has been modified (" + dir + ")");
        }
      } catch (RegularFiles.IrregularFileException e) {
        problems.add(prefix + "dir has been modified (" + dir + ": " + e.getFile() + " " + e.getReason() + ")");
      }
    }
    return new ModuleCheck(mv, problems.isEmpty() ? Status.OK : Status.MODIFIED, Optional.of(recorded), problems);
  }

  /** The attributes of {@code file} itself (a link is not followed), or empty if there is nothing there. */
  private static Optional<BasicFileAttributes> lstat(Path file) throws IOException {
    try {
      return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The h1 hash of the cached {@code .mod} file of {@code mv} (the go.sum {@code /go.mod} line's
   * hash), or empty if it is not cached.
   *
   * @param mv the module version
   * @return the hash, {@code h1:} and base64, or empty
   * @throws IOException if it exists but cannot be read, is not a regular file (a link, a FIFO) or
   *     is larger than {@link #MAX_GO_MOD_BYTES}
   * @throws MalformedInputException if the module version cannot be escaped into a file name (never
   *     for a {@link ModuleVersion}, which is checked when made)
   */
  public Optional<String> goModHash(ModuleVersion mv) throws IOException, MalformedInputException {
    try {
      return Optional.of(DirHash.hashGoMod(RegularFiles.read(modFile(mv), MAX_GO_MOD_BYTES, false)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
