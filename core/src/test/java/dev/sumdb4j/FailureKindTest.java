package dev.sumdb4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.gosum.MalformedGoSumException;
import dev.sumdb4j.note.AmbiguousVerifierException;
import dev.sumdb4j.note.InvalidSignatureException;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.UnverifiedNoteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Every failure has one kind, decided by its type. */
class FailureKindTest {
  private static final MalformedInputException MALFORMED = new MalformedInputException("go.sum", 3, -1, "bad");

  @Test
  void of_eachTypeOfTheTaxonomy_hasItsKind() {
    assertEquals(FailureKind.MALFORMED_INPUT, FailureKind.of(MALFORMED));
    assertEquals(FailureKind.MALFORMED_INPUT, FailureKind.of(new MalformedGoSumException("go.sum", 1, "bad")));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new ProofException("bad proof", "a", "b")));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new InvalidSignatureException("k", new KeyId(1))));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new UnverifiedNoteException(null)));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new MalformedResponseException(MALFORMED)));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new SumdbException("unclassified check")));
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new AmbiguousVerifierException("k", new KeyId(1))));
    assertEquals(FailureKind.DAMAGED_LOCAL_STATE,
        FailureKind.of(new LocalStateException("latest: truncated", List.of(Path.of("latest")), MALFORMED)));
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(new IOException("connection refused")));
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(new UncheckedIOException(new IOException("x"))));
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(new IllegalStateException("a bug")));
  }

  @Test
  void of_wrappersWithoutKind_areLookedThrough_theOutermostKindWins() {
    assertEquals(FailureKind.MISBEHAVING_SERVER,
        FailureKind.of(new ExecutionException(new RuntimeException(new ProofException("bad")))));
    // The server's malformed data is not the user's malformed input, though it wraps one.
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(new MalformedResponseException(MALFORMED)));
    // A damaged file is damaged local state, whatever check it failed.
    assertEquals(FailureKind.DAMAGED_LOCAL_STATE, FailureKind.of(
        new LocalStateException("x", List.of(), new InvalidSignatureException("k", new KeyId(1)))));
  }

  @Test
  void localState_isNotAnIOException_soRetryingCodeDoesNotSwallowIt() {
    Exception e = new LocalStateException("x", List.of(), null);
    assertFalse(e instanceof IOException);
    assertTrue(e instanceof SumdbException);
  }

  @Test
  void malformedResponse_carriesTheParseProblem() {
    MalformedResponseException e = new MalformedResponseException(
        new MalformedInputException("/lookup/a.b/c@v1.0.0", 2, 7, "bad record id"));
    assertEquals("/lookup/a.b/c@v1.0.0", e.source());
    assertEquals(2, e.malformed().line());
    assertEquals("/lookup/a.b/c@v1.0.0:2 (offset 7): bad record id", e.getMessage());
  }
}
