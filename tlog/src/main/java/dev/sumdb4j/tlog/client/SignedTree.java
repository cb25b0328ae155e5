package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tree head of the checksum database together with the exact bytes of the signed note that
 * states it. Only {@link #open} makes one from bytes, and only after the signature verified; the
 * empty tree ({@link #empty()}) is the one tree without a note.
 */
public final class SignedTree {
  private static final SignedTree EMPTY = new SignedTree(new Tree(0, Hash.emptyTree()), new byte[0]);

  private final Tree tree;
  private final byte[] note;

  private SignedTree(Tree tree, byte[] note) {
    this.tree = tree;
    this.note = note;
  }

  /** {@return the empty tree (size 0, hash SHA-256("")), trusted without a note} */
  public static SignedTree empty() {
    return EMPTY;
  }

  /**
   * Verifies {@code note} with {@code verifiers} and parses its text as a checksum-database tree
   * (origin {@value Checkpoint#SUMDB_ORIGIN}).
   *
   * @param source names where the note came from, for error messages
   * @param note the signed note, exact bytes
   * @param verifiers the keys the note may be signed with
   * @return the verified tree
   * @throws SumdbException if the note is malformed, not signed by a known key, carries an invalid
   *     signature, or its text is not a tree note with the expected origin
   */
  public static SignedTree open(String source, byte[] note, Verifiers verifiers) throws SumdbException {
    Objects.requireNonNull(note, "note");
    Note opened = Note.open(source, note, verifiers);
    byte[] text = opened.text().getBytes(StandardCharsets.UTF_8);
    Checkpoint c = Checkpoint.parse(source, text);
    if (!c.origin().equals(Checkpoint.SUMDB_ORIGIN)) {
      throw new MalformedInputException(source, 1, 0, "tree note origin is "
          + dev.sumdb4j.internal.Codecs.quote(c.origin()) + ", want "
          + dev.sumdb4j.internal.Codecs.quote(Checkpoint.SUMDB_ORIGIN));
    }
    return new SignedTree(c.tree(), note.clone());
  }

  /** {@return the tree: size and root hash} */
  public Tree tree() {
    return tree;
  }

  /** {@return the tree size} */
  public long size() {
    return tree.size();
  }

  /** {@return the tree root hash} */
  public Hash hash() {
    return tree.hash();
  }

  /** {@return a copy of the exact signed note bytes (empty only for {@link #empty()})} */
  public byte[] note() {
    return note.clone();
  }

  /** {@return the signed note as text (UTF-8; empty only for {@link #empty()})} */
  public String noteText() {
    return new String(note, StandardCharsets.UTF_8);
  }

  /** {@return whether this is the note-less empty tree} */
  public boolean isEmpty() {
    return note.length == 0;
  }

  boolean sameNote(byte[] other) {
    return Arrays.equals(note, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTree s && tree.equals(s.tree) && Arrays.equals(note, s.note);
  }

  @Override
  public int hashCode() {
    return 31 * tree.hashCode() + Arrays.hashCode(note);
  }

  /** Returns {@code tree#<size> <hash>}. */
  @Override
  public String toString() {
    return "tree#" + tree.size() + " " + tree.hash();
  }
}
