package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads single records of a mirror by id (caching the last data tile); one thread. */
final class RecordReader {
  private final MirrorDir dir;
  private final long treeSize;
  private final RecordScanner s = new RecordScanner();
  private Tile tile;
  private byte[] data;
  private boolean ok;

  RecordReader(MirrorDir dir, long treeSize) {
    this.dir = dir;
    this.treeSize = treeSize;
  }

  private boolean load(long id) throws IOException {
    if (id < 0 || id >= treeSize) {
      return false;
    }
    Tile t = ChunkChecker.level0(id >>> RecordScanner.H, treeSize).dataTile();
    if (!t.equals(tile)) {
      tile = t;
      data = dir.readOrNull(t);
      ok = false;
      if (data != null) {
        try {
          s.split(t.path(), t, data, data.length);
          ok = true;
        } catch (MalformedInputException e) {
          ok = false;
        }
      }
    }
    return ok;
  }

  /** Returns {@code path@version} logged by record {@code id}, or null if unreadable. */
  String keyOrNull(long id) throws IOException {
    if (!load(id)) {
      return null;
    }
    int i = (int) (id & (RecordScanner.FULL - 1));
    return RecordScanner.key(data, s.starts[i], s.ends[i]);
  }

  /** Returns the text of record {@code id}, or null if unreadable. */
  String textOrNull(long id) throws IOException {
    if (!load(id)) {
      return null;
    }
    int i = (int) (id & (RecordScanner.FULL - 1));
    return new String(Arrays.copyOfRange(data, s.starts[i], s.ends[i]), StandardCharsets.UTF_8);
  }
}
