package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.tlog.verify.LineError;
import dev.sumdb4j.tlog.verify.LineResult;
import dev.sumdb4j.tlog.verify.LineVerdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private static LineReport line(int n, LineVerdict v, String db, String msg, int code) {
    return new LineReport("go.sum", n, "rsc.io/quote", "v1.5.2", "h1:AAA=", v, db, msg, code);
  }

  private static RunReport run(LineReport... lines) {
    return new RunReport("sum.golang.org", false, 42, "HASH=", "note\n", List.of("go.sum"), List.of(lines));
  }

  @Test
  void text_eachVerdict_readableLine() {
    assertEquals("go.sum:1: ok rsc.io/quote v1.5.2 h1:AAA=", line(1, LineVerdict.OK, "h1:AAA=", null, 0).text());
    assertEquals("go.sum:2: mismatch rsc.io/quote v1.5.2: go.sum h1:AAA=, database h1:BBB=",
        line(2, LineVerdict.MISMATCH, "h1:BBB=", null, 1).text());
    assertEquals("go.sum:3: not-found rsc.io/quote v1.5.2: not in the checksum database",
        line(3, LineVerdict.NOT_FOUND, null, "not in the checksum database", 1).text());
    assertEquals("go.sum:4: skipped rsc.io/quote v1.5.2: matches GONOSUMDB",
        line(4, LineVerdict.SKIPPED, null, "matches GONOSUMDB", 0).text());
    assertEquals("go.sum:5: error rsc.io/quote v1.5.2: reading http://x/lookup: timeout",
        line(5, LineVerdict.ERROR, null, "reading http://x/lookup: timeout", 4).text());
  }

  @Test
  void text_multiLineMessage_oneLine() {
    assertEquals("go.sum:6: not-found rsc.io/quote v1.5.2: 404 Not Found server response: gone",
        line(6, LineVerdict.NOT_FOUND, null, "404 Not Found\n\tserver response: gone", 1).text());
  }

  @Test
  void forLineError_byCategory_notByMessage() throws Exception {
    String text = "rsc.io/quote v1.5.2 h1:" + "A".repeat(43) + "=\n";
    GoSumLine l = GoSumFile.parse("go.sum", text.getBytes(StandardCharsets.UTF_8)).lines().get(0);
    // The message that used to decide SECURITY no longer decides anything.
    String misleading = "checksum missing from sumdb response";
    assertEquals(ExitCodes.UNAVAILABLE,
        ExitCodes.forLineError(LineResult.error(l, LineError.UNAVAILABLE, misleading)));
    assertEquals(ExitCodes.SECURITY, ExitCodes.forLineError(LineResult.error(l, LineError.SECURITY, "x")));
    assertEquals(ExitCodes.USAGE, ExitCodes.forLineError(LineResult.error(l, LineError.MALFORMED, misleading)));
    assertThrows(IllegalArgumentException.class, () -> ExitCodes.forLineError(
        new LineResult(l, LineVerdict.OK, Optional.of(l.hash()), "")));
  }

  @Test
  void exitCode_mixedVerdicts_mostSevereWins() {
    assertEquals(0, run(line(1, LineVerdict.OK, "h1:AAA=", null, 0), line(2, LineVerdict.SKIPPED, null, "x", 0)).exitCode());
    assertEquals(4, run(line(1, LineVerdict.OK, "h1:AAA=", null, 0), line(2, LineVerdict.ERROR, null, "x", 4)).exitCode());
    assertEquals(1, run(line(1, LineVerdict.ERROR, null, "x", 4), line(2, LineVerdict.NOT_FOUND, null, "x", 1)).exitCode());
    assertEquals(3, run(line(1, LineVerdict.MISMATCH, "h1:B=", null, 1), line(2, LineVerdict.ERROR, null, "x", 3)).exitCode());
    assertEquals(0, run().exitCode());
  }

  @Test
  void summary_countsEveryVerdict() {
    assertEquals("2 lines in 1 file against sum.golang.org tree 42: 1 ok, 1 mismatch, 0 not-found, 0 skipped, 0 error",
        run(line(1, LineVerdict.OK, "h1:AAA=", null, 0), line(2, LineVerdict.MISMATCH, "h1:B=", null, 1)).summary());
  }

  @Test
  void json_document_stableFields() throws Exception {
    String doc = JsonReport.format(run(line(7, LineVerdict.MISMATCH, "h1:BBB=", null, 1)), "sumdb4j test", null);
    JsonNode n = new ObjectMapper().readTree(doc);
    assertEquals(1, n.get("version").asInt());
    assertEquals("sum.golang.org", n.get("database").asText());
    assertEquals(42, n.get("tree").get("size").asLong());
    assertEquals("HASH=", n.get("tree").get("hash").asText());
    JsonNode r = n.get("results").get(0);
    assertEquals("go.sum", r.get("file").asText());
    assertEquals(7, r.get("line").asInt());
    assertEquals("mismatch", r.get("verdict").asText());
    assertEquals("h1:AAA=", r.get("hash").asText());
    assertEquals("h1:BBB=", r.get("databaseHash").asText());
    assertEquals(1, n.get("summary").get("mismatch").asInt());
    assertEquals(0, n.get("summary").get("not-found").asInt());
    assertEquals(1, n.get("exitCode").asInt());
  }

  /** The version of a go.mod line is the module version; {@code kind} says which hash the line holds. */
  @Test
  void json_goModLine_versionAndKind() throws Exception {
    LineReport goMod = new LineReport("go.sum", 2, "rsc.io/quote", "v1.5.2/go.mod", "h1:AAA=", LineVerdict.OK,
        "h1:AAA=", null, 0);
    String doc = JsonReport.format(run(line(1, LineVerdict.OK, "h1:AAA=", null, 0), goMod), "sumdb4j test", null);
    JsonNode results = new ObjectMapper().readTree(doc).get("results");
    assertEquals("v1.5.2", results.get(0).get("version").asText());
    assertEquals("zip", results.get(0).get("kind").asText());
    assertEquals("v1.5.2", results.get(1).get("version").asText());
    assertEquals("gomod", results.get(1).get("kind").asText());
  }

  @Test
  void failureMessage_causalChain_joinedWithoutRepeats() {
    Exception inner = new java.io.IOException("connection refused");
    Exception mid = new RuntimeException(inner); // message = inner.toString(), contains inner's message
    Exception outer = new Exception("rsc.io/quote@v1.5.2: reading /lookup/rsc.io/quote@v1.5.2", mid);
    assertEquals("rsc.io/quote@v1.5.2: reading /lookup/rsc.io/quote@v1.5.2: connection refused",
        Failures.message(outer));
  }
}
