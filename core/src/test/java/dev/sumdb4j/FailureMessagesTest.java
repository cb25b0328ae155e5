package dev.sumdb4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The root package's failures say where, in the places the rules promise: line 1 and offset 0
 * are places (line 0 and offset -1 are not), a missing source leaves the message bare, and a
 * proof failure says "got X, want Y" only when it has them. A cause chain that loops ends.
 */
class FailureMessagesTest {
  @Test
  void malformedInput_lineAndOffset_theirFirstValuesArePlaces() {
    assertEquals("f:1 (offset 0): bad", new MalformedInputException("f", 1, 0, "bad").getMessage());
    assertEquals("f (at offset 0): bad", new MalformedInputException("f", 0, 0, "bad").getMessage());
    assertEquals("f:1: bad", new MalformedInputException("f", 1, -1, "bad").getMessage());
    assertEquals("f: bad", new MalformedInputException("f", 0, -1, "bad").getMessage());
    assertEquals("f (at offset 7): bad", new MalformedInputException("f", 7, "bad").getMessage());
    assertEquals("bad", new MalformedInputException("", 3, 9, "bad").getMessage());
    assertEquals("bad", new MalformedInputException(null, 3, 9, "bad").getMessage());
    MalformedInputException e = new MalformedInputException("f", 2, 5, "bad", new IOException("x"));
    assertEquals("f", e.source());
    assertEquals(2, e.line());
    assertEquals(5, e.offset());
    assertEquals("bad", e.reason());
    assertEquals("x", e.getCause().getMessage());
  }

  @Test
  void proof_gotAndWant_onlyWhenGiven() {
    assertEquals("bad root: got a, want b", new ProofException("bad root", "a", "b").getMessage());
    assertEquals("bad root: got a, want null", new ProofException("bad root", "a", null).getMessage());
    assertEquals("bad root: got null, want b", new ProofException("bad root", null, "b").getMessage());
    ProofException bare = new ProofException("bad root");
    assertEquals("bad root", bare.getMessage());
    assertNull(bare.got());
    assertNull(bare.want());
    ProofException both = new ProofException("m", "g", "w");
    assertEquals("g", both.got());
    assertEquals("w", both.want());
  }

  @Test
  void malformedResponse_withContext_prefixesIt() {
    MalformedInputException m = new MalformedInputException("/tile/8/0/000", 0, 12, "short tile");
    MalformedResponseException e = new MalformedResponseException("fetching tile", m);
    assertEquals("fetching tile: /tile/8/0/000 (at offset 12): short tile", e.getMessage());
    assertSame(m, e.malformed());
    assertSame(m, e.getCause());
    assertEquals("/tile/8/0/000", e.source());
  }

  @Test
  void localState_pathsAreACopy() {
    List<Path> paths = new ArrayList<>(List.of(Path.of("a"), Path.of("b")));
    LocalStateException e = new LocalStateException("damaged", paths, null);
    paths.clear();
    assertEquals(List.of(Path.of("a"), Path.of("b")), e.paths());
    assertThrows(UnsupportedOperationException.class, () -> e.paths().add(Path.of("c")));
    assertEquals("damaged", e.getMessage());
  }

  @Test
  void failureKind_aCauseChainThatLoops_ends() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(a));
    RuntimeException c = new RuntimeException("c");
    SumdbException s = new SumdbException("s", c);
    c.initCause(s);
    assertEquals(FailureKind.MISBEHAVING_SERVER, FailureKind.of(c));
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(null));
  }
}
