package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.tlog.cache.SumdbStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A {@link SumdbStore} whose lookups and tiles are those of {@code base} but whose latest note is
 * held in memory and set by the watch: first the history's last checkpoint (trusted: proved
 * before it was appended), then the new {@code /latest} note, which the client then merges into
 * its history like a note another process stored, proving it consistent or producing evidence.
 * The base store's own latest note (the go command's) is never read or written.
 */
final class LatestOverlay implements SumdbStore {
  private final SumdbStore base;
  private byte[] latest = new byte[0];

  LatestOverlay(SumdbStore base) {
    this.base = base;
  }

  synchronized void setLatest(byte[] note) {
    latest = note.clone();
  }

  @Override
  public Optional<byte[]> readLookup(String key) throws IOException {
    return base.readLookup(key);
  }

  @Override
  public void writeLookup(String key, byte[] body) throws IOException {
    base.writeLookup(key, body);
  }

  @Override
  public Optional<byte[]> readTile(String tilePath) throws IOException {
    return base.readTile(tilePath);
  }

  @Override
  public void writeTile(String tilePath, byte[] data) throws IOException {
    base.writeTile(tilePath, data);
  }

  @Override
  public synchronized byte[] readLatest() {
    return latest.clone();
  }

  @Override
  public synchronized boolean compareAndSwapLatest(byte[] expected, byte[] replacement) {
    if (!Arrays.equals(expected, latest)) {
      return false;
    }
    latest = replacement.clone();
    return true;
  }
}
