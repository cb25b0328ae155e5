package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code sumdb4j verify} processes share one cold cache against the live Go server: all
 * succeed, and afterwards {@code latest} is the server's signed note and every cached file is
 * byte-identical to what the server serves (no torn or foreign files).
 */
@Tag("live")
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void verify_threeProcessesOneCache_validLatestAndNoTornFiles() throws Exception {
    Path gosum = tmp.resolve("go.sum");
    try (GoServer server = GoServer.start("-n", "100000", "-gosum", gosum.toString(), "-gosum-step", "997")) {
      Path gopath = tmp.resolve("gopath");
      Map<String, String> env = new HashMap<>();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("GOPATH", gopath.toString());
      env.put("HOME", tmp.resolve("home").toString());
      env.put("GOENV", tmp.resolve("no-goenv").toString());
      env.put("GOSUMDB", server.gosumdb());
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        processes.add(Cli.start(env, tmp.resolve("out" + i), tmp.resolve("err" + i), "verify",
            "--evidence-out", tmp.resolve("evidence" + i + ".json").toString(), gosum.toString()));
      }
      int lines = Files.readAllLines(gosum).size();
      for (int i = 0; i < 3; i++) {
        Cli.Result r = Cli.await(processes.get(i), tmp.resolve("out" + i), tmp.resolve("err" + i));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(lines, r.out().lines().filter(l -> l.contains(": ok ")).count(), r::toString);
      }

      byte[] latest = Files.readAllBytes(gopath.resolve("pkg/sumdb/" + server.name() + "/latest"));
      Note.open("latest", latest, Verifiers.of(VerifierKey.parse(server.verifierKey())));
      assertEquals(server.get("/latest"), new String(latest, java.nio.charset.StandardCharsets.UTF_8));

      Path cache = gopath.resolve("pkg/mod/cache/download/sumdb/" + server.name());
      List<Path> files;
      try (Stream<Path> s = Files.walk(cache)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      assertTrue(files.size() > lines / 2, "cache holds " + files.size() + " files");
      for (Path f : files) {
        String rel = cache.relativize(f).toString();
        assertTrue(rel.startsWith("lookup/") || rel.startsWith("tile/"), () -> "unexpected cache file " + rel);
        byte[] served = server.getBytes("/" + rel);
        assertTrue(served != null, () -> "the server does not serve " + rel + ": a foreign or temporary file");
        assertArrayEquals(served, Files.readAllBytes(f), () -> "torn or wrong cache file " + rel);
      }

      // and the cache alone now verifies everything
      Cli.Result offline = Cli.run(env, "verify", "--offline", gosum.toString());
      assertEquals(0, offline.exit(), offline::toString);
    }
  }
}
