package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Node and subtree hashes are byte for byte RFC 6962's SHA-256(0x01 || left || right), computed
 * naively through MessageDigest, for any hashes, offsets and (once compiled by the JIT) ever after.
 */
class HashPropertiesTest {
  private static byte[] node(byte[] l, byte[] r) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    md.update((byte) 1);
    md.update(l);
    md.update(r);
    return md.digest();
  }

  /** The subtree hash by recursion over MessageDigest, the definition. */
  private static byte[] subtree(byte[] data, int offset, int count) {
    if (count == 1) {
      return Arrays.copyOfRange(data, offset, offset + Hash.SIZE);
    }
    int half = count / 2;
    return node(subtree(data, offset, half), subtree(data, offset + half * Hash.SIZE, half));
  }

  @Property(tries = 1000)
  void ofNode_anyTwoHashes_isSha256OfOneLeftRight(@ForAll @Size(value = 32) byte[] l, @ForAll @Size(value = 32) byte[] r) {
    Hash got = Hash.ofNode(Hash.of(l), Hash.of(r));
    assertArrayEquals(node(l, r), got.bytes());
    assertEquals(Hash.of(node(l, r)), got);
  }

  @Property(tries = 500)
  void node_atOffsets_andNodeInto_inPlace_agreeWithOfNode(@ForAll @Size(value = 100) byte[] a,
      @ForAll @IntRange(max = 68) int lo, @ForAll @IntRange(max = 68) int ro) {
    byte[] l = Arrays.copyOfRange(a, lo, lo + Hash.SIZE);
    byte[] r = Arrays.copyOfRange(a, ro, ro + Hash.SIZE);
    byte[] want = node(l, r);
    assertArrayEquals(want, Hash.node(a, lo, a, ro).bytes());
    byte[] intoLeft = l.clone();
    Hash.nodeInto(intoLeft, r, intoLeft);
    assertArrayEquals(want, intoLeft);
    byte[] intoRight = r.clone();
    Hash.nodeInto(l, intoRight, intoRight);
    assertArrayEquals(want, intoRight);
  }

  @Property(tries = 300)
  void ofSubtree_anyPowerOfTwo_anyOffset_isTheRecursiveDefinition(@ForAll @IntRange(max = 8) int log2,
      @ForAll @IntRange(max = 40) int offset, @ForAll long seed) {
    int count = 1 << log2;
    byte[] data = new byte[offset + count * Hash.SIZE + 5];
    new Random(seed).nextBytes(data);
    byte[] before = data.clone();
    assertArrayEquals(subtree(data, offset, count), Hash.ofSubtree(data, offset, count).bytes());
    assertArrayEquals(before, data, "the leaves are left as they were");
  }

  @Test
  void ofNode_inAHotLoop_onceCompiled_staysRight() {
    // C2 (JDK 17.0.15) compiled a node hasher writing into a new array through an int-view
    // VarHandle (audit/BulkSha256's output, tried here) into 32 zero bytes after some 30,000
    // calls. Run long enough to be compiled.
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      leaves.add(Hash.ofRecord(new byte[] {(byte) i}));
    }
    byte[] want = leaves.get(4).bytes();
    for (int i = 3; i >= 0; i--) {
      want = node(leaves.get(i).bytes(), want);
    }
    int wrong = 0;
    for (int round = 0; round < 200_000; round++) {
      Hash acc = leaves.get(4);
      for (int i = 3; i >= 0; i--) {
        acc = Hash.ofNode(leaves.get(i), acc);
      }
      if (!Arrays.equals(want, acc.bytes())) {
        wrong++;
      }
    }
    assertEquals(0, wrong, "rounds with a wrong hash");
  }

  @Test
  void ofSubtree_equalLeaves_andTheRfc6962EmptyAndSingleCases() {
    byte[] zeros = new byte[4 * Hash.SIZE];
    byte[] pair = node(new byte[32], new byte[32]);
    assertArrayEquals(node(pair, pair), Hash.ofSubtree(zeros, 0, 4).bytes());
    assertArrayEquals(new byte[32], Hash.ofSubtree(zeros, 32, 1).bytes());
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash.emptyTree().toString());
  }
}
