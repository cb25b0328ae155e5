package dev.sumdb4j.testdata.vectors;

import java.nio.file.Path;
import java.util.List;

/** The dirhash vectors ({@code vectors/dirhash/}): zips, Hash1 over in-memory files, go.mod hashes. */
public final class DirhashVectors {
  private DirhashVectors() {}

  /** A file name and the hex SHA-256 of its content. */
  public record FileDigest(String name, String sha256) {}

  /** A zip next to the JSON, its module-root prefix, HashZip's result and its files in Go's order. */
  public record Zip(String zip, String prefix, String hash1, List<FileDigest> files) {
    /** The zip file on disk. */
    public Path path() {
      return Vectors.file("dirhash/" + zip);
    }
  }

  /** An in-memory file. */
  public record Hash1File(String name, String content) {}

  /** Hash1 over {@code files}: {@code hash}, or Go's error. */
  public record Hash1(String name, List<Hash1File> files, String hash, String goError) {}

  /** The go.mod hash of {@code content}. */
  public record GoMod(String content, String hash) {}

  /** {@code dirhash/dirhash.json}. */
  public record DirhashFile(String desc, String source, List<Zip> zips, List<Hash1> hash1, List<GoMod> goMod) {}

  /** Loads {@code dirhash/dirhash.json}. */
  public static DirhashFile dirhash() {
    return Vectors.load("dirhash/dirhash.json", DirhashFile.class);
  }
}
