package dev.sumdb4j.tlog.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The on-disk index from module versions to record ids, used to find a module version logged
 * twice and to look records up by module version, in memory that does not grow with the log.
 *
 * <p>Why this store: it needs no dependency and fits the job exactly. Each record adds one
 * 16-byte entry (a 64-bit fingerprint of {@code path@version}, then the record id) appended to
 * one of 256 to 4096 bucket files chosen by the fingerprint's top bits, so a bucket holds about a
 * million entries at most (16 MB) and is sorted or scanned alone in bounded memory. Appends are
 * idempotent (an entry written twice after a resumed run is the same entry), a torn final entry
 * is cut off on resume, and equal fingerprints are re-checked exactly against the record texts,
 * so a fingerprint collision is never reported as a duplicate. An embedded database (H2, MapDB,
 * RocksDB) would add a dependency, a write-ahead log and page cache of its own, and random
 * writes, for a workload that is one sequential append pass and one sequential scan.
 */
final class DuplicateIndex implements AutoCloseable {
  static final int ENTRY = 16;

  private final Path dir;
  private final int bits;
  private final FileChannel[] channels;

  DuplicateIndex(Path dir, int buckets) throws IOException {
    if (Integer.bitCount(buckets) != 1 || buckets < 256 || buckets > 4096) {
      throw new IllegalArgumentException("buckets must be a power of two in 256..4096, got " + buckets);
    }
    this.dir = dir;
    this.bits = Integer.numberOfTrailingZeros(buckets);
    this.channels = new FileChannel[buckets];
    Files.createDirectories(dir);
  }

  /** Returns the bucket count for a log of {@code records}: about 1M entries per bucket at most. */
  static int bucketsFor(long records) {
    long b = 256;
    while (b < 4096 && records / b > (1 << 20)) {
      b *= 2;
    }
    return (int) b;
  }

  int buckets() {
    return channels.length;
  }

  private int bucket(long fp) {
    return (int) (fp >>> (64 - bits));
  }

  private Path file(int b) {
    return dir.resolve(String.format("bucket-%04x", b));
  }

  /** Cuts every bucket file to a whole number of entries (a killed run may have torn the last). */
  void truncateTorn() throws IOException {
    for (int b = 0; b < channels.length; b++) {
      Path f = file(b);
      if (Files.exists(f)) {
        long size = Files.size(f);
        if (size % ENTRY != 0) {
          try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size - size % ENTRY);
          }
        }
      }
    }
  }

  /** Appends the {@code n} entries (fingerprint, record id) in {@code pairs[0, 2n)}. */
  void append(long[] pairs, int n) throws IOException {
    int[] count = new int[channels.length + 1];
    for (int i = 0; i < n; i++) {
      count[bucket(pairs[2 * i]) + 1]++;
    }
    for (int b = 0; b < channels.length; b++) {
      count[b + 1] += count[b];
    }
    int[] pos = Arrays.copyOf(count, channels.length);
    ByteBuffer buf = ByteBuffer.allocate(n * ENTRY);
    for (int i = 0; i < n; i++) {
      int at = pos[bucket(pairs[2 * i])]++ * ENTRY;
      buf.putLong(at, pairs[2 * i]);
      buf.putLong(at + 8, pairs[2 * i + 1]);
    }
    for (int b = 0; b < channels.length; b++) {
      if (count[b + 1] > count[b]) {
        ByteBuffer slice = buf.duplicate();
        slice.limit(count[b + 1] * ENTRY).position(count[b] * ENTRY);
        FileChannel ch = channel(b);
        synchronized (ch) {
          while (slice.hasRemaining()) {
            ch.write(slice);
          }
        }
      }
    }
  }

  private synchronized FileChannel channel(int b) throws IOException {
    if (channels[b] == null) {
      channels[b] = FileChannel.open(file(b), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    return channels[b];
  }

  /** Reads bucket {@code b} whole (entries only). */
  private ByteBuffer read(int b) throws IOException {
    Path f = file(b);
    if (!Files.exists(f)) {
      return ByteBuffer.allocate(0);
    }
    byte[] all = Files.readAllBytes(f);
    return ByteBuffer.wrap(all, 0, all.length - all.length % ENTRY);
  }

  /** Receives the distinct record ids sharing one fingerprint. */
  interface CollisionSink {
    void collision(long fingerprint, long[] recordIds) throws IOException;
  }

  /**
   * Calls {@code sink} for every fingerprint held by two or more distinct record ids, one bucket
   * at a time (memory: one bucket's fingerprints).
   */
  void forEachCollision(CollisionSink sink) throws IOException {
    for (int b = 0; b < channels.length; b++) {
      ByteBuffer buf = read(b);
      int n = buf.limit() / ENTRY;
      long[] fps = new long[n];
      for (int i = 0; i < n; i++) {
        fps[i] = buf.getLong(i * ENTRY);
      }
      Arrays.sort(fps);
      Set<Long> repeated = new java.util.HashSet<>();
      for (int i = 1; i < n; i++) {
        if (fps[i] == fps[i - 1]) {
          repeated.add(fps[i]);
        }
      }
      fps = null;
      if (repeated.isEmpty()) {
        continue;
      }
      Map<Long, TreeSet<Long>> ids = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long fp = buf.getLong(i * ENTRY);
        if (repeated.contains(fp)) {
          ids.computeIfAbsent(fp, k -> new TreeSet<>()).add(buf.getLong(i * ENTRY + 8));
        }
      }
      for (Map.Entry<Long, TreeSet<Long>> e : new java.util.TreeMap<>(ids).entrySet()) {
        if (e.getValue().size() > 1) {
          sink.collision(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).toArray());
        }
      }
    }
  }

  /** Returns, for each of {@code fingerprints}, the distinct record ids indexed under it. */
  Map<Long, List<Long>> find(Set<Long> fingerprints) throws IOException {
    Map<Integer, List<Long>> byBucket = new HashMap<>();
    for (long fp : fingerprints) {
      byBucket.computeIfAbsent(bucket(fp), k -> new ArrayList<>()).add(fp);
    }
    Map<Long, TreeSet<Long>> found = new HashMap<>();
    for (Map.Entry<Integer, List<Long>> e : byBucket.entrySet()) {
      Set<Long> want = new java.util.HashSet<>(e.getValue());
      ByteBuffer buf = read(e.getKey());
      for (int i = 0; i < buf.limit() / ENTRY; i++) {
        long fp = buf.getLong(i * ENTRY);
        if (want.contains(fp)) {
          found.computeIfAbsent(fp, k -> new TreeSet<>()).add(buf.getLong(i * ENTRY + 8));
        }
      }
    }
    Map<Long, List<Long>> out = new HashMap<>();
    found.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    IOException first = null;
    for (int b = 0; b < channels.length; b++) {
      if (channels[b] != null) {
        try {
          channels[b].close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
        channels[b] = null;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
