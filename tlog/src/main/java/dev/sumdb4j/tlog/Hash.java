package dev.sumdb4j.tlog;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A SHA-256 hash in a transparency log: exactly {@value #SIZE} bytes, immutable. Its text form is
 * standard padded base64 (44 characters), as Go's {@code tlog.Hash.String}.
 */
public final class Hash {
  /** The length of a hash in bytes. */
  public static final int SIZE = 32;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hash::newDigest);
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A digest and a 65-byte buffer per thread: node hashing with one update and no allocation. */
  private static final class Scratch {
    final MessageDigest md = newDigest();
    final byte[] buf = new byte[1 + 2 * SIZE];

    Scratch() {
      buf[0] = 1;
    }
  }
  private static final Hash EMPTY = new Hash(newDigest().digest());

  // Package-private so the proof code can hash without copying; never exposed or mutated.
  final byte[] b;

  private Hash(byte[] b) {
    this.b = b;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * {@return the hash with the 32 bytes {@code b} (copied)}
   *
   * @param b 32 bytes
   * @throws IllegalArgumentException if {@code b} is not exactly 32 bytes long (a programming error)
   */
  public static Hash of(byte[] b) {
    if (b.length != SIZE) {
      throw new IllegalArgumentException("hash must be " + SIZE + " bytes, got " + b.length);
    }
    return new Hash(b.clone());
  }

  /**
   * {@return the hash made of the 32 bytes of {@code b} starting at {@code offset} (copied)}
   *
   * @param b the bytes, at least {@code offset + 32} long
   * @param offset where the hash starts in {@code b}
   * @throws IllegalArgumentException if fewer than 32 bytes follow {@code offset}
   */
  public static Hash of(byte[] b, int offset) {
    if (offset < 0 || offset > b.length - SIZE) {
      throw new IllegalArgumentException("no hash at offset " + offset + " of " + b.length + " bytes");
    }
    return new Hash(Arrays.copyOfRange(b, offset, offset + SIZE));
  }

  /**
   * Parses the base64 text form, accepting exactly what {@link #toString()} produces.
   *
   * @param base64 the 44 characters of a 32-byte value in standard, padded base64
   * @throws MalformedInputException if {@code base64} is not canonical padded base64 of 32 bytes
   * @return the hash
   */
  public static Hash parse(String base64) throws MalformedInputException {
    byte[] b = base64.length() == 44 ? Codecs.decodeBase64OrNull(base64) : null;
    if (b == null || b.length != SIZE) {
      throw new MalformedInputException(null, -1, "malformed hash " + Codecs.quote(base64));
    }
    return new Hash(b);
  }

  /**
   * {@return the RFC 6962 hash of the record (leaf) {@code recordData}: SHA-256(0x00 || data)}
   *
   * @param recordData the record's content (for the checksum database, its record text)
   */
  public static Hash ofRecord(byte[] recordData) {
    MessageDigest md = SHA256.get();
    md.update((byte) 0);
    md.update(recordData);
    return new Hash(md.digest());
  }

  /**
   * {@return the RFC 6962 hash of the interior node over {@code left} and {@code right}}
   *
   * @param left the left child's hash
   * @param right the right child's hash
   */
  public static Hash ofNode(Hash left, Hash right) {
    return node(left.b, 0, right.b, 0);
  }

  /**
   * Returns the RFC 6962 node hash SHA-256(0x01 || l || r) of the 32-byte hashes stored in {@code
   * l} at {@code lo} and in {@code r} at {@code ro}.
   */
  static Hash node(byte[] l, int lo, byte[] r, int ro) {
    Scratch s = SCRATCH.get();
    System.arraycopy(l, lo, s.buf, 1, SIZE);
    System.arraycopy(r, ro, s.buf, 1 + SIZE, SIZE);
    s.md.update(s.buf, 0, s.buf.length);
    byte[] out = new byte[SIZE];
    digestInto(s.md, out, 0);
    return new Hash(out);
  }

  /**
   * Stores the node hash of the 32-byte arrays {@code l} and {@code r} into {@code out}, which
   * may be {@code l} or {@code r}: the allocation-free step of proof checking.
   */
  static void nodeInto(byte[] l, byte[] r, byte[] out) {
    Scratch s = SCRATCH.get();
    System.arraycopy(l, 0, s.buf, 1, SIZE);
    System.arraycopy(r, 0, s.buf, 1 + SIZE, SIZE);
    s.md.update(s.buf, 0, s.buf.length);
    digestInto(s.md, out, 0);
  }

  /** Wraps {@code b} (not copied; the caller gives up the array). */
  static Hash wrap(byte[] b) {
    return new Hash(b);
  }

  /**
   * {@return the hash of the complete subtree whose {@code count} leaves are the consecutive
   * 32-byte hashes in {@code data} starting at {@code offset}; {@code count} must be a power of
   * two} A single hash is its own subtree hash.
   *
   * @param data the leaf hashes, 32 bytes each
   * @param offset where the first leaf hash starts in {@code data}
   * @param count the number of leaves, a power of two
   * @throws IllegalArgumentException if {@code count} is not a power of two or the range is out of
   *     {@code data}
   */
  public static Hash ofSubtree(byte[] data, int offset, int count) {
    if (count <= 0 || Integer.bitCount(count) != 1 || offset < 0
        || (long) offset + (long) count * SIZE > data.length) {
      throw new IllegalArgumentException("bad subtree of " + count + " hashes at " + offset);
    }
    if (count == 1) {
      return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
    }
    byte[] level = new byte[count / 2 * SIZE];
    MessageDigest md = SHA256.get();
    for (int i = 0; i < count / 2; i++) {
      md.update((byte) 1);
      md.update(data, offset + 2 * i * SIZE, 2 * SIZE);
      digestInto(md, level, i * SIZE);
    }
    for (int n = count / 2; n > 1; n /= 2) {
      for (int i = 0; i < n / 2; i++) {
        md.update((byte) 1);
        md.update(level, 2 * i * SIZE, 2 * SIZE);
        digestInto(md, level, i * SIZE);
      }
    }
    return new Hash(Arrays.copyOf(level, SIZE));
  }

  private static void digestInto(MessageDigest md, byte[] out, int off) {
    try {
      md.digest(out, off, SIZE);
    } catch (java.security.DigestException e) {
      throw new AssertionError("bad math in digestInto", e);
    }
  }

  /** {@return the hash of the empty tree, SHA-256 of the empty string (RFC 6962)} */
  public static Hash emptyTree() {
    return EMPTY;
  }

  /** {@return a copy of the 32 bytes} */
  public byte[] bytes() {
    return b.clone();
  }

  /**
   * Copies the 32 bytes into {@code dst} at {@code offset}.
   *
   * @param dst the array to copy into, at least {@code offset + 32} long
   * @param offset where to copy to in {@code dst}
   */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(b, 0, dst, offset, SIZE);
  }

  /** Returns the padded base64 form, e.g. {@code 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=}. */
  @Override
  public String toString() {
    return Codecs.base64(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash && MessageDigest.isEqual(b, ((Hash) o).b);
  }

  @Override
  public int hashCode() {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}
