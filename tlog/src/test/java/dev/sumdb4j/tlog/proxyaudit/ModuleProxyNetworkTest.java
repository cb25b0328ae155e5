package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.modzip.ModuleZip;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.http.ResponseTooLargeException;
import dev.sumdb4j.tlog.testlog.TestProxy;
import dev.sumdb4j.tlog.testlog.TestSocks;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module downloads of {@code audit proxy} in the go command's network environment (#11, #13): an
 * HTTPS module proxy whose certificate only a CA from SSL_CERT_FILE vouches for, that wants .netrc
 * credentials, reached through a CONNECT proxy that wants the credentials of its URL.
 */
class ModuleProxyNetworkTest {
  private static final String NETRC_AUTH = "Basic "
      + Base64.getEncoder().encodeToString("gopher:pa55word".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;
  private ModuleVersion mv;
  private TestTls tls;
  private HttpsServer server;
  private Path ca;
  private Path netrc;
  private byte[] zip;
  private final List<String> authSeen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mv = ModuleVersion.of("example.com/m", "v1.0.0");
    zip = new byte[300_000]; // several reads: the hash is computed across them
    new Random(13).nextBytes(zip);
    tls = TestTls.create("module proxy test CA");
    server = tls.serve(this::serve);
    ca = tls.writeCaPem(tmp.resolve("ca.pem"));
    netrc = tmp.resolve("netrc");
    Files.writeString(netrc, "machine other.example login x password y\nmachine sumdb.test login gopher password pa55word\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    synchronized (authSeen) {
      authSeen.add(String.valueOf(auth));
    }
    byte[] body;
    int status = 200;
    if (!NETRC_AUTH.equals(auth)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"modules\"");
      status = 401;
      body = new byte[0];
    } else if (ex.getRequestURI().getPath().equals(ModuleProxy.zipPath(mv))) {
      body = zip;
    } else if (ex.getRequestURI().getPath().equals("/chunked.zip")) {
      ex.sendResponseHeaders(200, 0); // chunked: no declared length
      try (OutputStream out = ex.getResponseBody()) {
        out.write(zip);
      }
      return;
    } else if (ex.getRequestURI().getPath().equals("/gone.zip")) {
      status = 410;
      body = "gone\n".getBytes(StandardCharsets.UTF_8);
    } else if (ex.getRequestURI().getPath().equals(ModuleProxy.modPath(mv))) {
      body = "module example.com/m\n".getBytes(StandardCharsets.UTF_8);
    } else {
      status = 404;
      body = new byte[0];
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private ModuleProxy proxy(Map<String, String> env) throws Exception {
    return ModuleProxy.builder().baseUri("https://sumdb.test:" + server.getAddress().getPort())
        .stallTimeout(Duration.ofSeconds(20)).maxRetries(0).network(NetworkEnvironment.from(env)).build();
  }

  private Map<String, String> env(TestProxy p, String proxyCredentials) {
    Map<String, String> env = new HashMap<>();
    env.put("SSL_CERT_FILE", ca.toString());
    env.put("NETRC", netrc.toString());
    env.put("HTTPS_PROXY", "http://" + proxyCredentials + "127.0.0.1:" + p.port());
    return env;
  }

  @Test
  void zipAndGoMod_throughAnAuthenticatingProxy_trustingSslCertFile_withNetrcCredentials() throws Exception {
    try (TestProxy p = new TestProxy(port -> port, "proxyuser:s3cr@t")) {
      ModuleProxy proxy = proxy(env(p, "proxyuser:s3cr%40t@"));
      Path file = tmp.resolve("m.zip");
      Served served = proxy.download(ModuleProxy.zipPath(mv), file, ModuleZip.MAX_ZIP_FILE);
      assertArrayEquals(zip, Files.readAllBytes(file));
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)), served.sha256());
      assertEquals(zip.length, served.size());
      assertEquals(200, served.status());
      assertEquals(List.of(Integer.toString(zip.length)), served.headers().get("content-length"));
      ModuleProxy.Fetched mod = proxy.get(ModuleProxy.modPath(mv), ModuleZip.MAX_GO_MOD);
      assertEquals("module example.com/m\n", new String(mod.body(), StandardCharsets.UTF_8));
      // through the proxy, with the credentials of its URL on CONNECT
      assertTrue(p.tunnels() >= 1, p.heads().toString());
      assertTrue(p.heads().stream().filter(h -> h.startsWith("CONNECT sumdb.test:")).anyMatch(
          h -> h.contains("Proxy-Authorization: Basic")), p.heads().toString());
      // the module proxy got the .netrc entry of its host, answering its 401, and nothing else
      synchronized (authSeen) {
        assertTrue(authSeen.contains(NETRC_AUTH), authSeen.toString());
        assertTrue(authSeen.stream().allMatch(a -> a.equals("null") || a.equals(NETRC_AUTH)), authSeen.toString());
      }
    }
  }

  @Test
  void zip_throughAnHttpsProxy_andThroughASocks5Proxy_withCredentials() throws Exception {
    try (TestProxy p = new TestProxy(port -> port, "proxyuser:s3cr@t", tls.serverContext());
        TestSocks socks = new TestSocks(port -> port, "proxyuser:s3cr@t", 0)) {
      Map<String, String> env = env(p, "proxyuser:s3cr%40t@");
      env.put("HTTPS_PROXY", "https://proxyuser:s3cr%40t@127.0.0.1:" + p.port());
      Served viaTls = proxy(env).download(ModuleProxy.zipPath(mv), tmp.resolve("a.zip"), ModuleZip.MAX_ZIP_FILE);
      assertEquals(1, p.tunnels(), p.heads().toString());
      env.put("HTTPS_PROXY", "socks5://proxyuser:s3cr%40t@127.0.0.1:" + socks.port());
      Served viaSocks = proxy(env).download(ModuleProxy.zipPath(mv), tmp.resolve("b.zip"), ModuleZip.MAX_ZIP_FILE);
      assertEquals(List.of("name sumdb.test:" + server.getAddress().getPort()), socks.requests());
      String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
      assertEquals(want, viaTls.sha256());
      assertEquals(want, viaSocks.sha256());
      assertArrayEquals(zip, Files.readAllBytes(tmp.resolve("b.zip")));
    }
  }

  @Test
  void caps_declaredOrGrown_andGoneAnswers() throws Exception {
    try (TestProxy p = new TestProxy(port -> port, null)) {
      ModuleProxy proxy = proxy(env(p, ""));
      // a declared length above the cap: refused before the body is read
      ResponseTooLargeException declared = assertThrows(ResponseTooLargeException.class,
          () -> proxy.download(ModuleProxy.zipPath(mv), tmp.resolve("a.zip"), 1000));
      assertEquals(1000, declared.cap());
      assertEquals(OptionalLong.of(zip.length), declared.declaredLength());
      assertEquals(proxy.url(ModuleProxy.zipPath(mv)), declared.url());
      assertTrue(declared.getMessage().endsWith(ModuleProxy.zipPath(mv) + ": response larger than 1000 bytes"),
          declared.getMessage());
      assertEquals(0, Files.size(tmp.resolve("a.zip")));
      // no declared length: refused once the body passes the cap
      ResponseTooLargeException grown = assertThrows(ResponseTooLargeException.class,
          () -> proxy.download("/chunked.zip", tmp.resolve("b.zip"), 100_000));
      assertTrue(grown.getMessage().endsWith("/chunked.zip: response larger than 100000 bytes"), grown.getMessage());
      assertEquals(OptionalLong.empty(), grown.declaredLength());
      assertTrue(Files.size(tmp.resolve("b.zip")) <= 100_000);
      Served whole = proxy.download("/chunked.zip", tmp.resolve("c.zip"), zip.length);
      assertEquals(zip.length, whole.size());
      assertArrayEquals(zip, Files.readAllBytes(tmp.resolve("c.zip")));
      GoneException notFound = assertThrows(GoneException.class, () -> proxy.get("/nothing.mod", 100));
      assertEquals(404, notFound.status());
      GoneException gone = assertThrows(GoneException.class, () -> proxy.get("/gone.zip", 100));
      assertEquals(410, gone.status());
      assertTrue(gone.getMessage().endsWith("/gone.zip: 410 Gone"), gone.getMessage());
    }
  }

  @Test
  void withoutTheCa_theDownloadFails_namingTheCertificateProblem() throws Exception {
    try (TestProxy p = new TestProxy(port -> port, "proxyuser:s3cr@t")) {
      Map<String, String> env = env(p, "proxyuser:s3cr%40t@");
      env.remove("SSL_CERT_FILE");
      IOException e = assertThrows(IOException.class,
          () -> proxy(env).download(ModuleProxy.zipPath(mv), tmp.resolve("m.zip"), ModuleZip.MAX_ZIP_FILE));
      assertTrue(e.getMessage().startsWith("reading https://sumdb.test:" + server.getAddress().getPort() + "/example.com/m/@v/v1.0.0.zip:"
          + " sumdb.test: TLS: certificate"), e.getMessage());
      assertTrue(e.getCause() instanceof HostUnavailableException, e.toString());
      assertTrue(e.getMessage().contains("SSL_CERT_FILE"), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("m.zip")) && Files.size(tmp.resolve("m.zip")) > 0);
    }
  }

  @Test
  void wrongProxyCredentials_saySo_withoutPrintingThem() throws Exception {
    try (TestProxy p = new TestProxy(port -> port, "proxyuser:s3cr@t")) {
      IOException e = assertThrows(IOException.class, () -> proxy(env(p, "proxyuser:wrong@"))
          .get(ModuleProxy.modPath(mv), ModuleZip.MAX_GO_MOD));
      assertEquals("reading https://sumdb.test:" + server.getAddress().getPort() + "/example.com/m/@v/v1.0.0.mod:"
          + " sumdb.test: proxy authentication failed (proxy 127.0.0.1:" + p.port() + " from HTTPS_PROXY:"
          + " the proxy refused the credentials in its URL)", e.getMessage());
      assertTrue(e.getCause() instanceof HostUnavailableException, e.toString());
      assertEquals(0, p.tunnels());
    }
  }

  @Test
  void noNetrcEntryForTheHost_the401SaysSo() throws Exception {
    Files.writeString(netrc, "machine other.example login gopher password pa55word\n");
    try (TestProxy p = new TestProxy(port -> port, null)) {
      IOException e = assertThrows(IOException.class, () -> proxy(env(p, ""))
          .get(ModuleProxy.modPath(mv), ModuleZip.MAX_GO_MOD));
      assertTrue(e.getMessage().contains(ModuleProxy.modPath(mv) + ": 401 Unauthorized: no credentials for"
          + " sumdb.test in .netrc (NETRC or ~/.netrc)"), e.getMessage());
      synchronized (authSeen) {
        assertTrue(authSeen.stream().allMatch(a -> a.equals("null")), authSeen.toString());
      }
    }
  }
}
