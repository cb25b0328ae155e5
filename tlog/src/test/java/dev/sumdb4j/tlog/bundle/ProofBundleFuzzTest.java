package dev.sumdb4j.tlog.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.testlog.FuzzLog;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target of proof bundles (FUZZING.md): JSON parse, round trip, and verification against the
 * fixed {@link FuzzLog}: every record a bundle proves is the honest record at its index.
 */
class ProofBundleFuzzTest {
  private static final FuzzLog LOG = FuzzLog.get();

  @FuzzTest(maxDuration = "3m")
  void proofBundle(byte[] input) {
    ProofBundle b;
    try {
      b = ProofBundle.fromJson("bundle.json", new String(input, StandardCharsets.UTF_8));
    } catch (MalformedInputException e) {
      return;
    }
    try {
      assertEquals(b, ProofBundle.fromJson("again", b.toJson()));
    } catch (MalformedInputException e) {
      throw new AssertionError("bundle does not re-parse: " + e.getMessage(), e);
    }
    List<ProvedRecord> proved;
    try {
      proved = b.verify("bundle.json", LOG.verifiers());
    } catch (SumdbException e) {
      return;
    }
    for (ProvedRecord r : proved) {
      assertEquals(LOG.record(r.index()), r.recordText());
      assertEquals(LOG.tree(r.tree().size()), r.tree().tree());
    }
  }
}
