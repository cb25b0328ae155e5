package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.testlog.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra trusted CAs from SSL_CERT_FILE and SSL_CERT_DIR, and what an untrusted certificate says (#11 item 2). */
class TrustTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private TestTls tls;
  private HttpsServer server;
  private String root;

  @BeforeEach
  void start() throws Exception {
    tls = TestTls.create("sumdb4j test CA");
    server = tls.serve(ex -> {
      ex.sendResponseHeaders(200, HELLO.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(HELLO);
      }
    });
    root = "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpFetcher fetcher(String base, Map<String, String> env) throws MalformedInputException {
    return HttpFetcher.builder().baseUri(base).maxRetries(0).requestTimeout(Duration.ofSeconds(20))
        .network(NetworkEnvironment.from(env)).build();
  }

  @Test
  void sslCertFile_trustsTheCa() throws Exception {
    Path pem = tls.writeCaPem(tmp.resolve("ca.pem"));
    assertArrayEquals(HELLO, fetcher(root, Map.of("SSL_CERT_FILE", pem.toString())).get("/ok"));
  }

  @Test
  void sslCertDir_trustsEveryFilesCas() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("certs"));
    Files.writeString(dir.resolve("README"), "not a certificate\n");
    String pems = TestTls.pem(TestTls.create("another CA").ca()) + tls.caPem();
    Files.writeString(dir.resolve("bundle.crt"), pems);
    String dirs = tmp.resolve("missing") + ":" + dir;
    assertArrayEquals(HELLO, fetcher(root, Map.of("SSL_CERT_DIR", dirs)).get("/ok"));
  }

  @Test
  void untrusted_saysWhichCertificateAndHowToTrustIt() throws Exception {
    HostUnavailableException e = assertThrows(HostUnavailableException.class, () -> fetcher(root, Map.of()).get("/ok"));
    assertEquals("127.0.0.1: TLS: certificate not trusted (certificate \"CN=127.0.0.1\" issued by \"CN=sumdb4j test"
        + " CA\" served by 127.0.0.1 chains to no trusted CA; to trust a company CA, set SSL_CERT_FILE to a PEM file"
        + " with your CA)", e.getMessage());
    // Another CA in SSL_CERT_FILE does not help.
    Path other = TestTls.create("another CA").writeCaPem(tmp.resolve("other.pem"));
    e = assertThrows(HostUnavailableException.class,
        () -> fetcher(root, Map.of("SSL_CERT_FILE", other.toString())).get("/ok"));
    assertEquals("TLS: certificate not trusted", e.reason());
  }

  @Test
  void wrongHost_saysSo() throws Exception {
    Path pem = tls.writeCaPem(tmp.resolve("ca.pem"));
    // The certificate is for 127.0.0.1 and localhost; ask for it under another name of this host.
    String other = "https://127.0.0.2:" + server.getAddress().getPort();
    IOException e = assertThrows(IOException.class, () -> fetcher(other, Map.of("SSL_CERT_FILE", pem.toString()))
        .get("/ok"));
    if (e instanceof HostUnavailableException h && h.reason().startsWith("TLS")) {
      assertEquals("TLS: certificate not valid for this host", h.reason(), h.getMessage());
    } // else 127.0.0.2 is not routed to this host here: nothing to check
  }

  @Test
  void sslCertFile_malformed_rejected() throws Exception {
    Path missing = tmp.resolve("missing.pem");
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> NetworkEnvironment.from(Map.of("SSL_CERT_FILE", missing.toString())));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "nothing here\n");
    e = assertThrows(MalformedInputException.class,
        () -> NetworkEnvironment.from(Map.of("SSL_CERT_FILE", empty.toString())));
    assertTrue(e.getMessage().contains("no PEM certificate"), e.getMessage());
    Path bad = Files.writeString(tmp.resolve("bad.pem"), "\n\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    e = assertThrows(MalformedInputException.class,
        () -> NetworkEnvironment.from(Map.of("SSL_CERT_FILE", bad.toString())));
    assertTrue(e.getMessage().startsWith("SSL_CERT_FILE " + bad + ":3: malformed certificate"), e.getMessage());
  }
}
