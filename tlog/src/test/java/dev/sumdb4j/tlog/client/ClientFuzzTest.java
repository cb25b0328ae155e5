package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.testlog.FuzzLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets of what the client takes from a checksum database or a file (FUZZING.md): lookup
 * responses, the {@code latest} note, and fork evidence JSON, all against the fixed honest
 * {@link FuzzLog}. Property: only checked exceptions (SumdbException, IOException) escape, and
 * what is accepted is the honest log's data.
 */
class ClientFuzzTest {
  private static final FuzzLog LOG = FuzzLog.get();
  /** The record the lookup target asks for. */
  private static final int LOOKED_UP = 7;

  private static SumdbClient client(Remote remote) {
    return SumdbClient.builder().verifierKey(LOG.signer().verifierKey()).remote(remote)
        .tileHeight(FuzzLog.HEIGHT).executor(Runnable::run).build();
  }

  /**
   * A lookup whose response body is the input (tiles and /latest honest): a lookup that succeeds
   * returns the honest record.
   */
  @FuzzTest(maxDuration = "5m")
  void lookup(byte[] body) {
    String key = LOG.lookupKeys().get(LOOKED_UP);
    SumdbClient c = client(path -> path.equals("/lookup/" + key) ? body.clone() : LOG.serve(path));
    LookupResult r;
    try {
      int at = key.indexOf('@');
      r = c.lookup(key.substring(0, at), key.substring(at + 1));
    } catch (SumdbException | IOException e) {
      return;
    }
    assertEquals(LOOKED_UP, r.recordId());
    assertEquals(LOG.record(LOOKED_UP), r.recordText());
    assertEquals(LOG.tree(r.tree().size()), r.tree().tree());
  }

  /**
   * The {@code latest} note (GET /latest, or the store's latest file) merged into a client that
   * has seen the tree of 5 records: what merges is a tree the log signed.
   */
  @FuzzTest(maxDuration = "5m")
  void latest(byte[] note) throws IOException {
    SumdbClient c = client(LOG::serve);
    try {
      c.merge("seen", LOG.log().signedTree(5));
    } catch (SumdbException e) {
      throw new AssertionError(e);
    }
    SignedTree t;
    try {
      t = c.merge("/latest", note);
    } catch (SumdbException | IOException e) {
      return;
    }
    assertTrue(t.size() >= 5);
    assertEquals(LOG.tree(t.size()), t.tree());
    try {
      SignedTree own = SignedTree.open("latest", note, LOG.verifiers());
      assertEquals(LOG.tree(own.size()), own.tree());
    } catch (SumdbException e) {
      fail("merged a note that does not open: " + e);
    }
  }

  /**
   * Fork evidence JSON: parses or fails with MalformedInputException; round-trips; and never
   * verifies against the honest log's key (the log never signed a fork).
   */
  @FuzzTest(maxDuration = "3m")
  void evidence(byte[] input) {
    Evidence e;
    try {
      e = Evidence.fromJson("evidence.json", new String(input, StandardCharsets.UTF_8));
    } catch (MalformedInputException x) {
      return;
    }
    try {
      assertEquals(e, Evidence.fromJson("again", e.toJson()));
    } catch (MalformedInputException x) {
      throw new AssertionError("evidence does not re-parse: " + x.getMessage(), x);
    }
    e.securityReport();
    try {
      e.verify(LOG.verifiers());
    } catch (SumdbException x) {
      return;
    }
    fail("evidence of a fork the honest log never signed verified: " + e);
  }
}
