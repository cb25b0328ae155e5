package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sumdb4j verify} against the Go reference server over HTTPS (Go's net/http, HTTP/2 by
 * ALPN), its certificate issued by a CA trusted only through SSL_CERT_FILE (#11 item 2).
 */
class GoServerHttpsTest {
  @TempDir Path tmp;

  @Test
  void verify_overHttp2_companyCaFromSslCertFile() throws Exception {
    TestTls tls = TestTls.create("sumdb4j test CA");
    Path chain = tmp.resolve("server.pem");
    Path key = tmp.resolve("server.key");
    tls.writeServerPem(chain, key);
    Path ca = tls.writeCaPem(tmp.resolve("ca.pem"));
    Path gosum = tmp.resolve("go.sum");
    try (GoServer server = GoServer.start("-n", "2000", "-gosum", gosum.toString(), "-gosum-step", "37",
        "-tls-cert", chain.toString(), "-tls-key", key.toString())) {
      assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
      Map<String, String> env = new HashMap<>();
      env.put("GOPATH", tmp.resolve("gopath").toString());
      env.put("GOENV", tmp.resolve("no-goenv").toString());
      env.put("GOSUMDB", server.gosumdb());
      env.put("GOPROXY", "off");
      env.put("SSL_CERT_FILE", ca.toString());
      List<String> lines = Files.readAllLines(gosum, StandardCharsets.UTF_8);
      Cli.Result r = Cli.run(env, "verify", gosum.toString());
      assertEquals(0, r.exit(), r.toString());
      assertEquals(lines.size(), r.lines().size(), r.toString());
      assertTrue(r.lines().stream().allMatch(l -> l.contains(": ok ")), r.toString());

      String stats = new String(HttpFetcher.builder().baseUri(server.url())
          .network(NetworkEnvironment.from(Map.of("SSL_CERT_FILE", ca.toString()))).build().get("/admin/stats"),
          StandardCharsets.UTF_8);
      Matcher requests = Pattern.compile("\"requests\":(\\d+)").matcher(stats);
      Matcher http2 = Pattern.compile("\"http2\":(\\d+)").matcher(stats);
      assertTrue(requests.find() && http2.find(), stats);
      assertTrue(Long.parseLong(requests.group(1)) > 0, stats);
      assertEquals("0", http2.group(1), "HTTP/1.1 through the default transport (#11 Transport): " + stats);

      env.remove("SSL_CERT_FILE");
      env.put("GOPATH", tmp.resolve("gopath2").toString());
      Cli.Result untrusted = Cli.run(env, "verify", gosum.toString());
      assertEquals(4, untrusted.exit(), untrusted.toString());
      assertTrue(untrusted.err().startsWith("sumdb4j: 127.0.0.1: TLS: certificate not trusted (certificate"
          + " \"CN=127.0.0.1\" issued by \"CN=sumdb4j test CA\""), untrusted.toString());
    }
  }
}
