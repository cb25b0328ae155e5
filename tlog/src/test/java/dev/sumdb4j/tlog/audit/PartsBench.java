package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.tlog.tile.Tile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Per-part CPU cost of the verify hot path over the data tiles of a mirror (not a test). */
public final class PartsBench {
  private PartsBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int tiles = Integer.parseInt(args[1]);
    byte[][] data = new byte[tiles][];
    for (int i = 0; i < tiles; i++) {
      data[i] = Files.readAllBytes(dir.resolve(new Tile(8, -1, i, 256).path()));
    }
    var tb = ManagementFactory.getThreadMXBean();
    RecordScanner s = new RecordScanner();
    byte[] out = new byte[256 * 32];
    int[] bad = {-1};
    for (int round = 0; round < 6; round++) {
      long c0 = tb.getCurrentThreadCpuTime();
      for (int i = 0; i < tiles; i++) {
        s.split("x", new Tile(8, -1, i, 256), data[i], data[i].length);
      }
      long c1 = tb.getCurrentThreadCpuTime();
      long x = 0;
      for (int i = 0; i < tiles; i++) {
        s.split("x", new Tile(8, -1, i, 256), data[i], data[i].length);
        for (int r = 0; r < 256; r++) {
          x += s.fingerprint(data[i], s.starts[r], s.ends[r], bad);
        }
      }
      long c2 = tb.getCurrentThreadCpuTime();
      for (int i = 0; i < tiles; i++) {
        s.split("x", new Tile(8, -1, i, 256), data[i], data[i].length);
        for (int r = 0; r < 256; r++) {
          s.recordHash(data[i], s.starts[r], s.ends[r], out, r * 32);
        }
      }
      long c3 = tb.getCurrentThreadCpuTime();
      for (int i = 0; i < tiles; i++) {
        s.subtreeHash(out, 256, out, 0);
      }
      long c4 = tb.getCurrentThreadCpuTime();
      double n = tiles * 256 / 1e6;
      System.out.printf("per 1M records (CPU s): split %.3f, fingerprint %.3f, recordHash %.3f, tileHash %.3f (%d)%n",
          (c1 - c0) / 1e9 / n, ((c2 - c1) - (c1 - c0)) / 1e9 / n, ((c3 - c2) - (c1 - c0)) / 1e9 / n,
          (c4 - c3) / 1e9 / n, x & 1);
    }
  }
}
