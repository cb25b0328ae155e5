package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lookup, latest, proof export/verify and evidence verify against a TestLog served on 127.0.0.1. */
@Tag("slow")
class OnlineCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private TestLog log;
  private LogServer server;
  private Map<String, String> env;
  private final List<String> goSum = new ArrayList<>();

  static String h1(String seed) throws Exception {
    return "h1:" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
  }

  @BeforeEach
  void start() throws Exception {
    log = TestLog.create("localhost.localdev/sumdb", 8);
    for (int i = 0; i < 40; i++) {
      String path = "example.com/M" + i;
      String zip = h1("zip" + i);
      String mod = h1("mod" + i);
      log.addModule(path, "v1.0." + i, zip, mod);
      if (i % 3 == 0) {
        goSum.add(path + " v1.0." + i + " " + zip);
        goSum.add(path + " v1.0." + i + "/go.mod " + mod);
      }
    }
    server = new LogServer(log);
    env = server.env(tmp.resolve("gopath"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Path goSumFile(List<String> lines) throws Exception {
    Path f = Files.createTempFile(tmp, "go", ".sum");
    Files.write(f, lines);
    return f;
  }

  @Test
  void lookup_knownModule_printsAuthenticatedLines() throws Exception {
    Run.Result r = Run.run(env, "lookup", "example.com/M3@v1.0.3", "example.com/M7@v1.0.7");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("# example.com/M3@v1.0.3: record 3 in tree 8 "), r::toString);
    assertTrue(r.out().contains("example.com/M7 v1.0.7/go.mod " + h1("mod7")), r::toString);
  }

  @Test
  void lookup_unknownModule_exit1AndJsonSaysNotFound() throws Exception {
    Run.Result r = Run.run(env, "lookup", "--json", "example.com/M3@v1.0.3", "example.com/nope@v1.0.0");
    assertEquals(1, r.exit(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(1, doc.get("version").asInt());
    assertEquals(4, doc.get("tree").get("size").asLong(), "as in x/mod's harness, a lookup has the tree after it");
    assertTrue(doc.get("results").get(0).get("found").asBoolean());
    assertFalse(doc.get("results").get(1).get("found").asBoolean());
  }

  @Test
  void lookup_offlineAfterOnline_usesCacheAndOfflineMissIsUnavailable() throws Exception {
    assertEquals(0, Run.run(env, "lookup", "example.com/M3@v1.0.3").exit());
    log.refuseAll();
    Run.Result r = Run.run(env, "lookup", "--offline", "example.com/M3@v1.0.3");
    assertEquals(0, r.exit(), r::toString);
    assertEquals(4, Run.run(env, "lookup", "--offline", "example.com/M4@v1.0.4").exit());
  }

  @Test
  void lookup_malformedModule_exit2() {
    assertEquals(2, Run.run(env, "lookup", "Example.com/M3").exit());
  }

  @Test
  void latest_growingLog_provedAndStored() throws Exception {
    Run.Result first = Run.run(env, "latest", "--json");
    assertEquals(0, first.exit(), first::toString);
    JsonNode doc = JSON.readTree(first.out());
    assertTrue(doc.get("stored").isNull());
    assertEquals(40, doc.get("latest").get("size").asLong());
    assertTrue(doc.get("updated").asBoolean());
    Path latest = tmp.resolve("gopath/pkg/sumdb/localhost.localdev/sumdb/latest");
    assertEquals(new String(log.signedTree(), StandardCharsets.UTF_8), Files.readString(latest));

    for (int i = 0; i < 13; i++) {
      log.addModule("example.com/N" + i, "v1.0.0", h1("n" + i), h1("nm" + i));
    }
    Run.Result second = Run.run(env, "latest");
    assertEquals(0, second.exit(), second::toString);
    assertTrue(second.out().contains("consistent: tree 40 is a prefix of tree 53"), second::toString);
    assertTrue(second.out().contains("stored latest updated to tree 53"), second::toString);
    assertEquals(new String(log.signedTree(), StandardCharsets.UTF_8), Files.readString(latest));
    assertTrue(log.requestCount("/tile/") > 0, "the consistency proof reads tiles");

    Run.Result same = Run.run(env, "latest");
    assertEquals(0, same.exit(), same::toString);
    assertTrue(same.out().contains("stored latest unchanged"), same::toString);
  }

  @Test
  void latest_forkedLog_exit3WithEvidenceThatVerifies() throws Exception {
    assertEquals(0, Run.run(env, "latest").exit());
    TestLog fork = log.fork();
    log.addModule("example.com/honest", "v1.0.0", h1("h"), h1("hm"));
    fork.addModule("example.com/evil", "v1.0.0", h1("e"), h1("em"));
    fork.addModule("example.com/evil2", "v1.0.0", h1("e2"), h1("em2"));
    assertEquals(0, Run.run(env, "latest").exit());
    server.serve(fork);
    Path evidence = tmp.resolve("evidence.json");
    Run.Result r = Run.run(env, "latest", "--evidence-out", evidence.toString());
    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
    Path latest = tmp.resolve("gopath/pkg/sumdb/localhost.localdev/sumdb/latest");
    assertEquals(41, Long.parseLong(Files.readString(latest).split("\n")[1]), "the fork is not stored");

    Run.Result ok = Run.run(env, "evidence", "verify", "--key", log.verifierKey().toString(), evidence.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().startsWith("valid fork evidence"), ok::toString);
    Run.Result viaEnv = Run.run(env, "evidence", "verify", "--json", evidence.toString());
    assertEquals(0, viaEnv.exit(), viaEnv::toString);
    assertTrue(JSON.readTree(viaEnv.out()).get("valid").asBoolean());

    Run.Result wrongKey = Run.run(env, "evidence", "verify", "--key",
        TestLog.create("localhost.localdev/sumdb", 8).verifierKey().toString(), evidence.toString());
    assertEquals(1, wrongKey.exit(), wrongKey::toString);

    String json = Files.readString(evidence);
    JsonNode tree = JSON.readTree(json);
    String computed = tree.get("computedHash").asText();
    Path tampered = tmp.resolve("tampered.json");
    Files.writeString(tampered, json.replace(computed, h1("x").substring(3)));
    assertEquals(1, Run.run(env, "evidence", "verify", tampered.toString()).exit());
    Files.writeString(tampered, "{\"version\": 1}");
    assertEquals(2, Run.run(env, "evidence", "verify", tampered.toString()).exit());
  }

  @Test
  void latest_signedEmptyTreeWithWrongHash_exit3AndSingleNoteEvidenceRechecks() throws Exception {
    // The key signed tree size 0 with an all-zero hash (x/mod before 2024): that note alone is
    // the misbehaviour; nobody signed the implicit empty tree this client starts from.
    byte[] note = log.sign(new dev.sumdb4j.tlog.Tree(0, dev.sumdb4j.tlog.Hash.of(new byte[32])));
    log.override("/latest", note);
    Path evidence = tmp.resolve("empty-evidence.json");
    Run.Result r = Run.run(env, "latest", "--evidence-out", evidence.toString());
    assertEquals(3, r.exit(), r::toString);
    assertFalse(r.err().contains("also signed tree size 0"), r::toString);
    assertTrue(r.err().contains(new String(note, StandardCharsets.UTF_8).split("\n")[2]), r::toString);
    JsonNode ev = JSON.readTree(Files.readString(evidence));
    assertEquals("empty-tree-hash", ev.get("kind").asText());
    assertEquals(new String(note, StandardCharsets.UTF_8), ev.get("note").asText());
    Run.Result ok = Run.run(env, "evidence", "verify", evidence.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().startsWith("valid evidence: the database signed tree#0 with hash AAAA"), ok::toString);
    assertTrue(ok.out().contains("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), ok::toString);
    JsonNode doc = JSON.readTree(Run.run(env, "evidence", "verify", "--json", evidence.toString()).out());
    assertTrue(doc.get("valid").asBoolean(), doc::toString);
    assertEquals("empty-tree-hash", doc.get("kind").asText());
  }

  @Test
  void latest_badSignature_exit3() throws Exception {
    TestLog other = TestLog.create("localhost.localdev/sumdb", 8);
    other.addModule("example.com/x", "v1.0.0", h1("x"), h1("xm"));
    log.override("/latest", other.signedTree());
    Run.Result r = Run.run(env, "latest");
    assertEquals(3, r.exit(), r::toString);
  }

  @Test
  void proofExportThenVerify_bundleAndDirectory_everyLineProvedOffline() throws Exception {
    Path gs = goSumFile(goSum);
    Path bundle = tmp.resolve("proofs.json");
    Run.Result ex = Run.run(env, "proof", "export", "--bundle", bundle.toString(), gs.toString());
    assertEquals(0, ex.exit(), ex::toString);
    Path dir = tmp.resolve("proofs");
    Run.Result ex2 = Run.run(env, "proof", "export", "--dir", dir.toString(), gs.toString());
    assertEquals(0, ex2.exit(), ex2::toString);
    assertTrue(Files.isRegularFile(dir.resolve("example.com/!m3@v1.0.3.tlog-proof")));
    assertTrue(Files.isRegularFile(dir.resolve("example.com/!m3@v1.0.3.raw")));

    server.close(); // no network
    Map<String, String> noCache = Map.of("GOSUMDB", log.verifierKey().toString(),
        "GOENV", tmp.resolve("none").toString());
    for (Path p : List.of(bundle, dir)) {
      Run.Result v = Run.run(noCache, "proof", "verify", "--go-sum", gs.toString(), p.toString());
      assertEquals(0, v.exit(), v::toString);
      assertEquals(goSum.size(), v.out().lines().filter(l -> l.contains(": ok ")).count(), v::toString);
    }
    Run.Result json = Run.run(noCache, "proof", "verify", "--json", "--go-sum", gs.toString(), bundle.toString());
    JsonNode doc = JSON.readTree(json.out());
    assertEquals(1, doc.get("version").asInt());
    assertEquals(goSum.size(), doc.get("summary").get("ok").asInt());

    // a line no proof covers, and a line the proved record contradicts
    List<String> more = new ArrayList<>(goSum);
    more.add("example.com/M1 v1.0.1 " + h1("zip1"));
    more.set(0, more.get(0).replace(h1("zip0"), h1("other")));
    Path gs2 = goSumFile(more);
    Run.Result bad = Run.run(noCache, "proof", "verify", "--format", "github", "--go-sum", gs2.toString(),
        bundle.toString());
    assertEquals(1, bad.exit(), bad::toString);
    assertTrue(bad.out().contains(": missing example.com/M1 v1.0.1"), bad::toString);
    assertTrue(bad.out().contains(": mismatch example.com/M0 v1.0.0"), bad::toString);
    assertTrue(bad.out().contains("::error file=" + gs2.toString().replace(":", "%3A") + ",line=1::mismatch"),
        bad::toString);

    // a proof that does not verify under the key
    Run.Result wrongKey = Run.run(noCache, "proof", "verify", "--key",
        TestLog.create("localhost.localdev/sumdb", 8).verifierKey().toString(), "--go-sum", gs.toString(),
        bundle.toString());
    assertEquals(3, wrongKey.exit(), wrongKey::toString);
    String text = Files.readString(bundle);
    JsonNode b = JSON.readTree(text);
    String firstHash = b.get("records").get(1).get("proof").get(0).asText();
    Path tampered = tmp.resolve("tampered.json");
    Files.writeString(tampered, text.replace(firstHash, h1("flip").substring(3)));
    Run.Result t = Run.run(noCache, "proof", "verify", "--go-sum", gs.toString(), tampered.toString());
    assertEquals(3, t.exit(), t::toString);
    assertNotEquals(text, Files.readString(tampered));
  }

  @Test
  void proofVerify_twoBundlesOfOneSizeWithDifferentHashes_exit3AndEvidenceRechecks() throws Exception {
    // Two clients (two GOPATHs), each shown one side of a fork; each bundle alone verifies.
    TestLog fork = log.fork();
    log.addModule("example.com/honest", "v1.0.0", h1("h"), h1("hm"));
    fork.addModule("example.com/evil", "v1.0.0", h1("e"), h1("em"));
    Path gs = goSumFile(goSum);
    Path honestBundle = tmp.resolve("honest.json");
    assertEquals(0, Run.run(env, "latest").exit()); // the export proves in the newest tree its client trusts
    assertEquals(0, Run.run(env, "proof", "export", "--bundle", honestBundle.toString(), gs.toString()).exit());
    server.serve(fork);
    Path forkBundle = tmp.resolve("fork.json");
    Map<String, String> env2 = server.env(tmp.resolve("gopath2"));
    assertEquals(0, Run.run(env2, "latest").exit());
    Run.Result ex = Run.run(env2, "proof", "export", "--bundle", forkBundle.toString(), gs.toString());
    assertEquals(0, ex.exit(), ex::toString);
    server.close();

    Map<String, String> noCache = Map.of("GOSUMDB", log.verifierKey().toString(),
        "GOENV", tmp.resolve("none").toString());
    for (Path p : List.of(honestBundle, forkBundle)) {
      assertEquals(0, Run.run(noCache, "proof", "verify", "--go-sum", gs.toString(), p.toString()).exit());
    }
    Path evidence = tmp.resolve("proof-evidence.json");
    Run.Result r = Run.run(noCache, "proof", "verify", "--evidence-out", evidence.toString(), "--go-sum",
        gs.toString(), honestBundle.toString(), forkBundle.toString());
    assertEquals(3, r.exit(), r::toString);
    assertFalse(r.out().contains(": ok "), r::toString);
    assertTrue(r.out().contains(": fork example.com/M0 v1.0.0 "), r::toString);
    assertTrue(r.err().contains("go.sum database server misbehavior detected!"), r::toString);
    assertTrue(r.err().contains("two trees of size 41 with different hashes"), r::toString);
    Run.Result ok = Run.run(noCache, "evidence", "verify", evidence.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().startsWith("valid fork evidence: tree#41 conflicts with tree#41"), ok::toString);

    JsonNode doc = JSON.readTree(Run.run(noCache, "proof", "verify", "--json", "--evidence-out",
        tmp.resolve("e2.json").toString(), "--go-sum", gs.toString(), honestBundle.toString(),
        forkBundle.toString()).out());
    assertEquals(3, doc.get("exitCode").asInt());
    assertEquals("conflict", doc.get("consistency").get(0).get("status").asText());
  }

  @Test
  void proofVerify_treesTheProofsCannotRelate_noteNotFailure() throws Exception {
    Path gs = goSumFile(goSum.subList(0, 2)); // example.com/M0 only: record 0
    Path older = tmp.resolve("older.json");
    assertEquals(0, Run.run(env, "latest").exit()); // the export proves in the newest tree its client trusts
    assertEquals(0, Run.run(env, "proof", "export", "--bundle", older.toString(), gs.toString()).exit());
    for (int i = 0; i < 30; i++) {
      log.addModule("example.com/N" + i, "v1.0.0", h1("n" + i), h1("nm" + i));
    }
    assertEquals(0, Run.run(env, "latest").exit());
    Path newer = tmp.resolve("newer.json");
    assertEquals(0, Run.run(env, "proof", "export", "--bundle", newer.toString(), gs.toString()).exit());
    server.close();
    Map<String, String> noCache = Map.of("GOSUMDB", log.verifierKey().toString(),
        "GOENV", tmp.resolve("none").toString());
    Run.Result r = Run.run(noCache, "proof", "verify", "--go-sum", gs.toString(), older.toString(), newer.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("note: consistency of trees 40 ("), r::toString);
    assertTrue(r.err().contains(") not shown by these proofs"), r::toString);
  }

  @Test
  void proofExport_lineNotInDatabase_nothingWrittenExit1() throws Exception {
    List<String> lines = new ArrayList<>(goSum);
    lines.add("example.com/unknown v1.0.0 " + h1("u"));
    Path bundle = tmp.resolve("proofs.json");
    Run.Result r = Run.run(env, "proof", "export", "--bundle", bundle.toString(), goSumFile(lines).toString());
    assertEquals(1, r.exit(), r::toString);
    assertFalse(Files.exists(bundle));
    assertTrue(r.out().contains("not-found example.com/unknown"), r::toString);
  }

  @Test
  void proofExport_offlineFromCache_sameBundle() throws Exception {
    Path gs = goSumFile(goSum);
    Path online = tmp.resolve("online.json");
    assertEquals(0, Run.run(env, "proof", "export", "--bundle", online.toString(), gs.toString()).exit());
    log.refuseAll();
    Path offline = tmp.resolve("offline.json");
    Run.Result r = Run.run(env, "proof", "export", "--offline", "--bundle", offline.toString(), gs.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(Files.readString(online), Files.readString(offline));
  }

  @Test
  void verify_formatGithub_annotatesFailingLinesOnly() throws Exception {
    List<String> lines = new ArrayList<>(goSum.subList(0, 2));
    lines.add("example.com/M3 v1.0.3 " + h1("wrong"));
    Path gs = goSumFile(lines);
    Run.Result r = Run.run(env, "verify", "--format", "github", "--evidence-out", tmp.resolve("e.json").toString(),
        gs.toString());
    assertEquals(1, r.exit(), r::toString);
    List<String> annotations = r.out().lines().filter(l -> l.startsWith("::error ")).toList();
    assertEquals(1, annotations.size(), r::toString);
    assertTrue(annotations.get(0).startsWith("::error file=" + gs.toString().replace(":", "%3A") + ",line=3::mismatch"),
        r::toString);
    assertEquals(2, Run.run(env, "verify", "--format", "xml", gs.toString()).exit());
  }

  @Test
  void githubAnnotation_escapesWorkflowCommandCharacters() {
    assertEquals("::error file=a%3Ab%2Cc,line=7::50%25 done%0Anext: x,y",
        GithubAnnotations.error("a:b,c", 7, "50% done\nnext: x,y"));
    assertEquals("::error file=go.sum::m", GithubAnnotations.error("go.sum", 0, "m"));
  }

  @Test
  void latestOffline_showsStoredTreeOnly() throws Exception {
    assertEquals(0, Run.run(env, "latest").exit());
    log.refuseAll();
    log.clearRequests();
    Run.Result r = Run.run(env, "latest", "--offline", "--json");
    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(40, doc.get("stored").get("size").asLong());
    assertTrue(doc.get("fetched").isNull());
    assertFalse(doc.get("updated").asBoolean());
    assertEquals(0, log.requestCount("/"));
  }

  @Test
  void lookup_forkedLog_exit3WithEvidence() throws Exception {
    assertEquals(0, Run.run(env, "latest").exit());
    TestLog fork = log.fork();
    fork.addModule("example.com/evil", "v1.0.0", h1("e"), h1("em"));
    log.addModule("example.com/honest", "v1.0.0", h1("h"), h1("hm"));
    assertEquals(0, Run.run(env, "latest").exit());
    server.serve(fork);
    Path evidence = tmp.resolve("lookup-evidence.json");
    Run.Result r = Run.run(env, "lookup", "--evidence-out", evidence.toString(), "example.com/evil@v1.0.0");
    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("go.sum database server misbehavior detected!"), r::toString);
    assertEquals(0, Run.run(env, "evidence", "verify", evidence.toString()).exit());
  }
}
