package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks a range of level-0 tiles of a mirror (one thread, buffers reused): each data tile parses
 * strictly, each record hashes to its level-0 entry, each full level-0 tile hashes to its entry in
 * the level-1 tile; collects the (fingerprint, record id) pairs of the duplicate index. A
 * mismatch is blamed on the file that disagrees with the rest: the records or the level-0 tile,
 * whichever hashes to the level-1 entry, or the level-1 entry when both agree with each other.
 */
final class ChunkChecker {
  private static final int H = RecordScanner.H;
  private static final int FULL = RecordScanner.FULL;
  private static final int MAX_PER_TILE = 8;
  /** Ends the message of a mismatch that the tiles alone cannot blame on the record or the entry. */
  static final String AMBIGUOUS = " (the record or the entry is corrupt)";

  private final MirrorDir dir;
  private final long treeSize;
  private final Set<Tile> badTiles;
  private final RecordScanner s = new RecordScanner();
  private final TileFileReader files;
  private final int[] bad = {-1};
  private final byte[] recHashes = new byte[FULL * Hash.SIZE];
  private final byte[] root = new byte[Hash.SIZE];
  private final byte[] root2 = new byte[Hash.SIZE];
  private byte[] hashBuf = new byte[FULL * Hash.SIZE];
  private byte[] dataBuf = new byte[1 << 16];
  private Tile parent;
  private byte[] parentData;

  final List<AuditProblem> problems = new ArrayList<>();
  long[] pairs = new long[2 * FULL];
  int npairs;
  long records;

  ChunkChecker(MirrorDir dir, long treeSize, Set<Tile> badTiles) {
    this.dir = dir;
    this.treeSize = treeSize;
    this.badTiles = badTiles;
    this.files = new TileFileReader(dir);
  }

  /** Returns the level-0 tile {@code n} of the tree (full, or partial at the right edge). */
  static Tile level0(long n, long treeSize) {
    long w = Math.min(FULL, treeSize - (n << H));
    return new Tile(H, 0, n, (int) w);
  }

  private ByteBuffer appendBuf;

  /** Returns a buffer of at least {@code npairs} index entries for {@link DuplicateIndex#append}. */
  ByteBuffer appendBuffer() {
    if (appendBuf == null || appendBuf.capacity() < npairs * DuplicateIndex.ENTRY) {
      appendBuf = ByteBuffer.allocate(pairs.length / 2 * DuplicateIndex.ENTRY);
    }
    return appendBuf;
  }

  /** Resets the outputs (problems, index entries) gathered since the last reset. */
  void reset() {
    problems.clear();
    npairs = 0;
    records = 0;
  }

  /** Checks level-0 tiles [from, to), adding to the outputs gathered since the last reset. */
  void check(long from, long to) throws IOException {
    s.freshDigest();
    long need = 2 * (npairs + FULL * (to - from));
    if (pairs.length < need) {
      pairs = Arrays.copyOf(pairs, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * pairs.length)));
    }
    for (long n = from; n < to; n++) {
      checkTile(level0(n, treeSize));
    }
  }

  // The per-tile work is split into methods with one loop each: C2 compiles them apart instead of
  // inlining everything into one slow, huge compilation (about 2 s of warm-up CPU before).
  private void checkTile(Tile t) throws IOException {
    Tile d = t.dataTile();
    int w = t.width();
    long first = t.index() << H;
    boolean hashOk = readLevel0(t, w);
    boolean dataOk = readData(d, first);
    if (dataOk) {
      s.hashRecords(dataBuf, w, recHashes);
      fingerprints(d, w, first);
      records += w;
    }
    int entry = (int) (t.index() & (FULL - 1));
    byte[] pdata = t.isFull() ? parentData(t) : null;
    int poff = entry * Hash.SIZE;
    boolean mismatch = dataOk && hashOk
        && Arrays.mismatch(recHashes, 0, w * Hash.SIZE, hashBuf, 0, w * Hash.SIZE) >= 0;
    if (!mismatch) {
      if (hashOk && pdata != null) {
        s.subtreeHash(hashBuf, FULL, root, 0);
        if (!same(root, pdata, poff)) {
          blameParent(t, root, pdata, poff);
        }
      }
      return;
    }
    reportMismatch(t, d, w, first, pdata, poff);
  }

  /** Records and level-0 tile disagree: blames the one the level-1 entry does not vouch for. */
  private void reportMismatch(Tile t, Tile d, int w, long first, byte[] pdata, int poff) {
    String blame = "both";
    if (pdata != null) {
      s.subtreeHash(recHashes, FULL, root, 0);
      s.subtreeHash(hashBuf, FULL, root2, 0);
      if (same(root, pdata, poff)) {
        blame = "tile";
      } else if (same(root2, pdata, poff)) {
        blame = "data";
      }
    }
    if (!blame.equals("data")) {
      badTiles.add(t);
    }
    int reported = 0;
    for (int i = 0; i < w; i++) {
      int o = i * Hash.SIZE;
      int m = Arrays.mismatch(recHashes, o, o + Hash.SIZE, hashBuf, o, o + Hash.SIZE);
      if (m < 0) {
        continue;
      }
      if (++reported > MAX_PER_TILE) {
        continue;
      }
      String got = Hash.of(recHashes, o).toString();
      String want = Hash.of(hashBuf, o).toString();
      if (!blame.equals("data")) {
        problems.add(new AuditProblem(t.path(), first + i, o + m, "entry is " + want
            + ", but record " + (first + i) + " in " + d.path() + " (byte offset " + s.starts[i]
            + ") hashes to " + got + (blame.equals("both") ? AMBIGUOUS : "")));
      }
      if (!blame.equals("tile")) {
        problems.add(new AuditProblem(d.path(), first + i, s.starts[i], "record hashes to " + got
            + ", but " + t.path() + " says " + want + " (byte offset " + (o + m) + ")"
            + (blame.equals("both") ? AMBIGUOUS : "")));
      }
    }
    if (reported > MAX_PER_TILE) {
      problems.add(new AuditProblem(d.path(), -1, -1, (reported - MAX_PER_TILE)
          + " more records disagree with " + t.path()));
    }
  }

  /** Reads level-0 tile {@code t} into {@link #hashBuf}; false (a problem noted) if unusable. */
  private boolean readLevel0(Tile t, int w) throws IOException {
    byte[] hb = files.read(t, hashBuf);
    if (hb == null) {
      problems.add(new AuditProblem(t.path(), -1, -1, "missing"));
      return false;
    }
    hashBuf = hb;
    int hlen = files.length();
    if (hlen != w * Hash.SIZE) {
      problems.add(new AuditProblem(t.path(), -1, Math.min(hlen, w * Hash.SIZE),
          "tile has " + hlen + " bytes, want " + w * Hash.SIZE));
      return false;
    }
    return true;
  }

  /** Reads and splits data tile {@code d} into {@link #dataBuf}; false (a problem noted) if bad. */
  private boolean readData(Tile d, long first) throws IOException {
    byte[] db = files.read(d, dataBuf);
    if (db == null) {
      problems.add(new AuditProblem(d.path(), -1, -1, "missing"));
      return false;
    }
    dataBuf = db;
    int dlen = files.length();
    try {
      s.split(d, dataBuf, dlen);
      return true;
    } catch (MalformedInputException e) {
      problems.add(new AuditProblem(d.path(), first + recordAt(dataBuf, dlen, e.offset()),
          e.offset(), e.reason()));
      return false;
    }
  }

  /** Adds the index entries of the {@code w} records just split, noting malformed first lines. */
  private void fingerprints(Tile d, int w, long first) {
    for (int i = 0; i < w; i++) {
      long fp = s.fingerprintAt(dataBuf, i, bad);
      if (fp == 0 && bad[0] >= 0) {
        problems.add(new AuditProblem(d.path(), first + i, bad[0],
            "first line of record is not \"<path> <version> <hash>\""));
        bad[0] = -1;
      } else {
        pairs[2 * npairs] = fp;
        pairs[2 * npairs + 1] = first + i;
        npairs++;
      }
    }
  }

  private void blameParent(Tile t, byte[] got, byte[] pdata, int poff) {
    int m = Arrays.mismatch(got, 0, Hash.SIZE, pdata, poff, poff + Hash.SIZE);
    badTiles.add(parent);
    problems.add(new AuditProblem(parent.path(), -1, poff + m, "entry #" + (poff / Hash.SIZE)
        + " is " + Hash.of(pdata, poff) + ", but " + t.path() + " (consistent with its records) hashes to "
        + Hash.of(got)));
  }

  private static boolean same(byte[] h, byte[] data, int off) {
    return Arrays.equals(h, 0, Hash.SIZE, data, off, off + Hash.SIZE);
  }

  /** The level-1 tile's data, or null if missing or malformed (reported by the upper pass). */
  private byte[] parentData(Tile t) throws IOException {
    if (parent != null && parent.index() == t.index() >>> H) {
      return parentData;
    }
    Tile p = t.parent(1, treeSize).orElse(null);
    if (p == null) {
      return null;
    }
    if (!p.equals(parent)) {
      parent = p;
      parentData = dir.readOrNull(p);
      if (parentData != null && parentData.length != p.width() * Hash.SIZE) {
        parentData = null;
      }
    }
    return parentData;
  }

  /** Returns the index in its tile of the record containing byte {@code offset}. */
  static long recordAt(byte[] d, int len, long offset) {
    long r = 0;
    for (int j = 0; j + 1 < len && j < offset; j++) {
      if (d[j] == '\n' && d[j + 1] == '\n') {
        if (j + 1 >= offset) {
          break;
        }
        r++;
        j++;
      }
    }
    return r;
  }
}
