package dev.sumdb4j.gosum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;

/**
 * Fuzz target of the go.sum parser (FUZZING.md). Property: any bytes parse or fail with
 * MalformedInputException; every parsed line has an
 * algorithm-prefixed hash and re-parses to itself.
 */
class GoSumFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] content) throws MalformedInputException {
    GoSumFile f;
    try {
      f = GoSumFile.parse("go.sum", content);
    } catch (MalformedInputException e) {
      return;
    }
    for (GoSumLine l : f.lines()) {
      assertTrue(l.hash().startsWith(l.algorithm() + ":"));
      assertEquals(l, GoSumLine.parse("go.sum", l.line(), l.text()));
      f.hashes(l.path(), l.version());
    }
    f.linesUsedByGoCommand();
  }
}
