package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.testdata.RefusedPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12: every command given {@code --json} prints exactly one JSON document on every exit path
 * (usage errors, unreadable input, an unavailable database, bad signatures), with {@code exitCode}
 * equal to the process exit code and a {@code message} saying why it failed.
 */
class JsonAlwaysTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  private Path gopath() throws IOException {
    return Examples.copyGopath(tmp);
  }

  private Map<String, String> env(Path gopath) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("GOENV", "off");
    env.put("GOPROXY", "off");
    return env;
  }

  /** The one document {@code r} printed, checked against its exit code. */
  static JsonNode oneDocument(Cli.Result r, String what) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(r.out())) {
      while (it.hasNext()) {
        docs.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(what + ": stdout is not JSON documents: " + e + "\n" + r, e);
    }
    assertEquals(1, docs.size(), () -> what + ": want exactly one document\n" + r);
    JsonNode doc = docs.get(0);
    assertTrue(doc.isObject(), () -> what + "\n" + r);
    assertEquals(1, doc.path("version").asInt(), () -> what + "\n" + r);
    assertTrue(doc.path("tool").asText().startsWith("sumdb4j "), () -> what + "\n" + r);
    assertTrue(doc.has("exitCode") && doc.get("exitCode").isInt(), () -> what + ": no exitCode\n" + r);
    assertEquals(r.exit(), doc.get("exitCode").asInt(), () -> what + ": exitCode is not the exit code\n" + r);
    assertTrue(doc.has("message"), () -> what + ": no message\n" + r);
    if (r.exit() != 0) {
      assertFalse(doc.get("message").isNull() || doc.get("message").asText().isBlank(), () -> what + "\n" + r);
    } else {
      assertTrue(doc.get("message").isNull(), () -> what + "\n" + r);
    }
    return doc;
  }

  /** The database that is down, for as long as the test runs. */
  private RefusedPort refused;

  @AfterEach
  void freeTheRefusedPort() {
    if (refused != null) {
      refused.close();
    }
  }

  @Test
  void everyCommandsFailurePaths_printOneDocument_withTheExitCodeAndAMessage() throws Exception {
    Path gopath = gopath();
    Map<String, String> env = env(gopath);
    Path goSum = tmp.resolve("go.sum");
    Files.copy(RealData.projectRoot().resolve("examples/go.sum"), goSum);
    Path malformed = Files.writeString(tmp.resolve("malformed.sum"), "rsc.io/quote v1.5.2\n");
    Path garbage = Files.writeString(tmp.resolve("garbage"), "not a note, not json\n");
    Path missing = tmp.resolve("missing");
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    Path emptyGopath = Files.createDirectories(tmp.resolve("empty-gopath"));
    Path note = Files.write(tmp.resolve("note"), Files.readAllBytes(gopath.resolve("pkg/sumdb/sum.golang.org/latest")));
    Map<String, String> down = env(Files.createDirectories(tmp.resolve("fresh-gopath")));
    refused = RefusedPort.open();
    down.put("GOSUMDB", RealData.SUM_GOLANG_ORG_KEY + " " + refused.httpUrl());
    Map<String, String> off = env(gopath);
    off.put("GOSUMDB", "off");
    String otherKey = "example.com+1d3b9d8f+AaD6lyjt9FKlIfvMjsIdKMAfQyDbtLo6HQrnZQFc1MNj";
    record Case(Map<String, String> env, int exit, String... args) {}
    List<Case> cases = List.of(
        new Case(env, 0, "verify", "--offline", "--json", goSum.toString()),
        new Case(env, 2, "verify", "--offline", "--json", malformed.toString()),
        new Case(env, 2, "verify", "--offline", "--json", missing.toString()),
        new Case(env, 2, "verify", "--offline", "--json", dir.toString()),
        new Case(off, 2, "verify", "--json", goSum.toString()),
        new Case(env, 2, "verify", "--json", "--format", "xml", goSum.toString()),
        new Case(env, 2, "verify", "--json", "--no-such-option"),
        new Case(down, 4, "verify", "--json", goSum.toString()),
        new Case(down, 4, "latest", "--json"),
        new Case(env(emptyGopath), 4, "latest", "--json", "--offline"),
        new Case(env, 4, "lookup", "--offline", "--json", "rsc.io/quote@v1.5.2", "rsc.io/nope@v1.0.0"),
        new Case(env, 2, "lookup", "--offline", "--json", "not a module"),
        new Case(down, 4, "lookup", "--json", "rsc.io/quote@v1.5.2"),
        new Case(env, 2, "note", "verify", "--json", "--key", otherKey, note.toString()),
        new Case(env, 2, "note", "verify", "--json", "--key", RealData.SUM_GOLANG_ORG_KEY, garbage.toString()),
        new Case(env, 2, "note", "verify", "--json", "--key", RealData.SUM_GOLANG_ORG_KEY, missing.toString()),
        new Case(env, 2, "evidence", "verify", "--json", garbage.toString()),
        new Case(env, 2, "evidence", "verify", "--json", missing.toString()),
        new Case(env, 2, "proof", "export", "--offline", "--json", "--bundle", tmp.resolve("b1").toString(),
            missing.toString()),
        new Case(env, 2, "proof", "export", "--offline", "--json", "--bundle", tmp.resolve("b2").toString(),
            malformed.toString()),
        new Case(env, 2, "proof", "export", "--offline", "--json", missing.toString()),
        new Case(env, 2, "proof", "verify", "--json", garbage.toString()),
        new Case(env, 2, "proof", "verify", "--json", missing.toString()),
        new Case(env, 2, "modcache", "verify", "--offline", "--json", "--gomodcache", missing.toString()),
        new Case(env, 2, "key", "generate", "--json", "bad name"),
        new Case(env, 2, "key", "generate", "--json"));
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String what = String.join(" ", c.args());
      Cli.Result r = Cli.run(c.env(), c.args());
      try {
        JsonNode doc = oneDocument(r, what);
        if (c.exit() >= 0) {
          assertEquals(c.exit(), r.exit(), () -> what + "\n" + r);
        }
        if (r.exit() != 0) { // the command said why, in the document's message
          assertFalse(doc.path("message").asText("").isBlank() || doc.path("message").asText().startsWith("failed ("),
              () -> what + "\n" + r);
        }
        if (c.args()[0].equals("lookup") && r.exit() == 4) {
          assertTrue(doc.path("message").asText().startsWith("rsc.io/"), () -> what + "\n" + r);
        }
        if (c.env() == down) { // in the message, or in the result's for lookup
          assertTrue(r.out().contains("127.0.0.1: connection refused (dial " + refused.hostPort() + ")"),
              () -> what + "\n" + r);
        }
        if (c.args()[0].equals("lookup") && c.args().length > 4) { // found results are listed
          assertTrue(doc.path("results").path(0).path("found").asBoolean(), () -> what + "\n" + r);
        }
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " failed:\n"
        + String.join("\n\n", failures));
  }

  /** JSON summaries list every counter of the command, zero or not. */
  @Test
  void summaries_listEveryCounter() throws Exception {
    Map<String, String> env = env(gopath());
    Path goSum = RealData.projectRoot().resolve("examples/go.sum");
    Path bundle = tmp.resolve("bundle.json");
    Cli.Result export = Cli.run(env, "proof", "export", "--offline", "--json", "--bundle", bundle.toString(),
        goSum.toString());
    JsonNode summary = oneDocument(export, "proof export").path("summary");
    assertEquals(0, export.exit(), export::toString);
    assertEquals(List.of("lines", "ok", "mismatch", "not-found", "error"), fields(summary), export::toString);
    Cli.Result verify = Cli.run(env, "proof", "verify", "--json", "--go-sum", goSum.toString(), bundle.toString());
    summary = oneDocument(verify, "proof verify").path("summary");
    assertEquals(0, verify.exit(), verify::toString);
    assertEquals(List.of("lines", "ok", "mismatch", "missing", "fork", "skipped"), fields(summary), verify::toString);
    assertEquals(0, summary.path("mismatch").asInt(), verify::toString);
    JsonNode goModLine = oneDocument(verify, "proof verify").path("results").path(1);
    assertEquals("v0.0.0-20170915032832-14c0d48ead0c", goModLine.path("version").asText(), verify::toString);
    assertEquals("gomod", goModLine.path("kind").asText(), verify::toString);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** {@code proof verify PROOF} without a go.sum checks the proofs and prints what they prove. */
  @Test
  void proofVerify_withoutGoSum_printsWhatTheProofsProve() throws Exception {
    Map<String, String> env = env(gopath());
    Path goSum = RealData.projectRoot().resolve("examples/go.sum");
    Path bundle = tmp.resolve("bundle.json");
    Cli.Result export = Cli.run(env, "proof", "export", "--offline", "--bundle", bundle.toString(), goSum.toString());
    assertEquals(0, export.exit(), export::toString);
    assertFalse(Files.exists(Path.of("go.sum")), "the test runs where there is no ./go.sum");
    Cli.Result text = Cli.run(env, "proof", "verify", bundle.toString());
    assertEquals(0, text.exit(), text::toString);
    assertTrue(text.out().contains("# record 942 in tree 6978134"), text::toString);
    assertTrue(text.lines().contains("rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y="),
        text::toString);
    JsonNode doc = oneDocument(Cli.run(env, "proof", "verify", "--json", bundle.toString()), "proof verify");
    assertTrue(doc.get("goSum").isNull(), doc::toString);
    assertEquals(3, doc.path("records").size(), doc::toString);
    assertEquals(942, doc.path("records").path(1).path("recordId").asInt(), doc::toString);
  }

  /** A proof file that fails is named, among several (a tlog-proof's errors do not name it themselves). */
  @Test
  void proofVerify_failingProof_isNamed() throws Exception {
    Map<String, String> env = env(gopath());
    Path goSum = RealData.projectRoot().resolve("examples/go.sum");
    Path dir = tmp.resolve("proofs");
    Cli.Result export = Cli.run(env, "proof", "export", "--offline", "--dir", dir.toString(), goSum.toString());
    assertEquals(0, export.exit(), export::toString);
    Path bad = dir.resolve("rsc.io/quote@v1.5.2.tlog-proof");
    List<String> lines = new ArrayList<>(Files.readAllLines(bad));
    lines.set(2, (lines.get(2).charAt(0) == 'A' ? "B" : "A") + lines.get(2).substring(1)); // a proof hash
    Files.write(bad, lines);
    Cli.Result r = Cli.run(env, "proof", "verify", "--json", "--go-sum", goSum.toString(), dir.toString());
    JsonNode doc = oneDocument(r, "proof verify");
    assertEquals(3, r.exit(), r::toString);
    assertEquals(1, doc.path("proofFailures").size(), r::toString);
    assertTrue(doc.path("proofFailures").path(0).asText().startsWith(bad + ": "), r::toString);
    assertTrue(r.err().contains("proof does not verify: " + bad + ": "), r::toString);
  }
}
