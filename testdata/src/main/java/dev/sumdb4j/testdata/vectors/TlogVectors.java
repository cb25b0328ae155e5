package dev.sumdb4j.testdata.vectors;

import java.util.List;

/** The Merkle-tree vectors ({@code vectors/tlog/}); hashes are base64 as in Go's Hash.String. */
public final class TlogVectors {
  private TlogVectors() {}

  /** The empty tree's hash (today's x/mod) and how v0.7.0 differs. */
  public record EmptyTree(long size, String hash, String divergence) {}

  /** TreeHash and StoredHashCount of the first {@code size} records. */
  public record Size(long size, String hash, long storedHashCount) {}

  /** {@code tlog/tree.json}: the record tree, record i = {@code String.format(recordFormat, i)}. */
  public record TreeFile(String desc, String source, String recordFormat, EmptyTree emptyTree,
      List<String> recordHashes, List<String> storedHashes, List<Size> sizes) {
    /** The data of record {@code i}. */
    public String recordText(long i) {
      return "record " + i + "\n";
    }
  }

  /** An inclusion proof of record {@code index} in the tree of {@code size}. */
  public record Inclusion(long size, long index, List<String> proof) {}

  /** A consistency proof of the tree of {@code oldSize} in the tree of {@code size}. */
  public record Consistency(long size, long oldSize, List<String> proof) {}

  /** {@code tlog/proofs-small.json} and {@code tlog/proofs-sample.json}. */
  public record ProofsFile(String desc, String source, List<Inclusion> inclusion, List<Consistency> consistency) {}

  /** One size of the virtual tree with its hash and two proofs. */
  public record Virtual(long size, String hash, long index, List<String> inclusion, long oldSize, String oldHash,
      List<String> consistency) {}

  /** {@code tlog/virtual.json}. */
  public record VirtualFile(String desc, String source, String leafText, List<String> levelHashes, List<Virtual> vectors) {}

  /** Loads {@code tlog/tree.json}. */
  public static TreeFile tree() {
    return Vectors.load("tlog/tree.json", TreeFile.class);
  }

  /** Loads {@code tlog/proofs-small.json} (all pairs up to size 40). */
  public static ProofsFile proofsSmall() {
    return Vectors.load("tlog/proofs-small.json", ProofsFile.class);
  }

  /** Loads {@code tlog/proofs-sample.json} (a sample for sizes 41..300). */
  public static ProofsFile proofsSample() {
    return Vectors.load("tlog/proofs-sample.json", ProofsFile.class);
  }

  /** Loads {@code tlog/virtual.json}. */
  public static VirtualFile virtual() {
    return Vectors.load("tlog/virtual.json", VirtualFile.class);
  }
}
