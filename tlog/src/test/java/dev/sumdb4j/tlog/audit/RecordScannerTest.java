package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.DataTile;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The byte-level fast path agrees exactly with the strict reference parser, {@link DataTile#parse}. */
class RecordScannerTest {
  static final byte[] SPECIAL = {'\n', '\n', '\n', ' ', 0x00, 0x07, 0x1f, 0x7f, (byte) 0x80,
      (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x80, (byte) 0x94, (byte) 0xed, (byte) 0xa0,
      (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0xff, (byte) 0xc0};

  @Provide
  Arbitrary<byte[]> tiles() {
    Arbitrary<String> rec = Arbitraries.strings().withChars("abcxyz./@ 019h:=+").ofMinLength(1)
        .ofMaxLength(40).map(s -> s + "\n" + s + "/go.mod\n");
    return rec.list().ofMinSize(1).ofMaxSize(5).map(rs -> {
      StringBuilder b = new StringBuilder();
      rs.forEach(r -> b.append(r).append('\n'));
      return b.toString().getBytes(StandardCharsets.UTF_8);
    });
  }

  @Provide
  Arbitrary<int[]> edits() {
    return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofMinSize(0).ofMaxSize(4);
  }

  /** Applies edits (position, special byte, kind: replace/insert/delete) to {@code b}. */
  static byte[] mutate(byte[] b, int[] edits) {
    for (int e : edits) {
      if (b.length == 0) {
        break;
      }
      int pos = e % b.length;
      byte v = SPECIAL[(e >>> 8) % SPECIAL.length];
      int kind = (e >>> 16) % 3;
      if (kind == 0) {
        b = b.clone();
        b[pos] = v;
      } else if (kind == 1) {
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, pos);
        c[pos] = v;
        System.arraycopy(b, pos, c, pos + 1, b.length - pos);
        b = c;
      } else {
        byte[] c = new byte[b.length - 1];
        System.arraycopy(b, 0, c, 0, pos);
        System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
        b = c;
      }
    }
    return b;
  }

  @Property(tries = 3000)
  void split_mutatedTile_agreesWithDataTileParse(@ForAll("tiles") byte[] tile, @ForAll("edits") int[] edits,
      @ForAll("widths") int width) throws Exception {
    byte[] data = mutate(tile, edits);
    Tile t = new Tile(8, -1, 3, width);
    List<String> want = null;
    MalformedInputException wantErr = null;
    try {
      want = DataTile.parse("t", t, data);
    } catch (MalformedInputException e) {
      wantErr = e;
    }
    RecordScanner s = new RecordScanner();
    byte[] padded = Arrays.copyOf(data, data.length + 13); // the scanner must honour len
    try {
      s.split("t", t, padded, data.length);
      MalformedInputException w = wantErr;
      assertNull(w, () -> "fast path accepted what DataTile.parse rejects: " + w);
      for (int i = 0; i < width; i++) {
        assertEquals(want.get(i), new String(data, s.starts[i], s.ends[i] - s.starts[i], StandardCharsets.UTF_8));
        byte[] h = new byte[32];
        s.recordHash(data, s.starts[i], s.ends[i], h, 0);
        assertArrayEquals(Hash.ofRecord(want.get(i).getBytes(StandardCharsets.UTF_8)).bytes(), h);
        byte[] before = padded.clone();
        byte[] h2 = new byte[32];
        s.recordHashOwned(padded, s.starts[i], s.ends[i], h2, 0);
        assertArrayEquals(h, h2);
        assertArrayEquals(before, padded, "recordHashOwned restores the buffer");
        int[] bad1 = {-1};
        int[] bad2 = {-1};
        assertEquals(s.fingerprint(data, s.starts[i], s.ends[i], bad1), s.fingerprintAt(padded, i, bad2));
        assertEquals(bad1[0], bad2[0]);
      }
    } catch (MalformedInputException e) {
      assertEquals(wantErr.getMessage(), e.getMessage());
    }
  }

  @Provide
  Arbitrary<Integer> widths() {
    return Arbitraries.integers().between(1, 6);
  }

  @Test
  void fingerprint_goModLineAndZipLine_sameModuleVersion() {
    RecordScanner s = new RecordScanner();
    byte[] a = "golang.org/x/mod v0.7.0 h1:abc=\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "golang.org/x/mod v0.7.0/go.mod h1:def=\n".getBytes(StandardCharsets.UTF_8);
    byte[] c = "golang.org/x/mod v0.7.1 h1:abc=\n".getBytes(StandardCharsets.UTF_8);
    int[] bad = {-1};
    assertEquals(s.fingerprint(a, 0, a.length, bad), s.fingerprint(b, 0, b.length, bad));
    assertEquals(-1, bad[0]);
    org.junit.jupiter.api.Assertions.assertNotEquals(s.fingerprint(a, 0, a.length, bad), s.fingerprint(c, 0, c.length, bad));
    assertEquals("golang.org/x/mod@v0.7.0", RecordScanner.key(b, 0, b.length));
    byte[] d = "no-spaces-here\n".getBytes(StandardCharsets.UTF_8);
    s.fingerprint(d, 0, d.length, bad);
    assertEquals(0, bad[0]);
  }

  @Test
  void subtreeHash_everyPowerOfTwo_matchesHashOfNode() {
    java.util.Random rnd = new java.util.Random(5);
    RecordScanner s = new RecordScanner();
    for (int count = 1; count <= RecordScanner.FULL; count *= 2) {
      byte[] hashes = new byte[count * 32];
      rnd.nextBytes(hashes);
      Hash[] level = new Hash[count];
      for (int i = 0; i < count; i++) {
        level[i] = Hash.of(Arrays.copyOfRange(hashes, 32 * i, 32 * i + 32));
      }
      for (int n = count; n > 1; n /= 2) {
        for (int i = 0; i < n / 2; i++) {
          level[i] = Hash.ofNode(level[2 * i], level[2 * i + 1]);
        }
      }
      byte[] before = hashes.clone();
      byte[] out = new byte[40];
      s.subtreeHash(hashes, count, out, 8);
      assertArrayEquals(level[0].bytes(), Arrays.copyOfRange(out, 8, 40), "count " + count);
      assertArrayEquals(before, hashes, "input untouched");
    }
  }
}
