package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from .netrc, parsed as the go command parses it, sent to their host only (#11 item 3). */
class NetrcTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
      "gopher:pa55 word".replace(" ", "").getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;
  private HttpServer a;
  private HttpServer b;
  private final List<String> seenByB = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    b = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    b.createContext("/", ex -> {
      seenByB.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      reply(ex, 200, HELLO);
    });
    b.start();
    a = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    a.createContext("/", ex -> {
      if (!AUTH.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"private\"");
        reply(ex, 401, new byte[0]);
      } else if (ex.getRequestURI().getPath().equals("/redirect")) {
        // Another host name for the other server: localhost, not 127.0.0.1.
        ex.getResponseHeaders().set("Location", "http://localhost:" + b.getAddress().getPort() + "/elsewhere");
        reply(ex, 302, new byte[0]);
      } else {
        reply(ex, 200, HELLO);
      }
    });
    a.start();
  }

  private static void reply(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void stop() {
    a.stop(0);
    b.stop(0);
  }

  private HttpFetcher fetcher(Map<String, String> env) throws Exception {
    return HttpFetcher.builder().baseUri("http://127.0.0.1:" + a.getAddress().getPort()).maxRetries(0)
        .requestTimeout(Duration.ofSeconds(20)).network(NetworkEnvironment.from(env)).build();
  }

  private Path netrc(String text) throws IOException {
    return Files.writeString(tmp.resolve("netrc"), text);
  }

  @Test
  void netrc_answersTheServer() throws Exception {
    Path n = netrc("machine other.example login x password y\nmachine 127.0.0.1\n  login gopher\n  password pa55word\n");
    assertArrayEquals(HELLO, fetcher(Map.of("NETRC", n.toString())).get("/private"));
  }

  @Test
  void home_netrc_isTheDefault() throws Exception {
    Files.writeString(tmp.resolve(".netrc"), "machine 127.0.0.1 login gopher password pa55word\n");
    assertArrayEquals(HELLO, fetcher(Map.of("HOME", tmp.toString())).get("/private"));
  }

  @Test
  void redirectToAnotherHost_getsNoCredentials() throws Exception {
    Path n = netrc("machine 127.0.0.1 login gopher password pa55word\n");
    HttpFetcher f = fetcher(Map.of("NETRC", n.toString()));
    assertArrayEquals(HELLO, f.get("/redirect"));
    assertEquals(List.of("null"), seenByB, "the other host got credentials");
  }

  @Test
  void noEntryForTheHost_401() throws Exception {
    Path n = netrc("machine localhost login gopher password pa55word\n");
    IOException e = assertThrows(IOException.class, () -> fetcher(Map.of("NETRC", n.toString())).get("/private"));
    assertTrue(e.getMessage().endsWith("/private: 401 Unauthorized: no credentials for 127.0.0.1 in .netrc"
        + " (NETRC or ~/.netrc)"), e.getMessage());
    assertFalse(e.getMessage().contains("pa55word"));
  }

  @Test
  void parse_asTheGoCommand() {
    assertEquals(List.of(new Netrc.Entry("a.example", "u", "p"), new Netrc.Entry("b.example", "v", "q")), Netrc.parse(
        "machine a.example login u password p\nmachine b.example\nlogin v\npassword q\n").entries());
    // macdef skips to the next empty line.
    assertEquals(List.of(new Netrc.Entry("c.example", "w", "r")), Netrc.parse(
        "macdef init\nmachine x.example login x password x\n\nmachine c.example login w password r\n").entries());
    // An entry needs all three; a new machine starts over.
    assertEquals(List.of(new Netrc.Entry("e.example", "y", "s")), Netrc.parse(
        "machine d.example login only\nmachine e.example login y password s\n").entries());
    // A lone "default" at the end of a line ends the file.
    assertEquals(List.of(), Netrc.parse("default\nmachine f.example login z password t\n").entries());
    assertEquals(List.of(new Netrc.Entry("g.example", "z", "t")), Netrc.parse(
        "machine g.example login z password t default\nmachine h.example login z password t\n").entries());
    assertFalse(Netrc.parse("machine a login u password secret").toString().contains("secret"));
  }

  @Test
  void missingNetrc_noCredentials() throws Exception {
    assertTrue(NetworkEnvironment.from(Map.of("NETRC", tmp.resolve("none").toString())).netrc().entries().isEmpty());
  }
}
