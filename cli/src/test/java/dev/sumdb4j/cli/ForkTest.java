package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.client.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two live Go reference servers with the same key but forked histories: after trusting the first,
 * the second must be reported as a security error with evidence that re-checks offline.
 */
@Tag("live")
class ForkTest {
  private static final int RECORDS = 100_000;

  @TempDir Path tmp;

  private Map<String, String> env(Path gopath, GoServer server) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("HOME", tmp.resolve("home").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", server.gosumdb());
    return env;
  }

  private void forkedServer_reportedWithEvidence(String... forkFlags) throws Exception {
    Path gosum = tmp.resolve("go.sum");
    Path gopath = tmp.resolve("gopath");
    Path evidenceFile = tmp.resolve("evidence.json");
    try (GoServer honest = GoServer.start("-n", Integer.toString(RECORDS), "-gosum", gosum.toString(),
        "-gosum-step", "1009")) {
      Cli.Result first = Cli.run(env(gopath, honest), "verify", "--evidence-out", evidenceFile.toString(),
          gosum.toString());
      assertEquals(0, first.exit(), first::toString);
    }
    try (GoServer forked = GoServer.start(forkFlags)) {
      // cached records are not fetched again: a module not yet cached brings the forked tree
      String[] fresh = forked.get("/lookup/example.com/m1/v2@v2.1.5").split("\n");
      Files.write(gosum, List.of(fresh[1], fresh[2]), java.nio.file.StandardOpenOption.APPEND);
      Cli.Result r = Cli.run(env(gopath, forked), "verify", "--evidence-out", evidenceFile.toString(),
          gosum.toString());
      assertEquals(3, r.exit(), r::toString);
      assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
      assertTrue(r.err().contains("go.sum database server misbehavior detected!"), r::toString);
      assertTrue(r.err().contains("proof of misbehavior:"), r::toString);
      assertFalse(r.out().contains(": ok "), r::toString);
      assertTrue(Files.exists(evidenceFile), "evidence file written");
      Evidence evidence = Evidence.fromJson(evidenceFile.toString(), Files.readString(evidenceFile));
      Verifiers key = Verifiers.of(VerifierKey.parse(forked.verifierKey()));
      evidence.verify(key); // re-checks offline with the database key
      assertTrue(r.err().contains(evidence.securityReport()), r::toString);
      // both notes verified: not "data that does not authenticate"
      assertFalse(r.err().contains("does not authenticate"), r::toString);
      assertTrue(r.err().contains("both signatures verify"), r::toString);
      // the --json document names the evidence file
      Path again = tmp.resolve("evidence-again.json");
      Cli.Result j = Cli.run(env(gopath, forked), "verify", "--json", "--evidence-out", again.toString(),
          gosum.toString());
      assertEquals(3, j.exit(), j::toString);
      assertEquals(again.toString(), JsonAlwaysTest.oneDocument(j, "verify --json").path("evidence").asText(),
          j::toString);
      assertTrue(Files.exists(again), j::toString);
      // the evidence is not valid under another key
      try (GoServer other = GoServer.start("-n", "1", "-key-seed", "unrelated")) {
        assertThrows(SumdbException.class, () -> evidence.verify(Verifiers.of(VerifierKey.parse(other.verifierKey()))));
      }
    }
  }

  @Test
  void verify_forkSameSize_exit3AndEvidenceRechecks() throws Exception {
    forkedServer_reportedWithEvidence("-n", Integer.toString(RECORDS), "-fork-at", "99000");
  }

  @Test
  void verify_forkLarger_exit3AndEvidenceWithProofRechecks() throws Exception {
    forkedServer_reportedWithEvidence("-n", Integer.toString(RECORDS + 5000), "-fork-at", "64000");
  }

  @Test
  void verify_evidenceOutDefault_isCurrentDirectoryFile() {
    List<String> defaults = List.of(new picocli.CommandLine(new Main(Map.of())).getSubcommands().get("verify")
        .getCommandSpec().findOption("--evidence-out").defaultValue());
    assertEquals(List.of("sumdb4j-evidence.json"), defaults);
  }
}
