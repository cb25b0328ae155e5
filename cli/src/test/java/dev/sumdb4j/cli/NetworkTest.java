package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.testlog.TestProxy;
import dev.sumdb4j.tlog.testlog.TestSocks;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command over the network as users have it: a company CA, proxies, .netrc (#11). */
class NetworkTest {
  @TempDir Path tmp;
  private final TestLog log = TestLog.create("net.example", 8);
  private TestTls tls;
  private HttpServer https;
  private Path goSum;

  @BeforeEach
  void setUp() throws Exception {
    String a = Cli.fakeHash("a");
    String amod = Cli.fakeHash("a/go.mod");
    log.addModule("example.com/a", "v1.0.0", a, amod);
    log.addModule("example.com/b", "v1.0.0", Cli.fakeHash("b"), Cli.fakeHash("b/go.mod"));
    goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, "example.com/a v1.0.0 " + a + "\nexample.com/a v1.0.0/go.mod " + amod + "\n",
        StandardCharsets.UTF_8);
    tls = TestTls.create("sumdb4j test CA");
    https = tls.serve(this::serveLog);
  }

  @AfterEach
  void tearDown() {
    https.stop(0);
  }

  /** Serves the log. */
  void serveLog(HttpExchange ex) throws IOException {
    byte[] body;
    int code = 200;
    try {
      body = log.get(ex.getRequestURI().getRawPath());
    } catch (NotFoundException e) {
      code = 404;
      body = "not found\n".getBytes(StandardCharsets.UTF_8);
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private Map<String, String> env(String url) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("GOENV", tmp.resolve("no-goenv").toString());
    env.put("GOSUMDB", log.verifierKey() + " " + url);
    env.put("GOPROXY", "off");
    return env;
  }

  private String httpsUrl() {
    return "https://127.0.0.1:" + https.getAddress().getPort();
  }

  @Test
  void companyCa_trustedThroughSslCertFile() throws Exception {
    Map<String, String> env = env(httpsUrl());
    env.put("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("company-ca.pem")).toString());
    Cli.Result r = Cli.run(env, "verify", goSum.toString());
    assertEquals(0, r.exit(), r.toString());
    assertEquals(2, r.lines().size(), r.toString());
    assertTrue(r.lines().stream().allMatch(l -> l.contains(": ok example.com/a v1.0.0")), r.toString());
  }

  @Test
  void companyCa_untrusted_saysHowToTrustIt() throws Exception {
    Cli.Result r = Cli.run(env(httpsUrl()), "verify", goSum.toString());
    assertEquals(4, r.exit(), r.toString());
    for (String l : r.lines()) {
      assertTrue(l.endsWith(": 127.0.0.1: TLS: certificate not trusted"), r.toString());
    }
    List<String> err = r.err().lines().toList();
    assertEquals(2, err.size(), r.toString());
    assertEquals("sumdb4j: 127.0.0.1: TLS: certificate not trusted (certificate \"CN=127.0.0.1\" issued by"
        + " \"CN=sumdb4j test CA\" served by 127.0.0.1 chains to no trusted CA; to trust a company CA, set"
        + " SSL_CERT_FILE to a PEM file with your CA) (no further requests were sent to 127.0.0.1; 2 lines not"
        + " verified)", err.get(0), r.toString());
  }

  @Test
  void httpsProxy_tunnelsEveryRequest_inProcess() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, null)) {
      Map<String, String> env = env("https://sumdb.test:" + https.getAddress().getPort());
      env.put("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("company-ca.pem")).toString());
      env.put("https_proxy", "127.0.0.1:" + proxy.port());
      Cli.Result r = Cli.run(env, "verify", goSum.toString());
      assertEquals(0, r.exit(), r.toString());
      assertTrue(proxy.tunnels() >= 1, proxy.heads().toString());
      assertTrue(proxy.heads().stream().allMatch(h -> h.startsWith("CONNECT sumdb.test:")), proxy.heads().toString());
    }
  }

  @Test
  void httpsProxy_withCredentials_ownProcess() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t")) {
      Map<String, String> env = env("https://sumdb.test:" + https.getAddress().getPort());
      env.put("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("company-ca.pem")).toString());
      env.put("HTTPS_PROXY", "http://gopher:s3cr%40t@127.0.0.1:" + proxy.port());
      Path out = tmp.resolve("out");
      Path err = tmp.resolve("err");
      // Its own JVM, as users run it: no process-wide setting is needed for the proxy's credentials.
      Cli.Result r = Cli.await(Cli.start(env, out, err, "verify", goSum.toString()), out, err);
      assertEquals(0, r.exit(), r.toString());
      assertTrue(proxy.tunnels() >= 1, proxy.heads().toString());
      assertTrue(proxy.rejected() <= 1, "a 407 at most, the challenge: " + proxy.heads());
      assertFalse(r.out().contains("s3cr") || r.err().contains("s3cr"), r.toString());
      // The HTTP transport logs through SLF4J: without the command's binding (slf4j-nop, cli/pom.xml)
      // SLF4J would print "SLF4J(W): No SLF4J providers were found" here.
      assertFalse(r.err().contains("SLF4J"), r.toString());

      env.put("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
      env.put("GOPATH", tmp.resolve("gopath2").toString()); // nothing cached
      Cli.Result denied = Cli.run(env, "verify", goSum.toString());
      assertEquals(4, denied.exit(), denied.toString());
      assertTrue(denied.err().startsWith("sumdb4j: sumdb.test: proxy authentication required (proxy 127.0.0.1:"
          + proxy.port() + " from HTTPS_PROXY: put user:password@ in the proxy URL)"), denied.toString());
    }
  }

  @Test
  void socks5hProxy_usageError() throws Exception {
    Map<String, String> env = env(httpsUrl());
    env.put("HTTPS_PROXY", "socks5h://proxy.example:1080");
    Cli.Result r = Cli.run(env, "verify", goSum.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("HTTPS_PROXY: unsupported proxy scheme socks5h://"), r.toString());
  }

  @Test
  void httpsProxyOverTls_withCredentials() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t", tls.serverContext())) {
      Map<String, String> env = env("https://sumdb.test:" + https.getAddress().getPort());
      env.put("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("company-ca.pem")).toString());
      env.put("HTTPS_PROXY", "https://gopher:s3cr%40t@127.0.0.1:" + proxy.port());
      Cli.Result r = Cli.run(env, "verify", goSum.toString());
      assertEquals(0, r.exit(), r.toString());
      assertTrue(proxy.tunnels() >= 1, proxy.heads().toString());
      assertFalse(r.out().contains("s3cr") || r.err().contains("s3cr"), r.toString());
    }
  }

  @Test
  void socks5Proxy_withCredentials() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, "gopher:s3cr@t", 0)) {
      Map<String, String> env = env("https://sumdb.test:" + https.getAddress().getPort());
      env.put("SSL_CERT_FILE", tls.writeCaPem(tmp.resolve("company-ca.pem")).toString());
      env.put("HTTPS_PROXY", "socks5://gopher:s3cr%40t@127.0.0.1:" + socks.port());
      Cli.Result r = Cli.run(env, "verify", goSum.toString());
      assertEquals(0, r.exit(), r.toString());
      assertTrue(socks.connected() >= 1, socks.requests().toString());
      assertTrue(socks.requests().stream().allMatch(q -> q.equals("name sumdb.test:" + https.getAddress().getPort())),
          socks.requests().toString());

      env.put("HTTPS_PROXY", "socks5://gopher:wrong@127.0.0.1:" + socks.port());
      env.put("GOPATH", tmp.resolve("gopath2").toString()); // nothing cached
      Cli.Result denied = Cli.run(env, "verify", goSum.toString());
      assertEquals(4, denied.exit(), denied.toString());
      assertTrue(denied.err().startsWith("sumdb4j: sumdb.test: proxy authentication failed (proxy socks5://127.0.0.1:"
          + socks.port() + " from HTTPS_PROXY: the proxy refused the credentials in its URL)"), denied.toString());
      assertFalse(denied.err().contains("wrong"), denied.toString());
    }
  }

  @Test
  void sslCertFile_missing_usageError() throws Exception {
    Map<String, String> env = env(httpsUrl());
    env.put("SSL_CERT_FILE", tmp.resolve("nope.pem").toString());
    Cli.Result r = Cli.run(env, "verify", goSum.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("SSL_CERT_FILE " + tmp.resolve("nope.pem") + ": no such file"), r.toString());
  }
}
