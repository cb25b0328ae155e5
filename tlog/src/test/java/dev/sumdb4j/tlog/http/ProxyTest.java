package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.testdata.RefusedPort;
import dev.sumdb4j.tlog.testlog.TestProxy;
import dev.sumdb4j.tlog.testlog.TestSocks;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as Go's net/http reads them (#11 item 1). */
class ProxyTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private TestTls tls;
  private HttpsServer https;
  private HttpServer http;
  private Path ca;

  @BeforeEach
  void start() throws Exception {
    tls = TestTls.create("proxy test CA");
    https = tls.serve(ex -> {
      ex.sendResponseHeaders(200, HELLO.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(HELLO);
      }
    });
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      ex.sendResponseHeaders(200, HELLO.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(HELLO);
      }
    });
    http.start();
    ca = tls.writeCaPem(tmp.resolve("ca.pem"));
  }

  @AfterEach
  void stop() {
    https.stop(0);
    http.stop(0);
  }

  /**
   * httpproxy's useProxy, case by case from golang.org/x/net/http/httpproxy/proxy.go: a row is
   * NO_PROXY, host, port, whether the request goes through the proxy.
   */
  @ParameterizedTest(name = "NO_PROXY={0} {1}:{2} proxied={3}")
  @CsvSource(delimiter = '|', value = {
    "''|example.com|443|true",
    "''|localhost|443|false", // never proxied
    "''|127.0.0.1|80|false", // loopback
    "''|127.1.2.3|80|false",
    "''|::1|80|false",
    "''|[::1]|80|false",
    "''|localhost.example|80|true",
    "*|example.com|443|false",
    "' * '|example.com|443|false",
    "example.com|example.com|443|false", // the domain itself
    "example.com|sub.example.com|443|false", // and its subdomains
    "example.com|notexample.com|443|true",
    ".example.com|example.com|443|true", // a leading dot: subdomains only
    ".example.com|sub.example.com|443|false",
    "*.example.com|example.com|443|true",
    "*.example.com|a.b.example.com|443|false",
    "EXAMPLE.com|Example.COM|443|false", // case-insensitive
    "example.com:443|example.com|443|false", // with a port: that port only
    "example.com:443|example.com|80|true",
    "'foo.com, example.com '|example.com|443|false", // a list, spaces trimmed
    "10.0.0.0/8|10.1.2.3|443|false", // CIDR, for IP hosts
    "10.0.0.0/8|11.1.2.3|443|true",
    "10.0.0.0/8|ten.example|443|true",
    "192.168.1.1|192.168.1.1|443|false", // an IP address
    "192.168.1.1|192.168.1.2|443|true",
    "192.168.1.1:80|192.168.1.1|443|true", // an IP address with a port
    "192.168.1.1:80|192.168.1.1|80|false",
    "[2001:db8::1]:443|2001:db8::1|443|false",
    "2001:db8::/32|2001:db8::5|443|false",
    "2001:db8::/32|2001:db9::5|443|true",
    "':80'|example.com|80|true", // an empty host is skipped
  })
  void noProxy_table(String noProxy, String host, String port, boolean proxied) throws Exception {
    ProxyConfig c = ProxyConfig.from(Map.of("HTTPS_PROXY", "proxy.example:3128", "NO_PROXY", noProxy));
    assertEquals(proxied, c.useProxy(host, port));
  }

  @Test
  void environment_upperCaseFirst_schemeDefaults() throws Exception {
    ProxyConfig c = ProxyConfig.from(Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "upper:2",
        "http_proxy", "http://plain:3", "no_proxy", "internal.example"));
    assertEquals("upper:2", c.proxyFor(URI.create("https://sum.golang.org/latest")).orElseThrow().toString());
    assertEquals("plain:3", c.proxyFor(URI.create("http://sum.golang.org/latest")).orElseThrow().toString());
    assertTrue(c.proxyFor(URI.create("https://a.internal.example/x")).isEmpty());
    assertEquals("plain:80", ProxyConfig.from(Map.of("HTTP_PROXY", "plain")).proxyFor(URI.create("http://x.example/"))
        .orElseThrow().toString());
    assertTrue(ProxyConfig.from(Map.of("HTTP_PROXY", "plain")).proxyFor(URI.create("https://x.example/")).isEmpty());
  }

  @Test
  void httpsAndSocks5Proxies_withGosDefaultPorts_otherSchemesRejectedClearly() throws Exception {
    URI target = URI.create("https://sum.golang.org/latest");
    assertEquals("https://p.example:443", ProxyConfig.from(Map.of("HTTPS_PROXY", "https://p.example"))
        .proxyFor(target).orElseThrow().toString());
    assertEquals("socks5://p.example:1080", ProxyConfig.from(Map.of("HTTPS_PROXY", "socks5://p.example"))
        .proxyFor(target).orElseThrow().toString());
    assertEquals("socks5://p.example:9", ProxyConfig.from(Map.of("https_proxy", "SOCKS5://u:p@p.example:9"))
        .proxyFor(target).orElseThrow().toString());
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> ProxyConfig.from(Map.of("HTTPS_PROXY", "socks5h://proxy.example:1080")));
    assertEquals("HTTPS_PROXY: unsupported proxy scheme socks5h:// (want http://, https:// or socks5://; a socks5://"
        + " proxy resolves host names itself)", e.getMessage());
    e = assertThrows(MalformedInputException.class, () -> ProxyConfig.from(Map.of("http_proxy", "socks4://p:1080")));
    assertTrue(e.getMessage().startsWith("http_proxy: unsupported proxy scheme socks4://"), e.getMessage());
    e = assertThrows(MalformedInputException.class,
        () -> ProxyConfig.from(Map.of("HTTPS_PROXY", "socks5://:pw@p.example:1080")));
    assertTrue(e.getMessage().startsWith("HTTPS_PROXY: invalid SOCKS5 username or password"), e.getMessage());
    e = assertThrows(MalformedInputException.class,
        () -> ProxyConfig.from(Map.of("HTTPS_PROXY", "socks5://u:" + "p".repeat(256) + "@p.example:1080")));
    assertTrue(e.getMessage().startsWith("HTTPS_PROXY: invalid SOCKS5 username or password"), e.getMessage());
    assertFalse(e.getMessage().contains("ppp"), e.getMessage());
    // The JDK's client reaches only http:// proxies: refused when made, not silently direct.
    IllegalArgumentException jdk = assertThrows(IllegalArgumentException.class,
        () -> HttpFetcher.builder().baseUri("https://sumdb.test").jdkClient(true)
            .network(NetworkEnvironment.from(Map.of("HTTPS_PROXY", "socks5://127.0.0.1:1"))).build());
    assertTrue(jdk.getMessage().contains("socks5://127.0.0.1:1 from HTTPS_PROXY"), jdk.getMessage());
  }

  @Test
  void httpsProxy_tlsToTheProxy_thenConnectInside_withTheCredentialsOfItsUrl() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t", tls.serverContext())) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "https://gopher:s3cr%40t@127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertArrayEquals(HELLO, f.get("/b"));
      assertEquals(1, proxy.tunnels(), proxy.heads().toString());
      assertTrue(proxy.heads().stream().filter(h -> h.startsWith("CONNECT sumdb.test:")).anyMatch(h -> h.contains(
          "Proxy-Authorization: Basic")), proxy.heads().toString());
    }
  }

  @Test
  void httpsProxy_forAPlainHttpRequest() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, null, tls.serverContext())) {
      // other.test is not a name of the proxy's certificate: the proxy's name (127.0.0.1) is the one checked
      HttpFetcher f = fetcher("http://other.test:" + http.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTP_PROXY", "https://127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertEquals(1, proxy.forwarded(), proxy.heads().toString());
      assertTrue(proxy.heads().get(0).startsWith("GET http://other.test:" + http.getAddress().getPort() + "/a "),
          proxy.heads().toString());
    }
  }

  @Test
  void httpsProxy_whoseCertificateIsNotTrusted_failsSayingSo() throws Exception {
    TestTls other = TestTls.create("another CA");
    try (TestProxy proxy = new TestProxy(p -> p, null, other.serverContext())) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "https://127.0.0.1:" + proxy.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("TLS: certificate not trusted", e.reason(), e.getMessage());
      assertEquals(0, proxy.tunnels());
    }
  }

  @Test
  void socks5Proxy_theProxyResolvesTheName_noCredentialsOffered() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, null, 0)) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "socks5://127.0.0.1:" + socks.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertArrayEquals(HELLO, f.get("/b"));
      // sumdb.test resolves nowhere: the name went to the proxy, once (the connection is kept)
      assertEquals(List.of("name sumdb.test:" + https.getAddress().getPort()), socks.requests());
      assertEquals(List.of("[0]"), socks.offers());
      HttpFetcher plain = fetcher("http://sumdb.test:" + http.getAddress().getPort(),
          Map.of("HTTP_PROXY", "socks5://127.0.0.1:" + socks.port()));
      assertArrayEquals(HELLO, plain.get("/c"));
      assertEquals(2, socks.connected());
    }
  }

  @Test
  void socks5Proxy_usernameAndPasswordFromTheUrl() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, "gopher:s3cr@t", 0)) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "socks5://gopher:s3cr%40t@127.0.0.1:" + socks.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertEquals(List.of("[0, 2]"), socks.offers());
      assertEquals(1, socks.connected());
    }
  }

  @Test
  void socks5Proxy_wrongCredentials_saySo_withoutPrintingThem() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, "gopher:s3cr@t", 0)) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "socks5://gopher:wrong@127.0.0.1:" + socks.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy authentication failed (proxy socks5://127.0.0.1:" + socks.port()
          + " from HTTPS_PROXY: the proxy refused the credentials in its URL)", e.getMessage());
      assertEquals(0, socks.connected());
    }
  }

  @Test
  void socks5Proxy_wantsCredentials_noneInTheUrl() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, "gopher:s3cr@t", 0)) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "socks5://127.0.0.1:" + socks.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy authentication required (proxy socks5://127.0.0.1:" + socks.port()
          + " from HTTPS_PROXY: put user:password@ in the proxy URL)", e.getMessage());
    }
  }

  @Test
  void socks5Proxy_refusingTheTarget_saysWhy() throws Exception {
    try (TestSocks socks = new TestSocks(p -> p, null, 5)) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "socks5://127.0.0.1:" + socks.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy could not connect (proxy socks5://127.0.0.1:" + socks.port()
          + " from HTTPS_PROXY: the proxy answered CONNECT sumdb.test:" + https.getAddress().getPort()
          + " with connection refused)", e.getMessage());
    }
  }

  @Test
  void socks5Proxy_thatIsNoSocksServer_saysSo() throws Exception {
    // An HTTP proxy given as a SOCKS5 one: it answers the greeting with an HTTP error.
    try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (java.net.Socket c = fake.accept()) {
          c.getInputStream().read(new byte[3]);
          c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          c.getOutputStream().flush();
        } catch (java.io.IOException ignored) {
          // the client went away
        }
      });
      t.setDaemon(true);
      t.start();
      HttpFetcher f = fetcher("https://sumdb.test", Map.of("HTTPS_PROXY", "socks5://127.0.0.1:" + fake.getLocalPort()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy failed (proxy socks5://127.0.0.1:" + fake.getLocalPort()
          + " from HTTPS_PROXY: not a SOCKS5 proxy (version 72))", e.getMessage());
    }
  }

  private HttpFetcher fetcher(String base, Map<String, String> env) throws MalformedInputException {
    return HttpFetcher.builder().baseUri(base).maxRetries(0).requestTimeout(Duration.ofSeconds(20))
        .network(NetworkEnvironment.from(env)).build();
  }

  @Test
  void https_tunnelledThroughConnect() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, null)) {
      Map<String, String> env = new HashMap<>(Map.of("SSL_CERT_FILE", ca.toString(),
          "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), env);
      assertArrayEquals(HELLO, f.get("/a"));
      assertArrayEquals(HELLO, f.get("/b"));
      assertEquals(1, proxy.tunnels(), proxy.heads().toString()); // one connection, kept alive
      assertTrue(proxy.heads().get(0).startsWith("CONNECT sumdb.test:" + https.getAddress().getPort() + " HTTP/1.1"),
          proxy.heads().toString());
      // NO_PROXY: not through the proxy (and sumdb.test does not resolve here).
      env.put("NO_PROXY", ".test");
      HostUnavailableException e = assertThrows(HostUnavailableException.class,
          () -> fetcher("https://sumdb.test:" + https.getAddress().getPort(), env).get("/c"));
      assertEquals("no such host", e.reason());
      assertEquals(1, proxy.tunnels());
    }
  }

  @Test
  void http_forwardedThroughHttpProxy() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, null)) {
      HttpFetcher f = fetcher("http://sumdb.test:" + http.getAddress().getPort(),
          Map.of("HTTP_PROXY", "127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertEquals(1, proxy.forwarded(), proxy.heads().toString());
      assertEquals(0, proxy.tunnels());
    }
  }

  @Test
  void loopbackTarget_neverProxied() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, null)) {
      HttpFetcher f = fetcher("http://127.0.0.1:" + http.getAddress().getPort(),
          Map.of("HTTP_PROXY", "127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertTrue(proxy.heads().isEmpty(), proxy.heads().toString());
    }
  }

  // java.net.http sends no Basic credentials to a tunnelling proxy unless the application runs with
  // -Djdk.http.auth.tunneling.disabledSchemes= (sumdb4j sets no such process-wide property); the
  // default transport needs no such setting:

  @Test
  void proxyCredentials_fromTheUrl_answerTheConnect407() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t")) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "http://gopher:s3cr%40t@127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertArrayEquals(HELLO, f.get("/b"));
      assertEquals(1, proxy.tunnels(), proxy.heads().toString());
      assertTrue(proxy.heads().stream().filter(h -> h.startsWith("CONNECT ")).anyMatch(h -> h.contains(
          "Proxy-Authorization: Basic")), proxy.heads().toString());
    }
  }

  @Test
  void proxyCredentials_forAPlainHttpRequest() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t")) {
      HttpFetcher f = fetcher("http://sumdb.test:" + http.getAddress().getPort(),
          Map.of("HTTP_PROXY", "http://gopher:s3cr%40t@127.0.0.1:" + proxy.port()));
      assertArrayEquals(HELLO, f.get("/a"));
      assertEquals(1, proxy.forwarded(), proxy.heads().toString());
    }
  }

  @Test
  void proxyCredentials_wrong_saysTheProxyRefusedThem() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t")) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "http://gopher:wrong@127.0.0.1:" + proxy.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy authentication failed (proxy 127.0.0.1:" + proxy.port() + " from HTTPS_PROXY:"
          + " the proxy refused the credentials in its URL)", e.getMessage());
      assertFalse(e.getMessage().contains("wrong"));
      assertEquals(0, proxy.tunnels());
    }
  }

  @Test
  void proxyCredentials_missing_407SaysSo() throws Exception {
    try (TestProxy proxy = new TestProxy(p -> p, "gopher:s3cr@t")) {
      HttpFetcher f = fetcher("https://sumdb.test:" + https.getAddress().getPort(), Map.of("SSL_CERT_FILE",
          ca.toString(), "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy authentication required (proxy 127.0.0.1:" + proxy.port() + " from HTTPS_PROXY:"
          + " put user:password@ in the proxy URL)", e.getMessage());
      assertEquals(0, proxy.tunnels());
      assertTrue(proxy.rejected() >= 1);
    }
  }

  @Test
  void proxyDown_saysWhichProxy() throws Exception {
    try (RefusedPort refused = RefusedPort.open()) {
      int port = refused.port();
      HttpFetcher f = fetcher("https://sumdb.test", Map.of("HTTPS_PROXY", "http://127.0.0.1:" + port));
      HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> f.get("/a"));
      assertEquals("sumdb.test: proxy: connection refused (dial proxy 127.0.0.1:" + port + " from HTTPS_PROXY)",
          e.getMessage());
    }
  }
}
