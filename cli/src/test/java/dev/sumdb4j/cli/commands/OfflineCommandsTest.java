package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.testdata.RealData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hash, key, note and proof verify: no network; real data where it applies. */
class OfflineCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUOTE_ZIP_H1 = "h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=";
  private static final String QUOTE_MOD_H1 = "h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=";

  @TempDir Path tmp;

  private Map<String, String> env() {
    return Map.of("GOENV", tmp.resolve("no-goenv").toString(), "GOPATH", tmp.resolve("gopath").toString());
  }

  @Test
  void hash_realQuoteModule_zipDirAndGoModMatchGoSum() throws Exception {
    Path v = RealData.resolve("modules/rsc.io/quote/@v");
    Run.Result zip = Run.run(env(), "hash", "zip", v.resolve("v1.5.2.zip").toString());
    assertEquals(0, zip.exit(), zip::toString);
    assertEquals(QUOTE_ZIP_H1, zip.out().strip());
    Run.Result mod = Run.run(env(), "hash", "gomod", v.resolve("v1.5.2.mod").toString());
    assertEquals(QUOTE_MOD_H1, mod.out().strip());

    Path dir = unzip(v.resolve("v1.5.2.zip"), tmp.resolve("x"), "rsc.io/quote@v1.5.2/");
    Run.Result d = Run.run(env(), "hash", "dir", "--prefix", "rsc.io/quote@v1.5.2", dir.toString());
    assertEquals(0, d.exit(), d::toString);
    assertEquals(QUOTE_ZIP_H1, d.out().strip());
    Run.Result other = Run.run(env(), "hash", "dir", "--prefix", "rsc.io/quote@v1.5.3", dir.toString());
    assertFalse(other.out().contains(QUOTE_ZIP_H1));
  }

  @Test
  void hash_badUsage_exit2() throws Exception {
    assertEquals(2, Run.run(env(), "hash", "zip", tmp.resolve("none.zip").toString()).exit());
    assertEquals(2, Run.run(env(), "hash", "dir", tmp.toString()).exit()); // --prefix missing
    assertEquals(2, Run.run(env(), "hash", "dir", "--prefix", "not a module", tmp.toString()).exit());
    assertEquals(2, Run.run(env(), "hash").exit());
  }

  /** Extracts the entries under {@code prefix} of a module zip into {@code dir}. */
  static Path unzip(Path zip, Path dir, String prefix) throws Exception {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.isDirectory()) {
          continue;
        }
        Path out = dir.resolve(e.getName().substring(prefix.length()));
        Files.createDirectories(out.getParent());
        Files.write(out, z.readAllBytes());
      }
    }
    return dir;
  }

  @Test
  void keyGenerateNoteSignVerify_roundTrip() throws Exception {
    Run.Result k = Run.run(env(), "key", "generate", "example.com/log");
    assertEquals(0, k.exit(), k::toString);
    List<String> keys = k.out().lines().toList();
    assertTrue(keys.get(0).startsWith("PRIVATE+KEY+example.com/log+"));
    assertTrue(keys.get(1).startsWith("example.com/log+"));
    Path skey = tmp.resolve("skey");
    Files.writeString(skey, keys.get(0) + "\n");

    Run.Result w = Run.run(env(), "key", "generate", "--cosignature", "--json", "witness.example");
    JsonNode wk = JSON.readTree(w.out());
    assertEquals(1, wk.get("version").asInt());
    assertEquals("cosignature", wk.get("type").asText());

    Path text = tmp.resolve("note.txt");
    Files.writeString(text, "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    Path signed = tmp.resolve("note.signed");
    assertEquals(0, Run.run(env(), "note", "sign", "--key", "@" + skey, "-o", signed.toString(), text.toString()).exit());
    Run.Result cos = Run.run(env(), "note", "sign", "--key", wk.get("signerKey").asText(), signed.toString());
    assertEquals(0, cos.exit(), cos::toString);
    assertFalse(cos.out().contains("PRIVATE"), "never print the private key");
    Path cosigned = tmp.resolve("note.cosigned");
    Files.writeString(cosigned, cos.out());

    Run.Result v = Run.run(env(), "note", "verify", "--key", keys.get(1), "--key", wk.get("verifierKey").asText(),
        cosigned.toString());
    assertEquals(0, v.exit(), v::toString);
    assertTrue(v.out().contains("verified example.com/log "), v::toString);
    assertTrue(v.out().contains("verified witness.example ") && v.out().contains(" cosigned at "), v::toString);

    Run.Result onlyLog = Run.run(env(), "note", "verify", "--json", "--key", keys.get(1), cosigned.toString());
    assertEquals(0, onlyLog.exit(), onlyLog::toString);
    JsonNode doc = JSON.readTree(onlyLog.out());
    assertEquals(1, doc.get("verified").size());
    assertEquals("witness.example", doc.get("unverified").get(0).get("name").asText());

    Run.Result unknown = Run.run(env(), "note", "verify", cosigned.toString()); // sum.golang.org's key
    assertEquals(3, unknown.exit(), unknown::toString);
    Files.writeString(cosigned, Files.readString(cosigned).replace("\n3\n", "\n4\n"));
    assertEquals(3, Run.run(env(), "note", "verify", "--key", keys.get(1), cosigned.toString()).exit());
    assertEquals(2, Run.run(env(), "note", "verify", "--key", "bad+key", cosigned.toString()).exit());
    assertEquals(2, Run.run(env(), "note", "sign", "--key", "PRIVATE+KEY+x", text.toString()).exit());
  }

  @Test
  void noteVerify_realCosignedCheckpoint_sumGolangOrgVerifiedWitnessesUnverified() throws Exception {
    Path note = RealData.resolve("checkpoints/15081221.cosigned.note");
    Run.Result r = Run.run(env(), "note", "verify", note.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("verified sum.golang.org 033de0ae"), r::toString);
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("unverified test.example.com")).count(), r::toString);
  }

  @Test
  void proofVerify_realIncubatorTlogProof_verifiesAgainstItsGoSumLines() throws Exception {
    Path dir = RealData.resolve("proofs/incubator-tlog-proof");
    Path raw = dir.resolve("go.sum-database-tree-43930254.raw");
    Run.Result r = Run.run(env(), "proof", "verify", "--go-sum", raw.toString(), dir.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, r.out().lines().filter(l -> l.contains(": ok github.com/transparency-dev/tessera v1.0.0")).count(),
        r::toString);
    assertTrue(r.out().contains("record 43930254 in tree 58253265"), r::toString);

    // the single file works too; a go.sum line the proof does not cover fails
    Path proof = dir.resolve("go.sum-database-tree-43930254.tlog-proof");
    Path goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, Files.readString(raw)
        + "rsc.io/quote v1.5.2 " + QUOTE_ZIP_H1 + "\n");
    Run.Result missing = Run.run(env(), "proof", "verify", "--go-sum", goSum.toString(), proof.toString());
    assertEquals(1, missing.exit(), missing::toString);
    assertTrue(missing.out().contains("go.sum:3: missing rsc.io/quote v1.5.2"), missing::toString);

    // the proof with another record's text does not verify
    Path copy = tmp.resolve("p");
    Files.createDirectories(copy);
    Files.copy(proof, copy.resolve("x.tlog-proof"));
    Files.writeString(copy.resolve("x.raw"), Files.readString(raw).replace("v1.0.0 h1:4", "v1.0.0 h1:5"));
    Run.Result bad = Run.run(env(), "proof", "verify", "--go-sum", raw.toString(), copy.toString());
    assertEquals(3, bad.exit(), bad::toString);
  }

  @Test
  void proofVerify_malformedInputs_exit2() throws Exception {
    Path goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, "rsc.io/quote v1.5.2 " + QUOTE_ZIP_H1 + "\n");
    Path junk = tmp.resolve("junk.json");
    Files.writeString(junk, "{\"version\": 1, \"type\": \"something else\"}");
    assertEquals(2, Run.run(env(), "proof", "verify", "--go-sum", goSum.toString(), junk.toString()).exit());
    assertEquals(2, Run.run(env(), "proof", "verify", "--go-sum", goSum.toString(), tmp.resolve("none").toString())
        .exit());
    Path noRaw = tmp.resolve("d");
    Files.createDirectories(noRaw);
    Files.copy(RealData.resolve("proofs/incubator-tlog-proof/go.sum-database-tree-43930254.tlog-proof"),
        noRaw.resolve("a.tlog-proof"));
    assertEquals(2, Run.run(env(), "proof", "verify", "--go-sum", goSum.toString(), noRaw.toString()).exit());
  }

  @Test
  void help_everyCommand_exit0() {
    for (String[] args : new String[][] {{"lookup", "--help"}, {"latest", "--help"}, {"proof", "export", "--help"},
        {"proof", "verify", "--help"}, {"modcache", "verify", "--help"}, {"evidence", "verify", "--help"},
        {"note", "verify", "--help"}, {"note", "sign", "--help"}, {"key", "generate", "--help"},
        {"hash", "dir", "--help"}}) {
      Run.Result r = Run.run(env(), args);
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().startsWith("Usage: sumdb4j " + args[0]), r::toString);
    }
    assertEquals(2, Run.run(env(), "proof", "export").exit()); // --bundle or --dir required
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
