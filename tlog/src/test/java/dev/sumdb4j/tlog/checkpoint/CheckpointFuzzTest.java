package dev.sumdb4j.tlog.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets of the network text formats (FUZZING.md): checkpoints (tree note text), lookup
 * response bodies and data tiles. Property: any bytes parse or fail with MalformedInputException,
 * and what parses is exactly what formats back.
 */
class CheckpointFuzzTest {
  /** Tree note text: what parses formats back to the input (a prefix for the checksum database's origin, as Go ignores the rest). */
  @FuzzTest(maxDuration = "5m")
  void checkpoint(byte[] text) {
    Checkpoint c;
    try {
      c = Checkpoint.parse("checkpoint", text);
    } catch (MalformedInputException e) {
      return;
    }
    byte[] f = c.format();
    if (c.origin().equals(Checkpoint.SUMDB_ORIGIN)) {
      assertTrue(f.length <= text.length);
      assertArrayEquals(f, Arrays.copyOf(text, f.length));
    } else {
      assertArrayEquals(text, f);
    }
    assertTrue(c.size() >= 0);
  }

  /** Lookup response bodies: what parses formats back to the body. */
  @FuzzTest(maxDuration = "5m")
  void lookupResponse(byte[] body) {
    LookupResponse r;
    try {
      r = LookupResponse.parse("lookup", body);
    } catch (MalformedInputException e) {
      return;
    }
    assertArrayEquals(body, r.format());
    assertTrue(RecordText.isValid(r.text().getBytes(StandardCharsets.UTF_8)));
  }

  /** Data tiles of any width and index: exactly width records, formatting back to the data. */
  @FuzzTest(maxDuration = "5m")
  void dataTile(FuzzedDataProvider in) {
    int height = in.consumeInt(1, 8);
    int width = in.consumeInt(1, 1 << height);
    long index = in.consumeLong(0, 1L << 20);
    Tile t = new Tile(height, -1, index, width);
    byte[] data = in.consumeRemainingAsBytes();
    List<String> texts;
    try {
      texts = DataTile.parse("tile", t, data);
    } catch (MalformedInputException e) {
      return;
    }
    assertEquals(width, texts.size());
    assertArrayEquals(data, DataTile.format(texts));
  }
}
