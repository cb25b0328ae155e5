package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the worked examples of the package documentation (tlog, tile, checkpoint). */
class ExamplesTest {
  @Test
  void tlogPackageDoc_helloWorld() throws Exception {
    Hash h = Hash.ofRecord("hello world".getBytes(StandardCharsets.UTF_8));
    assertEquals("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=", h.toString());
    assertEquals(h, TreeHash.of(1, idx -> List.of(h)));
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash.emptyTree().toString());
    long[] first = new long[7];
    for (int i = 0; i < 7; i++) {
      first[i] = StoredHashes.split(i)[0] * 100 + StoredHashes.split(i)[1];
    }
    // 0=(0,0) 1=(0,1) 2=(1,0) 3=(0,2) 4=(0,3) 5=(1,1) 6=(2,0)
    assertEquals(List.of(0L, 1L, 100L, 2L, 3L, 101L, 200L), java.util.Arrays.stream(first).boxed().toList());
  }

  @Test
  void tilePackageDoc_paths() throws Exception {
    assertEquals("tile/3/4/x001/x234/067.p/1", new Tile(3, 4, 1234067, 1).path());
    assertEquals("tile/3/4/x001/x234/067", new Tile(3, 4, 1234067, 8).path());
    assertEquals(new Tile(8, -1, 0, 3), Tile.parsePath("tile/8/data/000.p/3"));
    assertEquals("tile/8/0/x001/234.p/17", new Tile(8, 0, 1234, 17).path());
  }

  @Test
  void checkpointPackageDoc_treeNote() throws Exception {
    String text = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";
    Checkpoint c = Checkpoint.parse("doc", text.getBytes(StandardCharsets.UTF_8));
    assertEquals(new Tree(123456789012L, Hash.ofRecord("hello world".getBytes(StandardCharsets.UTF_8))), c.tree());
  }
}
