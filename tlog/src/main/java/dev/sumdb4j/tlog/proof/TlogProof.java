package dev.sumdb4j.tlog.proof;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A signed inclusion proof in the <a href="https://c2sp.org/tlog-proof">c2sp.org/tlog-proof@v1</a>
 * format: the index of an entry, its Merkle inclusion proof (RFC 6962 audit path, the leaf's
 * sibling first), the signed checkpoint the proof is against (verbatim, cosignatures included),
 * and optional unauthenticated extra data.
 *
 * <pre>{@code
 * c2sp.org/tlog-proof@v1
 * [extra <base64>]
 * index <decimal>
 * <base64 hash>        (zero or more lines)
 *
 * <signed checkpoint note>
 * }</pre>
 *
 * <p>Parsing is strict: every line must be canonical (padded base64, decimal without leading
 * zeros), and {@link #format()} reproduces the parsed bytes exactly.
 */
public final class TlogProof {
  /** The first line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";
  /** The largest input {@link #parse} accepts: a 1e6-byte checkpoint plus generous room. */
  public static final int MAX_PROOF_BYTES = 2_000_000;
  /** The most hashes an inclusion proof can have (trees have fewer than 2^63 entries). */
  public static final int MAX_PROOF_HASHES = 63;

  private final long index;
  private final List<Hash> hashes;
  private final byte[] signedCheckpoint;
  private final byte[] extraData; // null when absent

  private TlogProof(long index, List<Hash> hashes, byte[] signedCheckpoint, byte[] extraData) {
    this.index = index;
    this.hashes = hashes;
    this.signedCheckpoint = signedCheckpoint;
    this.extraData = extraData;
  }

  /**
   * {@return the proof that entry {@code index} is in the tree of {@code signedCheckpoint}, with
   * inclusion {@code hashes} and optional {@code extraData}}
   *
   * @param index the entry's index in the log
   * @param hashes the inclusion proof's hashes, deepest first
   * @param signedCheckpoint the signed checkpoint (a signed note)
   * @param extraData the optional extra data
   * @throws MalformedInputException if {@code index} is negative, there are more than {@link
   *     #MAX_PROOF_HASHES} hashes, or {@code signedCheckpoint} is not a note-shaped text (empty, not
   *     ending in a newline, starting with a blank line, or breaking the note character rules)
   */
  public static TlogProof of(long index, List<Hash> hashes, byte[] signedCheckpoint, Optional<byte[]> extraData)
      throws MalformedInputException {
    if (index < 0) {
      throw new MalformedInputException("tlog proof", -1, "negative index " + index);
    }
    if (hashes.size() > MAX_PROOF_HASHES) {
      throw new MalformedInputException("tlog proof", -1,
          "too many proof hashes (" + hashes.size() + ", max " + MAX_PROOF_HASHES + ")");
    }
    checkCheckpointShape("tlog proof", signedCheckpoint, 0);
    return new TlogProof(index, List.copyOf(hashes), signedCheckpoint.clone(),
        extraData.map(byte[]::clone).orElse(null));
  }

  /**
   * Parses a tlog-proof; {@code source} names the input in errors.
   *
   * @param source names the input in error messages (a path or URL)
   * @param data the proof's text
   * @throws MalformedInputException naming the line and byte offset of the first problem
   * @return the proof
   */
  public static TlogProof parse(String source, byte[] data) throws MalformedInputException {
    if (data.length > MAX_PROOF_BYTES) {
      throw new MalformedInputException(source, -1,
          "tlog proof too large (" + data.length + " bytes, max " + MAX_PROOF_BYTES + ")");
    }
    LineCursor in = new LineCursor(source, data);
    String header = in.next("header");
    if (!header.equals(HEADER)) {
      throw in.error("missing header " + Codecs.quote(HEADER) + ", got " + Codecs.quote(header));
    }
    String line = in.next("index line");
    byte[] extra = null;
    if (line.startsWith("extra ")) {
      extra = Codecs.decodeBase64OrNull(line.substring("extra ".length()));
      if (extra == null) {
        throw in.error("malformed base64 in extra data");
      }
      line = in.next("index line");
    }
    if (!line.startsWith("index ")) {
      throw in.error("missing index line, got " + Codecs.quote(line));
    }
    long index = Codecs.parseCanonicalDecimal(line.substring("index ".length()));
    if (index < 0) {
      throw in.error("malformed index " + Codecs.quote(line.substring("index ".length())));
    }
    List<Hash> hashes = new ArrayList<>();
    while (true) {
      line = in.next("blank line before the checkpoint");
      if (line.isEmpty()) {
        break;
      }
      if (hashes.size() == MAX_PROOF_HASHES) {
        throw in.error("too many proof hashes (max " + MAX_PROOF_HASHES + ")");
      }
      byte[] h = Codecs.decodeBase64OrNull(line);
      if (h == null || h.length != Hash.SIZE) {
        throw in.error("malformed proof hash " + Codecs.quote(line));
      }
      hashes.add(Hash.of(h));
    }
    byte[] checkpoint = Arrays.copyOfRange(data, in.offset(), data.length);
    checkCheckpointShape(source, checkpoint, in.offset());
    return new TlogProof(index, List.copyOf(hashes), checkpoint, extra);
  }

  private static void checkCheckpointShape(String source, byte[] cp, int base) throws MalformedInputException {
    if (cp.length == 0) {
      throw new MalformedInputException(source, base, "missing checkpoint");
    }
    if (cp[0] == '\n') {
      throw new MalformedInputException(source, base, "checkpoint starts with a blank line");
    }
    if (cp[cp.length - 1] != '\n') {
      throw new MalformedInputException(source, base + cp.length, "checkpoint does not end in a newline");
    }
    int bad = Codecs.firstBadNoteChar(cp);
    if (bad >= 0) {
      throw new MalformedInputException(source, base + bad, "invalid character in checkpoint");
    }
  }

  /**
   * Formats this proof; {@code parse(source, format())} gives back an equal proof.
   *
   * @return the proof's text
   */
  public byte[] format() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    if (extraData != null) {
      b.append("extra ").append(Codecs.base64(extraData)).append('\n');
    }
    b.append("index ").append(index).append('\n');
    for (Hash h : hashes) {
      b.append(h).append('\n');
    }
    b.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(signedCheckpoint);
    return out.toByteArray();
  }

  /** {@return the zero-based index of the entry in the log} */
  public long index() {
    return index;
  }

  /** {@return the inclusion proof hashes, the leaf's sibling first} */
  public List<Hash> hashes() {
    return hashes;
  }

  /** {@return the inclusion proof as a {@link RecordProof}} */
  public RecordProof recordProof() {
    return RecordProof.of(hashes);
  }

  /** {@return a copy of the signed checkpoint note, verbatim} */
  public byte[] signedCheckpoint() {
    return signedCheckpoint.clone();
  }

  /**
   * {@return a copy of the extra data, if present} It is not authenticated: never trust it implicitly.
   */
  public Optional<byte[]> extraData() {
    return extraData == null ? Optional.empty() : Optional.of(extraData.clone());
  }

  /**
   * Verifies that {@code leafData} is entry {@link #index()} of the log: opens the checkpoint
   * with {@code verifiers} (at least one known signature must verify), parses it, and checks the
   * inclusion proof against its tree. Returns the authenticated checkpoint; callers should check
   * its origin (see {@link #verify(byte[], Verifiers, String)}).
   *
   * @param leafData the entry's content
   * @param verifiers the keys the checkpoint's signatures are checked with
   * @throws SumdbException if the checkpoint is malformed or unverified ({@code Note.open}'s
   *     exceptions), or the proof does not check ({@link ProofException})
   * @return the authenticated checkpoint
   */
  public Checkpoint verify(byte[] leafData, Verifiers verifiers) throws SumdbException {
    Note note = Note.open("tlog proof checkpoint", signedCheckpoint, verifiers);
    Checkpoint cp = Checkpoint.parse("tlog proof checkpoint", note.text().getBytes(StandardCharsets.UTF_8));
    checkInclusion(leafData, cp);
    return cp;
  }

  /**
   * As {@link #verify(byte[], Verifiers)}, and requires the checkpoint's origin to be {@code origin}.
   *
   * @param leafData the entry's content
   * @param verifiers the keys the checkpoint's signatures are checked with
   * @param origin the origin the checkpoint must name
   * @throws ProofException if the origin differs
   * @return the authenticated checkpoint
   */
  public Checkpoint verify(byte[] leafData, Verifiers verifiers, String origin) throws SumdbException {
    Checkpoint cp = verify(leafData, verifiers);
    if (!cp.origin().equals(origin)) {
      throw new ProofException("tlog proof checkpoint has the wrong origin",
          Codecs.quote(cp.origin()), Codecs.quote(origin));
    }
    return cp;
  }

  /**
   * Checks the inclusion proof of {@code leafData} at {@link #index()} against {@code trusted}, a
   * checkpoint the caller has already authenticated (this method does not look at the signatures).
   *
   * @param leafData the entry's content
   * @param trusted a checkpoint the caller authenticated
   * @throws ProofException if the index is outside the tree or the proof does not check
   */
  public void checkInclusion(byte[] leafData, Checkpoint trusted) throws ProofException {
    if (index >= trusted.size()) {
      throw new ProofException("tlog proof index " + index + " is not in tree of size " + trusted.size());
    }
    RecordProof.check(recordProof(), trusted.size(), trusted.hash(), index, Hash.ofRecord(leafData));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlogProof p && index == p.index && hashes.equals(p.hashes)
        && Arrays.equals(signedCheckpoint, p.signedCheckpoint) && Arrays.equals(extraData, p.extraData);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + hashes.hashCode() * 17 + Arrays.hashCode(signedCheckpoint)
        + Arrays.hashCode(extraData);
  }

  @Override
  public String toString() {
    return "TlogProof[index=" + index + ", hashes=" + hashes.size()
        + (extraData == null ? "" : ", extra=" + extraData.length + " bytes")
        + ", checkpoint=" + signedCheckpoint.length + " bytes]";
  }

  /** Reads ASCII lines of the proof header, tracking line number and offset for errors. */
  private static final class LineCursor {
    private final String source;
    private final byte[] data;
    private int offset;
    private int lineStart;
    private int line;

    LineCursor(String source, byte[] data) {
      this.source = source;
      this.data = data;
    }

    /** The next line without its newline; {@code what} names what was expected in errors. */
    String next(String what) throws MalformedInputException {
      lineStart = offset;
      line++;
      int i = offset;
      while (i < data.length && data[i] != '\n') {
        byte c = data[i];
        if (c < 0x20 || c > 0x7e) {
          throw new MalformedInputException(source, line, i,
              String.format(Locale.ROOT, "invalid byte 0x%02x in proof header", c & 0xff));
        }
        i++;
      }
      if (i == data.length) {
        throw new MalformedInputException(source, line, i, "unexpected end of proof, want " + what);
      }
      offset = i + 1;
      return new String(data, lineStart, i - lineStart, StandardCharsets.US_ASCII);
    }

    int offset() {
      return offset;
    }

    MalformedInputException error(String reason) {
      return new MalformedInputException(source, line, lineStart, reason);
    }
  }
}
