package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Hash} as a value (copies in and out, equality, hash codes), the range checks of its
 * factories at their edges, {@link Hash#ofSubtree} against the node-by-node definition, and {@link
 * Tree}. Every fixture is made inside the test method, so mutation testing sees the code under test
 * run (a static fixture is built once, before the mutant is loaded).
 */
class HashValueTest {
  /** 96 bytes 0, 1, ..., 95: three distinct "hashes" side by side. */
  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static byte[] range(byte[] b, int from, int len) {
    return java.util.Arrays.copyOfRange(b, from, from + len);
  }

  @Test
  void of_copiesInAndOut_theValueCannotBeChangedFromOutside() {
    byte[] b = counting(32);
    Hash h = Hash.of(b);
    b[0] = 99;
    assertArrayEquals(counting(32), h.bytes());
    byte[] out = h.bytes();
    out[1] = 99;
    assertArrayEquals(counting(32), h.bytes());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
    assertEquals("hash must be 32 bytes, got 31", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[33]));
  }

  @Test
  void ofOffset_firstAndLastPlace_readAndOneFurtherRefused() {
    byte[] b = counting(96);
    assertArrayEquals(range(b, 0, 32), Hash.of(b, 0).bytes());
    assertArrayEquals(range(b, 1, 32), Hash.of(b, 1).bytes());
    assertArrayEquals(range(b, 64, 32), Hash.of(b, 64).bytes()); // the last 32 bytes
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hash.of(b, 65));
    assertEquals("no hash at offset 65 of 96 bytes", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Hash.of(b, -1));
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31], 0));
    assertArrayEquals(new byte[32], Hash.of(new byte[32], 0).bytes());
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[32], 1));
  }

  @Test
  void copyTo_writesTheBytesAtTheOffset_andNothingElse() {
    Hash h = Hash.of(counting(32));
    byte[] dst = new byte[40];
    h.copyTo(dst, 5);
    byte[] want = new byte[40];
    System.arraycopy(counting(32), 0, want, 5, 32);
    assertArrayEquals(want, dst);
  }

  @Test
  void equals_sameBytesEqual_anyOtherBytesOrTypeNot() {
    Hash a = Hash.of(counting(32));
    assertEquals(a, Hash.of(counting(32)));
    assertEquals(a.hashCode(), Hash.of(counting(32)).hashCode());
    for (int i = 0; i < 32; i++) {
      byte[] b = counting(32);
      b[i] ^= 0x40;
      assertNotEquals(a, Hash.of(b), "byte " + i);
    }
    assertFalse(a.equals(a.toString()));
    assertFalse(a.equals(null));
  }

  @Test
  void hashCode_eachOfTheFirstFourBytesCounts_soDistinctHashesSpreadOverBuckets() {
    // A SHA-256 value is uniform, so its leading bytes make a well-spread hash code; one that ignored
    // a byte, or folded every value to a few codes, would put hashes that differ there in one bucket.
    for (int pos = 0; pos < 4; pos++) {
      Set<Integer> codes = new HashSet<>();
      for (int v = 0; v < 256; v++) {
        byte[] b = new byte[32];
        b[pos] = (byte) v;
        codes.add(Hash.of(b).hashCode());
      }
      assertEquals(256, codes.size(), "byte " + pos);
    }
    Set<Integer> codes = new HashSet<>();
    for (int v = 0; v < 256; v++) {
      byte[] b = new byte[32];
      b[0] = (byte) v;
      b[1] = (byte) ~v;
      b[2] = (byte) (v * 7);
      b[3] = (byte) (v ^ 0x5a);
      codes.add(Hash.of(b).hashCode());
    }
    assertEquals(256, codes.size());
  }

  @Test
  void toStringAndParse_roundTrip() throws Exception {
    Hash h = Hash.of(counting(32));
    assertEquals("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", h.toString());
    assertEquals(h, Hash.parse(h.toString()));
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash.emptyTree().toString());
  }

  @Test
  void hashing_inAFreshThread_sameValues() throws Exception {
    // Digests are per thread: a thread's first hash makes its digest, and must give the same value.
    Hash zero = Hash.of(new byte[32]);
    AtomicReference<Object> got = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        got.set(new Hash[] {Hash.ofRecord("hello world".getBytes(StandardCharsets.UTF_8)),
            Hash.ofNode(zero, zero), Hash.ofSubtree(new byte[128], 0, 4)});
      } catch (RuntimeException e) {
        got.set(e);
      }
    });
    t.start();
    t.join();
    assertTrue(got.get() instanceof Hash[], () -> "failed: " + got.get());
    Hash[] h = (Hash[]) got.get();
    assertEquals("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=", h[0].toString());
    assertEquals("rgeY0Oyu0rd47d6/GPBxpWHFNljAXnbO3swnyvvbxXc=", h[1].toString());
    assertEquals(Hash.ofNode(Hash.ofNode(zero, zero), Hash.ofNode(zero, zero)), h[2]);
  }

  /** The subtree hash by its definition: node hashes, pair by pair. */
  private static Hash naiveSubtree(byte[] data, int offset, int count) {
    if (count == 1) {
      return Hash.of(data, offset);
    }
    return Hash.ofNode(naiveSubtree(data, offset, count / 2),
        naiveSubtree(data, offset + count / 2 * Hash.SIZE, count / 2));
  }

  @Test
  void ofSubtree_everyPowerOfTwoAtSeveralOffsets_isTheNodeByNodeHash() {
    byte[] data = new byte[70 * Hash.SIZE + 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    for (int count = 1; count <= 64; count *= 2) {
      for (int offset : new int[] {0, 1, 32, 3 * Hash.SIZE + 3, data.length - count * Hash.SIZE}) {
        assertEquals(naiveSubtree(data, offset, count), Hash.ofSubtree(data, offset, count),
            "count " + count + " offset " + offset);
      }
    }
    // a single hash is its own subtree hash, and a copy
    byte[] one = counting(32);
    Hash h = Hash.ofSubtree(one, 0, 1);
    one[0] = 9;
    assertArrayEquals(counting(32), h.bytes());
  }

  @Test
  void ofSubtree_rangeChecks_atTheirEdges() {
    byte[] data = new byte[4 * Hash.SIZE];
    assertEquals(naiveSubtree(data, 0, 4), Hash.ofSubtree(data, 0, 4)); // exactly fits
    assertEquals(Hash.of(data, 3 * Hash.SIZE), Hash.ofSubtree(data, 3 * Hash.SIZE, 1)); // last hash
    for (int[] bad : new int[][] {{0, 0}, {0, -1}, {0, Integer.MIN_VALUE}, {0, 3}, {0, 6}, {-1, 1},
        {1, 4}, {3 * Hash.SIZE + 1, 1}, {2 * Hash.SIZE + 1, 2}, {0, 8}, {Integer.MAX_VALUE, 1},
        {Integer.MAX_VALUE - 31, 2}, {0, 1 << 30}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Hash.ofSubtree(data, bad[0], bad[1]), () -> bad[0] + ", " + bad[1]);
      assertEquals("bad subtree of " + bad[1] + " hashes at " + bad[0], e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Hash.ofSubtree(new byte[2 * Hash.SIZE - 1], 0, 2));
  }

  @Test
  void tree_sizeZeroAllowed_negativeRefused_andItsText() {
    Tree t = new Tree(0, Hash.emptyTree());
    assertEquals(0, t.size());
    assertEquals("tree#0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", t.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tree(-1, Hash.emptyTree()));
    assertEquals("negative tree size -1", e.getMessage());
    assertThrows(NullPointerException.class, () -> new Tree(1, null));
    assertEquals(new Tree(5, Hash.emptyTree()), new Tree(5, Hash.emptyTree()));
    assertNotEquals(new Tree(5, Hash.emptyTree()), new Tree(6, Hash.emptyTree()));
  }
}
