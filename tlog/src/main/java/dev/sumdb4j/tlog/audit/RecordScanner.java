package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.DataTile;
import dev.sumdb4j.tlog.tile.Tile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The audit's hot path over raw bytes, with no per-record allocation: splits a data tile into
 * records exactly as {@link DataTile#parse} does (and defers to it for the located error), hashes
 * records and tiles with a reused digest, and fingerprints the module version a record logs.
 * One instance per thread.
 */
final class RecordScanner {
  static final int H = 8;
  static final int FULL = 1 << H;

  private BulkSha256 sha = BulkSha256.create();
  final int[] starts = new int[FULL];
  final int[] ends = new int[FULL];
  /** Per record of the last split: offset of a malformed first line, or -1 (then the next two). */
  private final int[] keyBad = new int[FULL];
  private final int[] pathEnds = new int[FULL];
  private final int[] versionEnds = new int[FULL];
  private static final int SLOT = BulkSha256.NODE_SLOT;
  private final byte[] nodes = new byte[FULL / 2 * SLOT];
  private final int[] bounds = new int[4];
  private byte[] prefixed = new byte[256];

  RecordScanner() {
    for (int i = 0; i < FULL / 2; i++) {
      nodes[i * SLOT] = 1;
      BulkSha256.padNode(nodes, i * SLOT);
    }
  }

  /**
   * Starts over with a new hasher; call it now and then (once per chunk). JDK 17's SHA-256
   * allocates a 64-word message schedule the first time its Java code runs, before the JIT swaps
   * in the SHA intrinsic, and from then on a MessageDigest zeroes it at every reset (about 1 % of
   * a run); one made once the intrinsic is in use never allocates it.
   */
  void freshDigest() {
    sha = BulkSha256.create();
  }

  /**
   * Splits {@code data[0, len)} into the {@code tile.width()} records of data tile {@code tile}
   * into {@link #starts} and {@link #ends} (end = just after the record's final newline).
   *
   * @throws MalformedInputException as {@link DataTile#parse} reports it (source, byte offset)
   */
  void split(String source, Tile tile, byte[] data, int len) throws MalformedInputException {
    if (!trySplit(data, len, tile.width())) {
      reject(source, tile, data, len);
    }
  }

  /** As {@link #split}, with the tile's path as the source. */
  void split(Tile tile, byte[] data, int len) throws MalformedInputException {
    if (!trySplit(data, len, tile.width())) {
      reject(tile.path(), tile, data, len);
    }
  }

  private static void reject(String source, Tile tile, byte[] data, int len)
      throws MalformedInputException {
    DataTile.parse(source, tile, Arrays.copyOf(data, len));
    throw new AssertionError("bad math in RecordScanner: DataTile.parse accepted " + tile.path());
  }

  /**
   * Writes the hashes of the {@code w} records last {@link #split} from {@code data} (a buffer
   * the caller owns, see {@link #recordHashOwned}) into {@code out}, 32 bytes each.
   */
  void hashRecords(byte[] data, int w, byte[] out) {
    for (int i = 0; i < w; i++) {
      recordHashOwned(data, starts[i], ends[i], out, i * Hash.SIZE);
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Returns nonzero iff a byte of {@code w} is below 0x20 or at least 0x80 (SWAR). */
  private static long special(long w) {
    return ((w - 0x20 * ONES) | w) & HIGHS;
  }

  private static final long SPACES = 0x20 * ONES;

  /** Returns nonzero iff a byte of {@code w} is zero; its lowest set bit marks the first one. */
  private static long zeroByte(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /**
   * The fast path of {@link #split}: one pass over the bytes finds each record's end, checks its
   * characters, and notes its first line's spaces for {@link #fingerprintAt}. The lowest marked
   * byte of the SWAR masks is exact (a borrow only marks bytes above it), so the scan jumps
   * straight to the next space, newline, control or non-ASCII byte. Returns false (the caller
   * then asks {@link DataTile#parse} for the located error) on anything but a valid tile.
   */
  private boolean trySplit(byte[] d, int len, int w) {
    int start = 0;
    for (int i = 0; i < w; i++) {
      if (start >= len) {
        return false;
      }
      boolean ascii = true;
      int j = start;
      int s1 = -1;
      int s2 = -1;
      int s3 = -1;
      // the first line: note its first three spaces
      while (true) {
        if (j + 8 <= len) {
          long v = (long) LONGS.get(d, j);
          long m = special(v) | zeroByte(v ^ SPACES);
          if (m == 0) {
            j += 8;
            continue;
          }
          j += Long.numberOfTrailingZeros(m) >>> 3;
        } else if (j >= len) {
          return false;
        }
        int c = d[j];
        if (c == '\n') {
          break;
        } else if (c == ' ') {
          if (s1 < 0) {
            s1 = j;
          } else if (s2 < 0) {
            s2 = j;
          } else if (s3 < 0) {
            s3 = j;
          }
        } else if (c < 0x20) {
          if (c >= 0) {
            return false;
          }
          ascii = false;
        }
        j++;
      }
      int nl = j;
      // the rest: find the blank line that ends the record
      int end = -1;
      while (end < 0) {
        if (j + 8 <= len) {
          long m = special((long) LONGS.get(d, j));
          if (m == 0) {
            j += 8;
            continue;
          }
          j += Long.numberOfTrailingZeros(m) >>> 3;
        } else if (j + 1 >= len) {
          return false; // no room for a blank line
        }
        int c = d[j];
        if (c == '\n') {
          if (j + 1 >= len) {
            return false;
          }
          if (d[j + 1] == '\n') {
            end = j + 1;
          }
        } else if (c < 0x20) {
          if (c >= 0) {
            return false;
          }
          ascii = false;
        }
        j++;
      }
      if (!ascii && Codecs.firstBadNoteChar(d, start, end) >= 0) {
        return false;
      }
      starts[i] = start;
      ends[i] = end;
      // the module version on the first line, as keyBounds finds it
      if (s3 >= 0) {
        keyBad[i] = s3;
      } else if (s1 <= start || s2 <= s1 + 1 || s2 + 1 >= nl) {
        keyBad[i] = start;
      } else {
        keyBad[i] = -1;
        pathEnds[i] = s1;
        int ve = s2;
        if (s2 - s1 - 1 > GO_MOD.length
            && Arrays.equals(d, s2 - GO_MOD.length, s2, GO_MOD, 0, GO_MOD.length)) {
          ve = s2 - GO_MOD.length;
        }
        versionEnds[i] = ve;
      }
      start = end + 1;
    }
    return start == len;
  }

  /**
   * Returns {@link #fingerprint} of record {@code i} of the tile last {@link #split} from {@code
   * d}, or 0 with {@code bad[0]} set as {@link #fingerprint} does.
   */
  long fingerprintAt(byte[] d, int i, int[] bad) {
    if (keyBad[i] >= 0) {
      bad[0] = keyBad[i];
      return 0;
    }
    int s = starts[i];
    int p = pathEnds[i];
    return finish(d, s, p, p + 1, versionEnds[i]);
  }

  /** Writes the record hash SHA-256(0x00 || data[start, end)) into {@code out} at {@code off}. */
  void recordHash(byte[] data, int start, int end, byte[] out, int off) {
    int n = end - start;
    if (prefixed.length < n + 1) {
      prefixed = new byte[Math.max(n + 1, 2 * prefixed.length)];
    }
    prefixed[0] = 0;
    System.arraycopy(data, start, prefixed, 1, n);
    sha.hash(prefixed, 0, n + 1, out, off);
  }

  /**
   * As {@link #recordHash}, but for a buffer the caller owns and no other thread sees: the byte
   * before the record is briefly set to 0x00 so the hash reads one contiguous range.
   */
  void recordHashOwned(byte[] data, int start, int end, byte[] out, int off) {
    if (start == 0) {
      recordHash(data, start, end, out, off);
      return;
    }
    byte before = data[start - 1];
    data[start - 1] = 0;
    sha.hash(data, start - 1, end - start + 1, out, off);
    data[start - 1] = before;
  }

  /**
   * Writes the hash of the complete subtree over the {@code count} (a power of two) hashes at the
   * start of {@code hashes} into {@code out} at {@code off}.
   */
  void subtreeHash(byte[] hashes, int count, byte[] out, int off) {
    if (count == 1) {
      System.arraycopy(hashes, 0, out, off, Hash.SIZE);
      return;
    }
    // Node i of a level is hashed from slot i of nodes: 0x01 || left || right, then the padding
    // written once by the constructor. Its hash goes straight into the slot of its parent (i / 2),
    // whose input node i / 2 <= i has already been consumed: no copying above the first level.
    byte[] nd = nodes;
    for (int i = 0; i < count / 2; i++) {
      System.arraycopy(hashes, 2 * i * Hash.SIZE, nd, i * SLOT + 1, 2 * Hash.SIZE);
    }
    for (int n = count / 2; n > 1; n /= 2) {
      for (int i = 0; i < n; i++) {
        sha.hashNode(nd, i * SLOT, nd, (i >>> 1) * SLOT + 1 + (i & 1) * Hash.SIZE);
      }
    }
    sha.hashNode(nd, 0, out, off);
  }

  /**
   * Returns the 64-bit fingerprint of the module version ({@code path@version}, without {@code
   * /go.mod}) on the first line of the record {@code data[start, end)}, or 0 with {@code bad[0]}
   * set to the offset of the problem when the first line is not {@code <path> <version> <hash>}.
   */
  long fingerprint(byte[] d, int start, int end, int[] bad) {
    int[] f = bounds;
    if (!keyBounds(d, start, end, f, bad)) {
      return 0;
    }
    return finish(d, f[0], f[1], f[2], f[3]);
  }

  /** The fingerprint of path {@code d[p0, p1)} and version {@code d[v0, v1)}. */
  private static long finish(byte[] d, int p0, int p1, int v0, int v1) {
    long h = mixRange(0xcbf29ce484222325L, d, p0, p1);
    h = (h ^ '@') * 0x100000001b3L;
    h = mixRange(h, d, v0, v1);
    // murmur3 fmix64: spread FNV's weak high bits, which choose the bucket
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Mixes {@code d[from, to)} into {@code h}, 8 bytes at a time, then byte by byte. */
  private static long mixRange(long h, byte[] d, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(d, i)) * 0x9e3779b97f4a7c15L, 29);
    }
    for (; i < to; i++) {
      h = (h ^ (d[i] & 0xff)) * 0x100000001b3L;
    }
    return h ^ (to - from);
  }

  /** Returns {@code path@version} of the record {@code data[start, end)}, or null if malformed. */
  static String key(byte[] d, int start, int end) {
    int[] f = new int[4];
    if (!keyBounds(d, start, end, f, new int[1])) {
      return null;
    }
    return new String(d, f[0], f[1] - f[0], StandardCharsets.UTF_8) + "@"
        + new String(d, f[2], f[3] - f[2], StandardCharsets.UTF_8);
  }

  private static final byte[] GO_MOD = "/go.mod".getBytes(StandardCharsets.US_ASCII);

  /** Finds path [f0,f1) and version [f2,f3) on the first line; false with bad[0] on error. */
  private static boolean keyBounds(byte[] d, int start, int end, int[] f, int[] bad) {
    int nl = start;
    while (nl + 8 <= end && special((long) LONGS.get(d, nl)) == 0) {
      nl += 8;
    }
    while (nl < end && d[nl] != '\n') {
      nl++;
    }
    int s1 = -1;
    int s2 = -1;
    for (int i = start; i < nl; i++) {
      if (d[i] == ' ') {
        if (s1 < 0) {
          s1 = i;
        } else if (s2 < 0) {
          s2 = i;
        } else {
          bad[0] = i;
          return false;
        }
      }
    }
    if (s1 <= start || s2 <= s1 + 1 || s2 + 1 >= nl) {
      bad[0] = start;
      return false;
    }
    f[0] = start;
    f[1] = s1;
    f[2] = s1 + 1;
    f[3] = s2;
    int vlen = s2 - s1 - 1;
    if (vlen > GO_MOD.length && Arrays.equals(d, s2 - GO_MOD.length, s2, GO_MOD, 0, GO_MOD.length)) {
      f[3] = s2 - GO_MOD.length;
    }
    return true;
  }
}
