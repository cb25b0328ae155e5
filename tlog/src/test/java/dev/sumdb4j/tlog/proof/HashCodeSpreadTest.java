package dev.sumdb4j.tlog.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.tlog.Hash;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link TlogProof#hashCode} spreads by each field: proofs that differ in one field only rarely share
 * a bucket. (Equal proofs having equal codes is {@code TlogProofTest}'s value-semantics test.)
 */
class HashCodeSpreadTest {
  private static final byte[] CHECKPOINT = "example.com/log\n5\nAAAA\n".getBytes(StandardCharsets.UTF_8);

  /** A hash whose first four bytes, which make its own hash code, are {@code v}. */
  private static Hash hash(int v) {
    byte[] b = new byte[Hash.SIZE];
    b[3] = (byte) v;
    b[2] = (byte) (v >> 8);
    return Hash.of(b);
  }

  @Test
  void hashCode_proofsDifferingInOneFieldOnly_haveDistinctCodes() throws Exception {
    Set<Integer> byIndex = new HashSet<>();
    Set<Integer> byHashes = new HashSet<>();
    Set<Integer> byCheckpoint = new HashSet<>();
    Set<Integer> byExtra = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      byIndex.add(TlogProof.of(i, List.of(hash(0)), CHECKPOINT, Optional.empty()).hashCode());
      // hashes whose own codes are consecutive numbers
      byHashes.add(TlogProof.of(1, List.of(hash(i)), CHECKPOINT, Optional.empty()).hashCode());
      byte[] cp = ("example.com/log\n" + i + "\nAAAA\n").getBytes(StandardCharsets.UTF_8);
      byCheckpoint.add(TlogProof.of(1, List.of(hash(0)), cp, Optional.empty()).hashCode());
      byExtra.add(TlogProof.of(1, List.of(hash(0)), CHECKPOINT, Optional.of(new byte[] {(byte) i})).hashCode());
    }
    assertEquals(64, byIndex.size());
    assertEquals(64, byHashes.size());
    assertEquals(64, byCheckpoint.size());
    assertEquals(64, byExtra.size());
  }
}
