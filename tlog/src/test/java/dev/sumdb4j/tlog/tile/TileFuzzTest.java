package dev.sumdb4j.tlog.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.testlog.FuzzLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets of tiles (FUZZING.md): tile paths, and tile data checked against the fixed
 * {@link FuzzLog}. Property: only checked exceptions escape; every hash a {@link TileHashReader}
 * returns is the honest one, and only authenticated tiles are offered for saving.
 */
class TileFuzzTest {
  private static final FuzzLog LOG = FuzzLog.get();

  /** Tile paths (tile/H/L/NNN[.p/W]): what parses prints back to the same path. */
  @FuzzTest(maxDuration = "2m")
  void tilePath(byte[] input) {
    String path = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    Tile t;
    try {
      t = Tile.parsePath(path);
    } catch (MalformedInputException e) {
      return;
    }
    assertEquals(path, t.path());
  }

  /**
   * A tile server that answers each requested tile by the fuzzer's choice: the honest data, the
   * honest data with one byte changed, or bytes of the fuzzer's own; the reader reads hashes of a
   * tree of the fixed log at indexes the fuzzer picks.
   */
  @FuzzTest(maxDuration = "5m")
  void tileHashReader(FuzzedDataProvider in) throws IOException {
    long size = in.consumeLong(1, FuzzLog.RECORDS);
    Tree tree = LOG.tree(size);
    long[] idx = new long[in.consumeInt(1, 4)];
    long count = dev.sumdb4j.tlog.StoredHashes.count(size);
    for (int i = 0; i < idx.length; i++) {
      idx[i] = in.consumeBoolean() ? in.consumeLong(0, count - 1) : in.consumeLong();
    }
    List<List<Tile>> saved = new ArrayList<>();
    TileReader server = new TileReader() {
      @Override
      public int height() {
        return FuzzLog.HEIGHT;
      }

      @Override
      public List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException {
        List<byte[]> out = new ArrayList<>();
        for (Tile t : tiles) {
          byte[] honest = LOG.serve("/" + t.path());
          switch (in.consumeInt(0, 3)) {
            case 0, 1 -> out.add(honest);
            case 2 -> {
              byte[] d = honest.clone();
              if (d.length > 0) {
                d[in.consumeInt(0, d.length - 1)] ^= (byte) in.consumeInt(1, 255);
              }
              out.add(d);
            }
            default -> out.add(in.consumeBytes(in.consumeInt(0, 4 * 32 + 1)));
          }
        }
        if (in.consumeBoolean() && !out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        return out;
      }

      @Override
      public void saveTiles(List<VerifiedTile> tiles) {
        saved.add(tiles.stream().map(VerifiedTile::tile).toList());
        for (VerifiedTile v : tiles) {
          try {
            byte[] honest = LOG.serve("/" + v.tile().path());
            if (!Arrays.equals(honest, v.data())) {
              throw new AssertionError("offered an unauthenticated tile for saving: " + v.tile().path());
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
      }
    };
    List<Hash> got;
    try {
      got = new TileHashReader(tree, server).readHashes(idx);
    } catch (SumdbException e) {
      return;
    }
    assertEquals(idx.length, got.size());
    for (int i = 0; i < idx.length; i++) {
      assertEquals(LOG.storedHash(idx[i]), got.get(i), "accepted a hash the log does not have at " + idx[i]);
    }
  }
}
