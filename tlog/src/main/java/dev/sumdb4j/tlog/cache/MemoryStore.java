package dev.sumdb4j.tlog.cache;

import dev.sumdb4j.tlog.client.VerifiedLookup;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SumdbStore} in memory, for tests and embedding. Same rules as {@link DiskStore}: names
 * are validated, an empty value counts as missing, the values are copied in and out. Safe for
 * concurrent use.
 */
public final class MemoryStore implements SumdbStore {
  private final ConcurrentMap<String, byte[]> lookups = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, byte[]> tiles = new ConcurrentHashMap<>();
  private final Object latestLock = new Object();
  private byte[] latest = new byte[0];

  /** An empty store. */
  public MemoryStore() {}

  @Override
  public Optional<byte[]> readLookup(String key) {
    return get(lookups, StoreKeys.lookupKey(key));
  }

  @Override
  public void writeLookup(VerifiedLookup lookup) {
    put(lookups, StoreKeys.lookupKey(lookup.key()), lookup.body());
  }

  @Override
  public Optional<byte[]> readTile(String tilePath) {
    return get(tiles, StoreKeys.tilePath(tilePath));
  }

  @Override
  public void writeTile(VerifiedTile tile) {
    put(tiles, StoreKeys.tilePath(tile.tile().path()), tile.data());
  }

  @Override
  public byte[] readLatest() {
    synchronized (latestLock) {
      return latest.clone();
    }
  }

  @Override
  public boolean compareAndSwapLatest(byte[] expected, byte[] replacement) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    synchronized (latestLock) {
      if (!Arrays.equals(latest, expected)) {
        return false;
      }
      latest = replacement.clone();
      return true;
    }
  }

  private static Optional<byte[]> get(ConcurrentMap<String, byte[]> m, String key) {
    byte[] v = m.get(key);
    return v == null || v.length == 0 ? Optional.empty() : Optional.of(v.clone());
  }

  private static void put(ConcurrentMap<String, byte[]> m, String key, byte[] value) {
    Objects.requireNonNull(value, "value");
    m.put(key, value.clone());
  }

  @Override
  public String toString() {
    return "MemoryStore{" + lookups.size() + " lookups, " + tiles.size() + " tiles}";
  }
}
