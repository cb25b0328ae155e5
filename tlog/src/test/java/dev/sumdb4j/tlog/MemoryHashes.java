package dev.sumdb4j.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test log kept in memory: its stored hashes, appended with {@link StoredHashes#forRecord}. */
public final class MemoryHashes implements HashReader {
  private final List<Hash> stored = new ArrayList<>();
  private long size;

  /** Returns the log of records {@code "leaf 0"}, ..., {@code "leaf n-1"} (x/mod TestTree). */
  public static MemoryHashes leaves(long n) {
    MemoryHashes m = new MemoryHashes();
    for (long i = 0; i < n; i++) {
      m.append(leaf(i));
    }
    return m;
  }

  /** Returns the bytes of record {@code "leaf i"}. */
  public static byte[] leaf(long i) {
    return ("leaf " + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Appends a record. */
  public void append(byte[] record) {
    try {
      stored.addAll(StoredHashes.forRecord(size, record, this));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    size++;
  }

  /** The number of records. */
  public long size() {
    return size;
  }

  /** The number of stored hashes. */
  public int storedCount() {
    return stored.size();
  }

  /** The tree hash of the first {@code n} records. */
  public Hash treeHash(long n) {
    try {
      return TreeHash.of(n, this);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public List<Hash> readHashes(long[] storedIndexes) {
    List<Hash> out = new ArrayList<>(storedIndexes.length);
    for (long x : storedIndexes) {
      out.add(stored.get(Math.toIntExact(x)));
    }
    return out;
  }
}
