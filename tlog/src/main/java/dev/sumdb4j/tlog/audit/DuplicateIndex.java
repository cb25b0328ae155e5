package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.StateFiles;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The on-disk index from module versions to record ids, used to find a module version logged
 * twice and to look records up by module version, in memory that does not grow with the log.
 *
 * <p>Why this store: it needs no dependency and fits the job exactly. Each record adds one
 * 12-byte entry (the low 56 bits of a 64-bit fingerprint of {@code path@version}, then the 40-bit
 * record id) appended to one of 256 to 4096 bucket files chosen by the fingerprint's top bits
 * (which the entry therefore need not repeat), so a bucket holds about a million entries at most
 * (12 MB) and is scanned alone in bounded memory: streamed through an
 * open-addressing table of tags of its fingerprints (no sort), buckets in parallel. Appends are
 * idempotent (an entry written twice after a resumed run is the same entry), a torn final entry
 * is cut off on resume, and equal fingerprints are re-checked exactly against the record texts,
 * so a fingerprint collision is never reported as a duplicate. An embedded database (H2, MapDB,
 * RocksDB) would add a dependency, a write-ahead log and page cache of its own, and random
 * writes, for a workload that is one sequential append pass and one sequential scan.
 */
final class DuplicateIndex implements AutoCloseable {
  static final int ENTRY = 12;
  /** Record ids must be below this (2^40, about a trillion records). */
  static final long MAX_ID = 1L << 40;
  private static final long LOW56 = (1L << 56) - 1;

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

  /** Returns the fingerprint whose low 56 bits are {@code low} and whose top bits chose bucket {@code b}. */
  private long fingerprint(int b, long low) {
    return (long) (b >>> (bits - 8)) << 56 | low;
  }

  private Path file(int b) {
    return dir.resolve(String.format(java.util.Locale.ROOT, "bucket-%04x", b));
  }

  /** Cuts every bucket file to a whole number of entries (a killed run may have torn the last). */
  void truncateTorn() throws IOException {
    for (int b = 0; b < channels.length; b++) {
      Path f = file(b);
      long size;
      try {
        size = RegularFiles.check(f, Long.MAX_VALUE, false).size(); // a regular file, not a link
      } catch (NoSuchFileException e) {
        continue;
      }
      if (size % ENTRY != 0) {
        try (FileChannel ch = StateFiles.openForWrite(f, false)) {
          ch.truncate(size - size % ENTRY);
        }
      }
    }
  }

  /**
   * Appends the {@code n} entries (fingerprint, record id) in {@code pairs[0, 2n)}, using {@code
   * scratch} (the caller's, at least {@code n * ENTRY} bytes) to group them by bucket.
   */
  void append(long[] pairs, int n, ByteBuffer scratch) throws IOException {
    int nb = channels.length;
    int[] count = new int[nb + 1];
    for (int i = 0; i < n; i++) {
      count[bucket(pairs[2 * i]) + 1]++;
    }
    for (int b = 0; b < nb; b++) {
      count[b + 1] += count[b];
    }
    int[] pos = Arrays.copyOf(count, nb);
    byte[] buf = scratch.array();
    for (int i = 0; i < n; i++) {
      long fp = pairs[2 * i];
      long id = pairs[2 * i + 1];
      if (id < 0 || id >= MAX_ID) {
        throw new IllegalArgumentException("record id " + id + " outside the index's range [0, 2^40)");
      }
      int at = pos[bucket(fp)]++ * ENTRY;
      BIG_LONGS.set(buf, at, fp << 8 | id >>> 32);
      BIG_INTS.set(buf, at + 8, (int) id);
    }
    for (int b = 0; b < nb; b++) {
      if (count[b + 1] > count[b]) {
        write(b, ByteBuffer.wrap(buf, count[b] * ENTRY, (count[b + 1] - count[b]) * ENTRY));
      }
    }
  }

  private static final VarHandle BIG_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** The low 56 bits of the fingerprint of the entry at byte {@code at} of {@code buf}. */
  private static long low56(ByteBuffer buf, int at) {
    return buf.getLong(at) >>> 8;
  }

  /** The record id of the entry at byte {@code at} of {@code buf}. */
  private static long id(ByteBuffer buf, int at) {
    return (buf.get(at + 7) & 0xffL) << 32 | buf.getInt(at + 8) & 0xffffffffL;
  }

  private void write(int b, ByteBuffer slice) throws IOException {
    FileChannel ch = channel(b);
    synchronized (ch) {
      while (slice.hasRemaining()) {
        ch.write(slice);
      }
    }
  }

  private synchronized FileChannel channel(int b) throws IOException {
    if (channels[b] == null) {
      channels[b] = StateFiles.openForWrite(file(b), true); // never a link or a FIFO
    }
    return channels[b];
  }

  /** Reads bucket {@code b} whole (entries only). */
  private ByteBuffer read(int b) throws IOException {
    byte[] all = MirrorDir.readOrNull(file(b), Integer.MAX_VALUE - 8); // a regular file, not a link
    if (all == null) {
      return ByteBuffer.allocate(0);
    }
    return ByteBuffer.wrap(all, 0, all.length - all.length % ENTRY);
  }

  /** Receives the distinct record ids sharing one fingerprint. */
  interface CollisionSink {
    void collision(long fingerprint, long[] recordIds) throws IOException;
  }

  /**
   * Calls {@code sink} for every fingerprint held by two or more distinct record ids, in unsigned
   * fingerprint order, from the calling thread. Buckets are scanned by {@code threads} threads,
   * each streaming one bucket at a time through a hash table of 32-bit tags of its fingerprints
   * (memory: about 8 bytes per entry of the largest bucket, per thread).
   */
  void forEachCollision(int threads, CollisionSink sink) throws IOException {
    AtomicInteger next = new AtomicInteger();
    List<long[]> found = Collections.synchronizedList(new ArrayList<>());
    Workers workers = new Workers();
    Throwable f = workers.run(Math.max(1, Math.min(threads, channels.length)), "sumdb4j-index",
        () -> {
          BucketScan scan = new BucketScan();
          for (int b; (b = next.getAndIncrement()) < channels.length && !workers.failed(); ) {
            scan.collisions(b, found);
          }
        });
    Workers.rethrow(f, "duplicate index scan interrupted");
    List<long[]> all = new ArrayList<>(found);
    all.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
    for (long[] c : all) {
      sink.collision(c[0], Arrays.copyOfRange(c, 1, c.length));
    }
  }

  /**
   * One thread's bucket scanner: a reused read buffer and an open-addressing table of 32-bit tags
   * of the fingerprints (slot from their low bits, tag from their high bits: 2 MB for today's 226k
   * entries a bucket, small enough to stay mostly in cache; the pass is bound by its cache
   * misses). A tag seen twice only makes a candidate: the rare second pass collects the record ids
   * of the candidate fingerprints exactly, so a tag collision, or an entry re-appended by a
   * resumed run (the same id again), is not a repeat.
   */
  private final class BucketScan {
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private int[] table = new int[1 << 12];

    /** Adds {@code [fp, ids...]} for every fingerprint of bucket {@code b} with two or more ids. */
    void collisions(int b, List<long[]> out) throws IOException {
      Path file = file(b);
      FileChannel ch;
      try {
        ch = RegularFiles.channel(file, Long.MAX_VALUE, false); // a regular file, not a link or a FIFO
      } catch (NoSuchFileException e) {
        return;
      }
      try (ch) {
        long entries = ch.size() / ENTRY;
        if (entries < 2) {
          return;
        }
        if (entries > (1 << 28)) {
          throw new IOException(file + ": too many entries (" + entries + ")");
        }
        int cap = Integer.highestOneBit((int) entries * 2 - 1) << 1;
        if (table.length < cap || table.length > 4 * cap && table.length > (1 << 12)) {
          table = new int[Math.max(cap, 1 << 12)];
        } else {
          Arrays.fill(table, 0, cap, 0);
        }
        int mask = cap - 1;
        Set<Long> repeated = null;
        long left = entries;
        ch.position(0);
        while (left > 0) {
          int n = fill(ch, file, (int) Math.min(left, buf.capacity() / ENTRY));
          for (int i = 0; i < n; i++) {
            long fp = low56(buf, i * ENTRY);
            int tag = (int) (fp >>> 24) | 1; // never 0, the empty slot
            boolean seen = false;
            int h = (int) fp & mask;
            while (true) {
              int t = table[h];
              if (t == 0) {
                table[h] = tag;
                break;
              } else if (t == tag) {
                seen = true;
                break;
              }
              h = (h + 1) & mask;
            }
            if (seen) {
              if (repeated == null) {
                repeated = new HashSet<>();
              }
              repeated.add(fp);
            }
          }
          left -= n;
        }
        if (repeated == null) {
          return;
        }
        // Rare: gather the ids of the repeated fingerprints in a second pass.
        Map<Long, TreeSet<Long>> ids = new HashMap<>();
        left = entries;
        ch.position(0);
        while (left > 0) {
          int n = fill(ch, file, (int) Math.min(left, buf.capacity() / ENTRY));
          for (int i = 0; i < n; i++) {
            long fp = low56(buf, i * ENTRY);
            if (repeated.contains(fp)) {
              ids.computeIfAbsent(fp, k -> new TreeSet<>()).add(id(buf, i * ENTRY));
            }
          }
          left -= n;
        }
        for (Map.Entry<Long, TreeSet<Long>> e : ids.entrySet()) {
          if (e.getValue().size() > 1) {
            long[] c = new long[e.getValue().size() + 1];
            c[0] = fingerprint(b, e.getKey());
            int k = 1;
            for (long id : e.getValue()) {
              c[k++] = id;
            }
            out.add(c);
          }
        }
      }
    }

    /** Reads the next {@code n} entries into {@code buf}; returns n. */
    private int fill(FileChannel ch, Path file, int n) throws IOException {
      buf.clear().limit(n * ENTRY);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new IOException(file + ": shrank while reading");
        }
      }
      return n;
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
      Set<Long> want = new HashSet<>();
      for (long fp : e.getValue()) {
        want.add(fp & LOW56);
      }
      int b = e.getKey();
      ByteBuffer buf = read(b);
      for (int i = 0; i < buf.limit() / ENTRY; i++) {
        long low = low56(buf, i * ENTRY);
        if (want.contains(low)) {
          found.computeIfAbsent(fingerprint(b, low), k -> new TreeSet<>()).add(id(buf, i * ENTRY));
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
