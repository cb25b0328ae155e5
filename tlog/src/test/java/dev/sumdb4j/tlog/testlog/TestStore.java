package dev.sumdb4j.tlog.testlog;

import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.client.VerifiedLookup;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SumdbStore} in memory for tests, with file names as in the go command's cache ({@code
 * lookup/<key>}, {@code tile/...}, {@code latest}), that tests can inspect and damage (which the
 * cache package's {@code MemoryStore} does not offer).
 */
public final class TestStore implements SumdbStore {
  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  @Override
  public Optional<byte[]> readLookup(String key) {
    return read("lookup/" + key);
  }

  @Override
  public void writeLookup(VerifiedLookup lookup) {
    write("lookup/" + lookup.key(), lookup.body());
  }

  @Override
  public Optional<byte[]> readTile(String tilePath) {
    return read(tilePath);
  }

  @Override
  public void writeTile(VerifiedTile tile) {
    write(tile.tile().path(), tile.data());
  }

  @Override
  public byte[] readLatest() {
    return read("latest").orElse(new byte[0]);
  }

  @Override
  public synchronized boolean compareAndSwapLatest(byte[] expected, byte[] replacement) {
    if (!Arrays.equals(readLatest(), expected)) {
      return false;
    }
    write("latest", replacement);
    return true;
  }

  private Optional<byte[]> read(String name) {
    return Optional.ofNullable(files.get(name)).filter(b -> b.length > 0).map(byte[]::clone);
  }

  private void write(String name, byte[] data) {
    writes.incrementAndGet();
    files.put(name, data.clone());
  }

  /** The stored file {@code name} (e.g. {@code tile/2/0/000}), or null. */
  public byte[] file(String name) {
    byte[] b = files.get(name);
    return b == null ? null : b.clone();
  }

  /** Replaces (or creates) file {@code name}, as damage or another process would. */
  public void put(String name, byte[] data) {
    files.put(name, data.clone());
  }

  /** Removes file {@code name}. */
  public void remove(String name) {
    files.remove(name);
  }

  /** Every file name and its size, sorted. */
  public TreeMap<String, Integer> listing() {
    TreeMap<String, Integer> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, v.length));
    return out;
  }

  /** How many writes happened. */
  public int writes() {
    return writes.get();
  }
}
