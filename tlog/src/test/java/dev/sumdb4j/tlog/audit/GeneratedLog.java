package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.Tiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A generated go.sum log, built fast straight into tiles (record hashes, then every 8th tree level)
 * and cached per JVM: record {@code id} logs {@code golang.example/m<id>/<seed> v1.<id%10>.0} with
 * fake hashes, except the duplicate record, which logs the module version of another one. Any
 * prefix of the log is a signed tree ({@link #view}). Data tiles are in sum.golang.org's format.
 */
final class GeneratedLog {
  static final int H = 8;
  private static final Map<String, GeneratedLog> CACHE = new ConcurrentHashMap<>();
  static final SignerKey SIGNER;
  static final VerifierKey KEY;

  static {
    try {
      SIGNER = SignerKey.fromSeed("log.test.sumdb4j", new byte[32]);
      KEY = SIGNER.verifierKey();
    } catch (SumdbException e) {
      throw new AssertionError(e);
    }
  }

  final long size;
  final int seed;
  final long dupAt;
  final long dupOf;
  private final byte[][] levels; // levels[L] = hashes of tree level 8L, 32 bytes each

  static Verifiers verifiers() {
    return Verifiers.of(KEY);
  }

  /** Returns the (cached) log of {@code size} records. */
  static GeneratedLog of(long size, int seed) {
    return CACHE.computeIfAbsent(size + "/" + seed, k -> new GeneratedLog(size, seed, -1, -1));
  }

  /** Returns the (cached) log where record {@code dupAt} logs the module version of {@code dupOf}. */
  static GeneratedLog withDuplicate(long size, long dupOf, long dupAt) {
    return CACHE.computeIfAbsent(size + "/dup/" + dupOf + "/" + dupAt,
        k -> new GeneratedLog(size, 0, dupOf, dupAt));
  }

  private GeneratedLog(long size, int seed, long dupOf, long dupAt) {
    this.size = size;
    this.seed = seed;
    this.dupOf = dupOf;
    this.dupAt = dupAt;
    List<byte[]> ls = new ArrayList<>();
    byte[] leaves = new byte[Math.toIntExact(size * Hash.SIZE)];
    int chunks = (int) ((size + 4095) / 4096);
    IntStream.range(0, chunks).parallel().forEach(c -> {
      MessageDigest md = BulkSha256.newDigest();
      for (long id = c * 4096L; id < Math.min(size, c * 4096L + 4096); id++) {
        md.update((byte) 0);
        md.update(record(id));
        try {
          md.digest(leaves, (int) (id * Hash.SIZE), Hash.SIZE);
        } catch (java.security.DigestException e) {
          throw new AssertionError(e);
        }
      }
    });
    ls.add(leaves);
    RecordScanner s = new RecordScanner();
    for (byte[] below = leaves; below.length / Hash.SIZE >= 256; ) {
      int n = below.length / Hash.SIZE / 256;
      byte[] up = new byte[n * Hash.SIZE];
      for (int i = 0; i < n; i++) {
        s.subtreeHash(Arrays.copyOfRange(below, i * 256 * Hash.SIZE, (i + 1) * 256 * Hash.SIZE), 256, up, i * Hash.SIZE);
      }
      ls.add(up);
      below = up;
    }
    levels = ls.toArray(new byte[0][]);
  }

  private static void fake(long x, byte[] out) {
    for (int i = 0; i < 4; i++) {
      long z = (x += 0x9e3779b97f4a7c15L);
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      z ^= z >>> 31;
      for (int j = 0; j < 8; j++) {
        out[i * 8 + j] = (byte) (z >>> (8 * j));
      }
    }
  }

  /** Returns {@code path version} logged by record {@code id}. */
  String moduleVersion(long id) {
    long m = id == dupAt ? dupOf : id;
    return "golang.example/m" + m + "/s" + seed + " v1." + (m % 10) + ".0";
  }

  /** Returns the text of record {@code id}. */
  byte[] record(long id) {
    byte[] h = new byte[32];
    String mv = moduleVersion(id);
    fake(id * 2 + seed * 1_000_003L, h);
    String zip = Base64.getEncoder().encodeToString(h);
    fake(id * 2 + 1 + seed * 1_000_003L, h);
    String mod = Base64.getEncoder().encodeToString(h);
    return (mv + " h1:" + zip + "\n" + mv + "/go.mod h1:" + mod + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The log's first {@code size} records as a signed tree. */
  View view(long n) {
    if (n < 0 || n > size) {
      throw new IllegalArgumentException("view " + n + " of " + size);
    }
    return new View(n);
  }

  View view() {
    return view(size);
  }

  /** A prefix of the log. */
  final class View {
    final long n;
    final Tree tree;
    final byte[] signedNote;

    View(long n) {
      this.n = n;
      try {
        Hash h = n == 0 ? Hash.emptyTree() : TreeHash.of(n, reader());
        this.tree = new Tree(n, h);
        String text = new String(Checkpoint.sumdb(tree).format(), StandardCharsets.UTF_8);
        this.signedNote = Note.sign(Note.of(text), SIGNER);
      } catch (IOException | SumdbException e) {
        throw new AssertionError(e);
      }
    }

    HashReader reader() {
      return indexes -> {
        List<Hash> out = new ArrayList<>();
        for (long x : indexes) {
          Tile t = Tile.forIndex(H, x).parent(0, n).orElseThrow();
          out.add(t.hashFromTile(tile(t), x));
        }
        return out;
      };
    }

    /** Returns whether {@code t} is one of this tree's tiles (exact width), data tiles included. */
    boolean has(Tile t) {
      if (t.height() != H) {
        return false;
      }
      int level = Math.max(t.level(), 0);
      long nodes = level * H >= 63 ? 0 : n >>> (level * H);
      long start = t.index() << H;
      return start < nodes && Math.min(256, nodes - start) == t.width();
    }

    /** Returns the content of tile {@code t}, which must be one of this tree's tiles. */
    byte[] tile(Tile t) {
      if (!has(t)) {
        throw new IllegalArgumentException("no tile " + t.path() + " in tree of size " + n);
      }
      long start = t.index() << H;
      if (t.level() < 0) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.width() * 200);
        for (long id = start; id < start + t.width(); id++) {
          out.writeBytes(record(id));
          out.write('\n');
        }
        return out.toByteArray();
      }
      int from = Math.toIntExact(start * Hash.SIZE);
      return Arrays.copyOfRange(levels[t.level()], from, from + t.width() * Hash.SIZE);
    }

    /** Returns every tile of this tree, data tiles included. */
    List<Tile> tiles() {
      List<Tile> out = new ArrayList<>();
      for (Tile t : Tiles.newTiles(H, 0, n)) {
        out.add(t);
        if (t.level() == 0) {
          out.add(t.dataTile());
        }
      }
      return out;
    }

    /** Writes this tree as a mirror directory, as {@code audit mirror} would. */
    void writeMirror(Path dir) throws IOException {
      List<Tile> all = tiles();
      all.parallelStream().forEach(t -> {
        try {
          Path f = dir.resolve(t.path());
          Files.createDirectories(f.getParent());
          Files.write(f, tile(t));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Files.write(dir.resolve("latest"), signedNote);
    }
  }
}
