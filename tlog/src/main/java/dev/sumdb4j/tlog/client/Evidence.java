package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.TreeProof;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Self-contained proof that a checksum database misbehaved, which anyone holding the database's
 * verifier key can {@link #verify} offline. Two {@link Kind kinds}:
 *
 * <ul>
 *   <li>{@link Kind#FORK}: the database signed two inconsistent trees (a fork, or "split view"):
 *       both signed notes (exact bytes), the size of the older tree, the hash of that size
 *       computed from tiles authenticated by the newer tree, and a consistency proof from the newer
 *       tree to that hash. Two notes of the same size with different hashes are evidence with an
 *       empty proof.
 *   <li>{@link Kind#EMPTY_TREE_HASH}: the database signed a tree of size 0 whose hash is not the
 *       empty tree's, SHA-256 of the empty string (RFC 6962): one signed note. (golang.org/x/mod
 *       before June 2024, v0.7.0 for one, computed all zeros for the empty tree; such a note is
 *       reported too.)
 * </ul>
 *
 * <p>JSON schema ({@link #toJson}, {@link #fromJson}), version 1; every field is required and no
 * other field is allowed. Fork evidence has no {@code kind} field:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "olderNote": "go.sum database tree\n5\n...\n\n— name base64sig\n",  // signed note, as text
 *   "newerNote": "go.sum database tree\n6\n...\n\n— name base64sig\n",
 *   "olderSize": 5,                  // the size stated by olderNote
 *   "newerSize": 6,                  // the size stated by newerNote
 *   "computedHash": "T7i+H/8E...=",  // base64 hash of size olderSize according to the newer tree
 *   "proof": ["NsuejV...=", ...]     // TreeProof(newerSize, olderSize) in x/mod order, base64
 * }
 * }</pre>
 *
 * <p>Evidence of a wrong empty-tree hash:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "kind": "empty-tree-hash",
 *   "note": "go.sum database tree\n0\nAAAA...=\n\n— name base64sig\n"  // the signed note
 * }
 * }</pre>
 */
public final class Evidence {
  /** The JSON schema version {@link #toJson} writes and {@link #fromJson} accepts. */
  public static final int VERSION = 1;

  /** What the evidence shows. */
  public enum Kind {
    /** Two signed trees that cannot both be states of one append-only log. */
    FORK("fork"),
    /** One signed tree of size 0 whose hash is not SHA-256 of the empty string. */
    EMPTY_TREE_HASH("empty-tree-hash");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** {@return the kind's name in JSON ({@code fork}, {@code empty-tree-hash})} */
    public String id() {
      return id;
    }
  }
  private final Kind kind;
  private final byte[] olderNote;
  private final byte[] newerNote;
  private final long olderSize;
  private final long newerSize;
  private final Hash computedHash;
  private final List<Hash> proof;

  private Evidence(Kind kind, byte[] olderNote, byte[] newerNote, long olderSize, long newerSize,
      Hash computedHash, List<Hash> proof) {
    this.kind = kind;
    this.olderNote = olderNote.clone();
    this.newerNote = newerNote.clone();
    this.olderSize = olderSize;
    this.newerSize = newerSize;
    this.computedHash = Objects.requireNonNull(computedHash, "computedHash");
    this.proof = List.copyOf(proof);
  }

  /**
   * Returns evidence that {@code older} conflicts with {@code newer}: according to {@code newer}
   * the tree of size {@code older.size()} has hash {@code computedHash}, as {@code proof} shows.
   */
  static Evidence of(SignedTree older, SignedTree newer, Hash computedHash, TreeProof proof) {
    return new Evidence(Kind.FORK, older.note(), newer.note(), older.size(), newer.size(), computedHash,
        proof.hashes());
  }

  /**
   * Returns fork evidence that {@code older} conflicts with {@code newer}, a larger signed tree:
   * {@code proof} proves that the tree of size {@code older.size()} has hash {@code computedHash}
   * according to {@code newer}, and that hash is not {@code older}'s.
   *
   * @param older the smaller signed tree
   * @param newer the larger signed tree
   * @param computedHash the hash of size {@code older.size()} according to {@code newer}
   * @param proof the consistency proof from {@code newer} to {@code computedHash}
   * @return the evidence
   * @throws ProofException if {@code proof} does not prove that
   * @throws IllegalArgumentException if a tree is the note-less empty tree, {@code older} is not
   *     smaller than {@code newer} but not empty, or {@code computedHash} is {@code older}'s hash
   */
  public static Evidence fork(SignedTree older, SignedTree newer, Hash computedHash, TreeProof proof)
      throws ProofException {
    if (older.isEmpty() || newer.isEmpty() || older.size() == 0 || older.size() >= newer.size()
        || computedHash.equals(older.hash())) {
      throw new IllegalArgumentException("fork evidence needs a signed tree of size >= 1 and a larger one, and a"
          + " computed hash other than the older tree's, got " + older + ", " + newer + " and " + computedHash);
    }
    TreeProof.check(proof, newer.size(), newer.hash(), older.size(), computedHash);
    return of(older, newer, computedHash, proof);
  }

  /**
   * Returns same-size evidence: two signed notes for one size with different hashes.
   *
   * @param a one signed tree
   * @param b another signed tree of the same size
   * @return the evidence
   * @throws IllegalArgumentException if a tree is the note-less empty tree, or the sizes differ,
   *     or the hashes are equal
   */
  public static Evidence sameSize(SignedTree a, SignedTree b) {
    if (a.isEmpty() || b.isEmpty() || a.size() != b.size() || a.hash().equals(b.hash())) {
      throw new IllegalArgumentException("same-size evidence needs two signed notes of one size with different"
          + " hashes, got " + a + " and " + b);
    }
    return new Evidence(Kind.FORK, a.note(), b.note(), a.size(), b.size(), b.hash(), List.of());
  }

  /**
   * Returns evidence that {@code tree}, a signed tree of size 0, has a hash other than the empty
   * tree's.
   *
   * @param tree the signed tree of size 0
   * @return the evidence
   * @throws IllegalArgumentException if {@code tree} is not a signed note of size 0 with a hash
   *     other than {@link Hash#emptyTree()}
   */
  public static Evidence emptyTreeHash(SignedTree tree) {
    if (tree.isEmpty() || tree.size() != 0 || tree.hash().equals(Hash.emptyTree())) {
      throw new IllegalArgumentException("empty-tree evidence needs a signed tree of size 0 with a wrong hash, got "
          + tree);
    }
    return new Evidence(Kind.EMPTY_TREE_HASH, tree.note(), tree.note(), 0, 0, Hash.emptyTree(), List.of());
  }

  /** {@return what this evidence shows} */
  public Kind kind() {
    return kind;
  }

  /**
   * {@return the older (or, for same-size evidence, the first; for {@link Kind#EMPTY_TREE_HASH}, the
   * only) signed note, exact bytes}
   */
  public byte[] olderNote() {
    return olderNote.clone();
  }

  /** {@return the newer (for {@link Kind#EMPTY_TREE_HASH}, the only) signed note, exact bytes} */
  public byte[] newerNote() {
    return newerNote.clone();
  }

  /** {@return the size of the older tree} */
  public long olderSize() {
    return olderSize;
  }

  /** {@return the size of the newer tree} */
  public long newerSize() {
    return newerSize;
  }

  /**
   * {@return the hash of size {@link #olderSize()} according to the newer tree (for {@link
   * Kind#EMPTY_TREE_HASH}, the empty tree's hash, which the note should have stated)}
   */
  public Hash computedHash() {
    return computedHash;
  }

  /** {@return the consistency proof from the newer tree to {@link #computedHash()} (empty for equal sizes)} */
  public TreeProof proof() {
    return TreeProof.of(proof);
  }

  /**
   * Checks the evidence offline: both notes verify with {@code verifiers} and are tree notes of the
   * stated sizes, the proof shows the newer tree has {@link #computedHash()} at the older size,
   * and that hash differs from the older note's.
   *
   * @param verifiers the database's verifier keys
   * @throws SumdbException if any of that fails (the evidence proves nothing)
   */
  public void verify(Verifiers verifiers) throws SumdbException {
    if (kind == Kind.EMPTY_TREE_HASH) {
      SignedTree t = SignedTree.open("evidence note", olderNote, verifiers);
      if (t.size() != 0) {
        throw new VerificationException("evidence note states tree size " + t.size() + ", want 0");
      }
      if (t.hash().equals(Hash.emptyTree())) {
        throw new VerificationException("evidence shows no misbehaviour: the note has the empty tree's hash "
            + t.hash());
      }
      return;
    }
    SignedTree older = SignedTree.open("evidence older note", olderNote, verifiers);
    SignedTree newer = SignedTree.open("evidence newer note", newerNote, verifiers);
    if (older.size() != olderSize) {
      throw new VerificationException("evidence olderSize " + olderSize + " but the older note states " + older.size());
    }
    if (newer.size() != newerSize) {
      throw new VerificationException("evidence newerSize " + newerSize + " but the newer note states " + newer.size());
    }
    if (olderSize > newerSize) {
      throw new VerificationException("evidence older size " + olderSize + " exceeds newer size " + newerSize);
    }
    if (olderSize == 0 || olderSize == newerSize) {
      Hash want = olderSize == 0 ? Hash.emptyTree() : newer.hash();
      if (!proof.isEmpty()) {
        throw new VerificationException("evidence for older size " + olderSize + " and newer size " + newerSize
            + " must have an empty proof, has " + proof.size() + " hashes");
      }
      if (!computedHash.equals(want)) {
        throw new ProofException("evidence computed hash is not the newer tree's hash of size " + olderSize,
            computedHash.toString(), want.toString());
      }
    } else {
      TreeProof.check(TreeProof.of(proof), newerSize, newer.hash(), olderSize, computedHash);
    }
    if (computedHash.equals(older.hash())) {
      throw new VerificationException("evidence shows no conflict: the newer tree has the older note's hash "
          + computedHash + " at size " + olderSize);
    }
  }

  /** {@return the evidence as JSON (schema version {@value #VERSION}, see the class doc)} */
  public String toJson() {
    return EvidenceJson.write(this);
  }

  /**
   * Parses evidence written by {@link #toJson}. This checks the shape only; call {@link #verify}.
   *
   * @param source names where the JSON came from, for error messages
   * @param json the JSON text
   * @return the evidence, not yet verified
   * @throws MalformedInputException if the JSON is malformed, has an unknown version or kind, a
   *     missing, extra or mistyped field, or a bad hash
   */
  public static Evidence fromJson(String source, String json) throws MalformedInputException {
    return EvidenceJson.read(source, json);
  }

  /** Evidence parsed from JSON, not yet verified. */
  static Evidence parsed(Kind kind, byte[] olderNote, byte[] newerNote, long olderSize, long newerSize,
      Hash computedHash, List<Hash> proof) {
    return new Evidence(kind, olderNote, newerNote, olderSize, newerSize, computedHash, proof);
  }

  /**
   * Returns the go command's report of this misbehaviour, byte for byte as x/mod's client builds it
   * for a fork (no trailing newline): {@code SECURITY ERROR}, the old and new notes indented with a
   * tab, and the proof of misbehaviour (the computed hash, then the proof hashes). For {@link
   * Kind#EMPTY_TREE_HASH} (which x/mod does not detect), the same header, the note and the empty
   * tree's hash.
   *
   * @return the report
   */
  public String securityReport() {
    StringBuilder b = new StringBuilder();
    b.append("SECURITY ERROR\n");
    b.append("go.sum database server misbehavior detected!\n\n");
    if (kind == Kind.EMPTY_TREE_HASH) {
      b.append("signed tree of size 0 with a hash that is not the empty tree's:\n\t").append(indent(olderNote))
          .append('\n');
      b.append("proof of misbehavior:\n\tthe empty tree's hash is SHA-256(\"\") = ").append(Hash.emptyTree());
      return b.toString();
    }
    b.append("old database:\n\t").append(indent(olderNote)).append('\n');
    b.append("new database:\n\t").append(indent(newerNote)).append('\n');
    b.append("proof of misbehavior:\n\t").append(computedHash);
    for (Hash h : proof) {
      b.append("\n\t").append(h);
    }
    return b.toString();
  }

  /** The hash line of a tree note (its third line), or null if it has none; for messages only. */
  private static Hash statedHash(byte[] note) {
    String[] lines = new String(note, StandardCharsets.UTF_8).split("\n", 4);
    try {
      return lines.length < 4 ? null : Hash.parse(lines[2]);
    } catch (MalformedInputException e) {
      return null;
    }
  }

  private static String indent(byte[] note) {
    return new String(note, StandardCharsets.UTF_8).replace("\n", "\n\t");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence e && kind == e.kind && Arrays.equals(olderNote, e.olderNote) && Arrays.equals(newerNote, e.newerNote)
        && olderSize == e.olderSize && newerSize == e.newerSize && computedHash.equals(e.computedHash)
        && proof.equals(e.proof);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(olderNote), Arrays.hashCode(newerNote), olderSize, newerSize,
        computedHash, proof);
  }

  /** Returns a one-line summary: the two sizes and the conflicting hashes (or the wrong empty-tree hash). */
  @Override
  public String toString() {
    if (kind == Kind.EMPTY_TREE_HASH) {
      Hash stated = statedHash(olderNote);
      String zeros = stated != null && stated.equals(Hash.of(new byte[Hash.SIZE]))
          ? " (all zeros: golang.org/x/mod before June 2024 computed that for the empty tree)" : "";
      return "evidence: the database signed tree#0 with hash " + (stated == null ? "?" : stated)
          + ", but the empty tree's hash is SHA-256(\"\") = " + Hash.emptyTree() + zeros;
    }
    return "fork evidence: tree#" + olderSize + " conflicts with tree#" + newerSize + " (which has hash "
        + computedHash + " at size " + olderSize + ")";
  }
}
