package dev.sumdb4j.tlog.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.testlog.FuzzLog;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target of tlog-proof files (FUZZING.md): parse, format round trip, and verification
 * against the fixed {@link FuzzLog}: a proof that verifies proves an honest record in an honest tree.
 */
class TlogProofFuzzTest {
  private static final FuzzLog LOG = FuzzLog.get();

  @FuzzTest(maxDuration = "3m")
  void tlogProof(FuzzedDataProvider in) {
    int pick = in.consumeInt(-1, FuzzLog.RECORDS - 1);
    byte[] leaf = pick < 0 ? in.consumeBytes(in.consumeInt(0, 200)) : LOG.record(pick).getBytes(StandardCharsets.UTF_8);
    byte[] data = in.consumeRemainingAsBytes();
    TlogProof p;
    try {
      p = TlogProof.parse("tlog-proof", data);
    } catch (MalformedInputException e) {
      return;
    }
    try {
      assertEquals(p, TlogProof.parse("again", p.format()));
    } catch (MalformedInputException e) {
      throw new AssertionError("formatted proof does not re-parse: " + e.getMessage(), e);
    }
    Checkpoint cp;
    try {
      cp = p.verify(leaf, LOG.verifiers(), Checkpoint.SUMDB_ORIGIN);
    } catch (SumdbException e) {
      return;
    }
    assertEquals(LOG.tree(cp.size()), cp.tree());
    assertEquals(LOG.record(p.index()), new String(leaf, StandardCharsets.UTF_8));
  }
}
