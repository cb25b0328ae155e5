package dev.sumdb4j.tlog.checkpoint;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of a signed tree note: a C2SP checkpoint ({@code <origin>\n<size>\n<hash>\n} then
 * optional non-empty extension lines), of which the checksum database's tree note is the case
 * with origin {@value #SUMDB_ORIGIN} and no extensions:
 *
 * <pre>{@code
 * go.sum database tree
 * 123456789012
 * TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=
 * }</pre>
 *
 * <p>For origin {@value #SUMDB_ORIGIN}, {@link #parse} behaves as Go's {@code tlog.ParseTree}:
 * whatever follows the hash line is ignored (forward compatibility), so the value never has
 * extensions and cannot be built with any. For other origins every line after the hash must be a
 * non-empty extension line and the text must end in a newline. Either way {@code
 * parse(format(c))} equals {@code c}.
 *
 * @param origin the first line, the log's identity; not empty
 * @param size the tree size, at least 0
 * @param hash the tree hash
 * @param extensions the extension lines, each non-empty, without their newlines
 */
public record Checkpoint(String origin, long size, Hash hash, List<String> extensions) {
  /** The origin line of the Go checksum database's tree notes. */
  public static final String SUMDB_ORIGIN = "go.sum database tree";

  /** The largest note text {@link #parse} accepts, in bytes (Go's ParseTree limit). */
  public static final int MAX_CHECKPOINT_BYTES = 1_000_000;

  /**
   * Validates the fields.
   *
   * @param origin the first line, the log's identity; not empty
   * @param size the tree size, at least 0
   * @param hash the tree hash
   * @param extensions the extension lines, each non-empty, without their newlines
   * @throws IllegalArgumentException if a field breaks the rules above (an empty or multi-line
   *     origin or extension, a control character, a negative size or one above {@link
   *     StoredHashes#MAX_TREE_SIZE}, extensions with origin {@value
   *     #SUMDB_ORIGIN})
   */
  public Checkpoint {
    Objects.requireNonNull(hash, "hash");
    extensions = List.copyOf(extensions);
    checkLine("origin", origin);
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    if (size > StoredHashes.MAX_TREE_SIZE) {
      throw new IllegalArgumentException(StoredHashes.tooLarge(size));
    }
    if (origin.equals(SUMDB_ORIGIN) && !extensions.isEmpty()) {
      throw new IllegalArgumentException("a " + SUMDB_ORIGIN + " note has no extension lines");
    }
    for (String e : extensions) {
      checkLine("extension line", e);
    }
  }

  private static void checkLine(String what, String s) {
    byte[] b = Utf8.encodeOrNull(s);
    if (b == null || b.length == 0 || Codecs.firstBadNoteChar(b) >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("invalid " + what + " " + Codecs.quote(s));
    }
  }

  /**
   * {@return the checksum database tree note for {@code tree}}
   *
   * @param tree the tree
   */
  public static Checkpoint sumdb(Tree tree) {
    return new Checkpoint(SUMDB_ORIGIN, tree.size(), tree.hash(), List.of());
  }

  /** {@return the tree: size and hash} */
  public Tree tree() {
    return new Tree(size, hash);
  }

  /**
   * Parses note text (not a signed note: pass {@code Note.text()} of a verified note).
   *
   * @param source names the text in error messages (a path or URL)
   * @param text the note text
   * @throws MalformedInputException naming {@code source}, the line and the offset of the problem
   * @return the checkpoint
   */
  public static Checkpoint parse(String source, byte[] text) throws MalformedInputException {
    if (text.length > MAX_CHECKPOINT_BYTES) {
      throw new MalformedInputException(source, 0, -1, "checkpoint too large: " + text.length
          + " bytes, MAX_CHECKPOINT_BYTES is " + MAX_CHECKPOINT_BYTES);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    int[] starts = new int[4];
    while (lines.size() < 3) {
      int nl = indexOf(text, start);
      if (nl < 0) {
        throw new MalformedInputException(source, lines.size() + 1, start, lines.size() == 0
            ? "missing origin line" : lines.size() == 1 ? "missing tree size line" : "missing tree hash line");
      }
      int bad = Codecs.firstBadNoteChar(text, start, nl);
      if (bad >= 0) {
        throw new MalformedInputException(source, lines.size() + 1, bad, "invalid UTF-8 or control character");
      }
      starts[lines.size()] = start;
      lines.add(new String(text, start, nl - start, StandardCharsets.UTF_8));
      start = nl + 1;
    }
    String origin = lines.get(0);
    if (origin.isEmpty()) {
      throw new MalformedInputException(source, 1, 0, "empty origin line");
    }
    long size = Codecs.parseCanonicalDecimal(lines.get(1));
    if (size < 0) {
      throw new MalformedInputException(source, 2, starts[1], "malformed tree size "
          + Codecs.quote(lines.get(1)) + ": want a canonical decimal");
    }
    if (size > StoredHashes.MAX_TREE_SIZE) {
      throw new MalformedInputException(source, 2, starts[1], StoredHashes.tooLarge(size));
    }
    Hash hash;
    try {
      hash = Hash.parse(lines.get(2));
    } catch (MalformedInputException e) {
      throw new MalformedInputException(source, 3, starts[2], "malformed tree hash " + Codecs.quote(lines.get(2)));
    }
    List<String> extensions = new ArrayList<>();
    if (!origin.equals(SUMDB_ORIGIN)) {
      int line = 4;
      while (start < text.length) {
        int nl = indexOf(text, start);
        if (nl < 0) {
          throw new MalformedInputException(source, line, text.length, "text does not end in a newline");
        }
        if (nl == start) {
          throw new MalformedInputException(source, line, start, "empty extension line");
        }
        int bad = Codecs.firstBadNoteChar(text, start, nl);
        if (bad >= 0) {
          throw new MalformedInputException(source, line, bad, "invalid UTF-8 or control character");
        }
        extensions.add(new String(text, start, nl - start, StandardCharsets.UTF_8));
        start = nl + 1;
        line++;
      }
    }
    return new Checkpoint(origin, size, hash, extensions);
  }

  /**
   * As {@link #parse(String, byte[])}, also requiring the origin line to be {@code wantOrigin}
   * (for the checksum database {@value #SUMDB_ORIGIN}, which makes this Go's {@code ParseTree}).
   * Callers must check the origin: a signed note from a key for one log is not a tree of another.
   *
   * @param source names the text in error messages (a path or URL)
   * @param text the note text
   * @param wantOrigin the origin the checkpoint must name
   * @throws MalformedInputException as {@link #parse(String, byte[])}, or for another origin
   * @return the checkpoint
   */
  public static Checkpoint parse(String source, byte[] text, String wantOrigin) throws MalformedInputException {
    Checkpoint c = parse(source, text);
    if (!c.origin().equals(wantOrigin)) {
      throw new MalformedInputException(source, 1, 0, "checkpoint origin " + Codecs.quote(c.origin())
          + ", want " + Codecs.quote(wantOrigin));
    }
    return c;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** {@return the note text: origin, size, hash and extension lines, each ending in a newline} */
  public byte[] format() {
    StringBuilder b = new StringBuilder(origin).append('\n').append(size).append('\n').append(hash).append('\n');
    for (String e : extensions) {
      b.append(e).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
