package dev.sumdb4j.tlog.client;

import dev.sumdb4j.tlog.cache.SumdbStore;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The store of a client built without one: process memory, gone when the client is. */
final class InMemoryStore implements SumdbStore {
  private final ConcurrentHashMap<String, byte[]> files = new ConcurrentHashMap<>();
  private byte[] latest = new byte[0];

  @Override
  public Optional<byte[]> readLookup(String key) {
    return Optional.ofNullable(files.get("lookup/" + key)).map(byte[]::clone);
  }

  @Override
  public void writeLookup(String key, byte[] body) {
    files.put("lookup/" + key, body.clone());
  }

  @Override
  public Optional<byte[]> readTile(String tilePath) {
    return Optional.ofNullable(files.get(tilePath)).map(byte[]::clone);
  }

  @Override
  public void writeTile(String tilePath, byte[] data) {
    files.put(tilePath, data.clone());
  }

  @Override
  public synchronized byte[] readLatest() {
    return latest.clone();
  }

  @Override
  public synchronized boolean compareAndSwapLatest(byte[] expected, byte[] replacement) {
    if (!Arrays.equals(latest, expected)) {
      return false;
    }
    latest = replacement.clone();
    return true;
  }
}
