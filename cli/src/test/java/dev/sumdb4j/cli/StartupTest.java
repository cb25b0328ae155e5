package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run with nothing to fetch sets up (#11): a fresh JVM verifying a go.sum whose data is all
 * in the cache, online, loads no HTTP client, no TLS and no JSON library; and the launcher's
 * training run for its class-data archive succeeds.
 */
class StartupTest {
  @TempDir Path tmp;

  @Test
  void cachedOnlineVerify_setsUpNoHttpClientTlsOrJackson() throws Exception {
    Path gopath = Examples.copyGopath(tmp.resolve("gopath"));
    // Nothing listens on port 1: any request would fail the lines.
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "verify", "--gopath", gopath.toString(), "--gosumdb", "sum.golang.org https://127.0.0.1:1",
        Examples.goSum().toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("GO") || k.endsWith("_PROXY") || k.endsWith("_proxy")
        || k.startsWith("SSL_CERT"));
    pb.environment().put("HOME", tmp.toString());
    pb.environment().put("GOENV", tmp.resolve("no-goenv").toString());
    Path out = tmp.resolve("out.txt");
    pb.redirectOutput(out.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "verify did not finish in 120 s");
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains(": ok golang.org/x/text "), text);
    for (String unwanted : List.of("java.net.http.HttpClient ", "javax.net.ssl.SSLContext ",
        "com.fasterxml.jackson.databind.ObjectMapper ")) {
      assertTrue(!text.contains("[class,load] " + unwanted),
          "a run with everything cached loaded " + unwanted.strip() + ":\n" + text.lines()
              .filter(l -> l.contains(unwanted)).findFirst().orElse(""));
    }
  }

  @Test
  void training_runsEveryStepAgainstItsOwnHttpsServer() throws Exception {
    assertEquals(0, Training.run());
  }
}
