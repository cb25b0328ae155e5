package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Both SHA-256 hashers of the audit agree with MessageDigest, and reject ranges outside arrays. */
class BulkSha256Test {
  private static final List<BulkSha256> HASHERS = List.of(BulkSha256.create(), BulkSha256.portable());

  private static byte[] sha256(byte[] b, int off, int len) {
    MessageDigest md = BulkSha256.newDigest();
    md.update(b, off, len);
    return md.digest();
  }

  @Test
  void direct_isInUse_underTheBuildsAddOpens() {
    // The surefire argLine opens sun.security.provider as the command's jar manifest does; without
    // it this suite would only test the MessageDigest fallback.
    assertTrue(BulkSha256.directAvailable(), "the direct SHA-256 path is not available");
    assertEquals("Direct", BulkSha256.create().getClass().getSimpleName());
  }

  @Test
  void hash_knownVectors() {
    byte[] abc = "xabcx".getBytes(StandardCharsets.US_ASCII);
    for (BulkSha256 h : HASHERS) {
      byte[] out = new byte[Hash.SIZE + 2];
      h.hash(abc, 1, 3, out, 2);
      assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
          HexFormat.of().formatHex(out, 2, out.length), h.getClass().getSimpleName());
      h.hash(abc, 5, 0, out, 0);
      assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          HexFormat.of().formatHex(out, 0, Hash.SIZE), h.getClass().getSimpleName());
    }
  }

  @Property(tries = 2000)
  void hash_anyRange_agreesWithMessageDigest(@ForAll @Size(max = 400) byte[] data,
      @ForAll @IntRange(max = 400) int from, @ForAll @IntRange(max = 400) int length,
      @ForAll @IntRange(max = 40) int outOff) {
    int off = Math.min(from, data.length);
    int len = Math.min(length, data.length - off);
    byte[] want = sha256(data, off, len);
    byte[] before = data.clone();
    for (BulkSha256 h : HASHERS) {
      byte[] out = new byte[outOff + Hash.SIZE];
      h.hash(data, off, len, out, outOff);
      assertArrayEquals(want, Arrays.copyOfRange(out, outOff, out.length), h.getClass().getSimpleName());
      assertArrayEquals(before, data, "the input is left as it was");
    }
  }

  @Property(tries = 500)
  void hashNode_paddedSlot_agreesWithMessageDigest_andKeepsThePadding(
      @ForAll @Size(value = 65) byte[] node, @ForAll @IntRange(max = 100) int off) {
    for (BulkSha256 h : HASHERS) {
      byte[] slot = new byte[off + BulkSha256.NODE_SLOT + 7];
      Arrays.fill(slot, (byte) 0x5a);
      System.arraycopy(node, 0, slot, off, node.length);
      BulkSha256.padNode(slot, off);
      byte[] before = slot.clone();
      byte[] out = new byte[Hash.SIZE];
      h.hashNode(slot, off, out, 0);
      assertArrayEquals(sha256(node, 0, node.length), out, h.getClass().getSimpleName());
      assertArrayEquals(before, slot);
      // hashing twice from the same slot gives the same hash (the padding is still there)
      h.hashNode(slot, off, out, 0);
      assertArrayEquals(sha256(node, 0, node.length), out);
    }
  }

  @Test
  void rangesOutsideTheArrays_areRejected_beforeAnyBlockIsRead() {
    byte[] b = new byte[100];
    byte[] out = new byte[Hash.SIZE];
    for (BulkSha256 h : HASHERS) {
      assertThrows(IndexOutOfBoundsException.class, () -> h.hash(b, 37, 64, out, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> h.hash(b, -1, 10, out, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> h.hash(b, 0, 10, out, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> h.hashNode(b, 0, out, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> h.hashNode(new byte[200], 73, out, 0));
      h.hashNode(new byte[200], 72, out, 0); // fits exactly
    }
  }
}
