package dev.sumdb4j.tlog.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.http.HttpFetcher;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GOPROXY discovery of the database against proxies on 127.0.0.1 (go1.19 mod_sumdb_proxy.txt). */
class SumdbEndpointTest {
  private HttpServer server;
  private ExecutorService pool;
  private String root;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    root = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  /** /p200 supports the db, /p404 and /p410 do not know it, /p503 is down, /p400 refuses. */
  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    requests.add(path);
    try (ex) {
      int status;
      String body;
      if (path.startsWith("/p200/sumdb/sum.golang.org/")) {
        status = 200;
        body = path.endsWith("/supported") ? "" : "served " + path;
      } else if (path.startsWith("/p404/")) {
        status = 404;
        body = "not found";
      } else if (path.startsWith("/p410/")) {
        status = 410;
        body = "gone";
      } else if (path.startsWith("/p400/")) {
        status = 400;
        body = "bad";
      } else {
        status = 503;
        body = "down";
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
    }
  }

  private HttpFetcher fetcher() {
    return HttpFetcher.builder().baseUri(root).maxRetries(0).requestTimeout(Duration.ofSeconds(20)).build();
  }

  private SumdbEndpoint endpoint(String gosumdb, String goproxy) throws Exception {
    SumdbConfig c = SumdbConfig.builder().gosumdb(gosumdb.replace(" R/", " " + root + "/"))
        .goproxy(goproxy.replace("R/", root + "/")).build();
    return SumdbEndpoint.of(c, fetcher());
  }

  @Test
  void baseUrl_proxySupports_pinned() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org", "R/p200,direct");
    assertEquals(root + "/p200/sumdb/sum.golang.org", e.baseUrl());
    assertEquals(List.of("/p200/sumdb/sum.golang.org/supported"), requests);
    byte[] body = e.remote().get("/lookup/rsc.io/!quote@v1.5.2");
    assertEquals("served /p200/sumdb/sum.golang.org/lookup/rsc.io/!quote@v1.5.2",
        new String(body, StandardCharsets.UTF_8));
    e.remote().get("/tile/8/0/000");
    assertEquals(3, requests.size(), "probed once only: " + requests);
  }

  @Test
  void baseUrl_proxy404ThenDirect_usesDirect() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org", "R/p404,R/p410,direct");
    assertEquals("https://sum.golang.org", e.baseUrl());
    assertEquals(List.of("/p404/sumdb/sum.golang.org/supported", "/p410/sumdb/sum.golang.org/supported"), requests);
  }

  @Test
  void baseUrl_listExhaustedByNotFound_usesDirect() throws Exception {
    assertEquals("https://sum.golang.org", endpoint("sum.golang.org", "R/p404").baseUrl());
  }

  @Test
  void baseUrl_proxy503OnCommaEntry_fatalForEveryRead() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org", "R/p404,R/p503,R/p200");
    IOException x = assertThrows(IOException.class, e::baseUrl);
    assertFalse(x instanceof NotFoundException);
    assertEquals("reading " + root + "/p503/sumdb/sum.golang.org/supported: 503 Service Unavailable"
        + "\n\tserver response: down", x.getMessage());
    IOException y = assertThrows(IOException.class, () -> e.remote().get("/lookup/rsc.io/quote@v1.5.2"));
    assertEquals(x.getMessage(), y.getMessage());
    assertEquals(2, requests.size(), "discovery is not retried: " + requests);
  }

  @Test
  void baseUrl_400OnCommaEntry_fatal() throws Exception {
    assertThrows(IOException.class, () -> endpoint("sum.golang.org", "R/p400,direct").baseUrl());
  }

  @Test
  void baseUrl_pipeEntryFails_fallsThrough() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org", "R/p503|R/p400|R/p200");
    assertEquals(root + "/p200/sumdb/sum.golang.org", e.baseUrl());
  }

  @Test
  void baseUrl_pipeFailureThenNotFoundToTheEnd_failureReported() throws Exception {
    IOException e = assertThrows(IOException.class, () -> endpoint("sum.golang.org", "R/p503|R/p404").baseUrl());
    assertTrue(e.getMessage().contains("/p503/sumdb/sum.golang.org/supported: 503 Service Unavailable"),
        e.getMessage());
    assertThrows(IOException.class, () -> endpoint("sum.golang.org", "R/p503|off").baseUrl());
    assertEquals("https://sum.golang.org", endpoint("sum.golang.org", "R/p404|off").baseUrl());
  }

  @Test
  void baseUrl_pipeThenDirect_direct() throws Exception {
    assertEquals("https://sum.golang.org", endpoint("sum.golang.org", "R/p503|direct").baseUrl());
  }

  @Test
  void baseUrl_directOrOffFirst_noProbe() throws Exception {
    assertEquals("https://sum.golang.org", endpoint("sum.golang.org", "direct").baseUrl());
    assertEquals("https://sum.golang.org", endpoint("sum.golang.org", "off").baseUrl());
    assertTrue(requests.isEmpty());
  }

  @Test
  void baseUrl_explicitUrl_bypassesProxies() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org R/mirror", "R/p503");
    assertEquals(root + "/mirror", e.baseUrl());
    assertTrue(requests.isEmpty());
    SumdbEndpoint cn = endpoint("sum.golang.google.cn", "R/p200");
    assertEquals("https://sum.golang.google.cn", cn.baseUrl());
    assertEquals("sum.golang.org", cn.name());
  }

  @Test
  void baseUrl_databaseWithPath_probesNestedName() throws Exception {
    String key = SumdbConfigTest.LOCALDEV;
    SumdbEndpoint e = endpoint(key, "R/p404,direct");
    assertEquals("https://localhost.localdev/sumdb", e.baseUrl());
    assertEquals(List.of("/p404/sumdb/localhost.localdev/sumdb/supported"), requests);
  }

  @Test
  void baseUrl_fileProxy_supportedFileFound() throws Exception {
    Path dl = tmp.resolve("cache/download");
    Files.createDirectories(dl.resolve("sumdb/sum.golang.org/lookup/rsc.io"));
    Files.writeString(dl.resolve("sumdb/sum.golang.org/supported"), "");
    Files.writeString(dl.resolve("sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2"), "record");
    SumdbEndpoint e = endpoint("sum.golang.org", dl.toUri().toString());
    assertTrue(e.baseUrl().endsWith("/cache/download/sumdb/sum.golang.org"), e.baseUrl());
    assertArrayEquals("record".getBytes(StandardCharsets.UTF_8), e.remote().get("/lookup/rsc.io/quote@v1.5.2"));
    NotFoundException nf = assertThrows(NotFoundException.class, () -> e.remote().get("/lookup/golang.org/x/text@v0.3.2"));
    assertTrue(nf.getMessage().matches("reading file:.*/sumdb/sum.golang.org/lookup/golang.org/x/text@v0.3.2: "
        + "no such file or directory"), nf.getMessage());
  }

  @Test
  void baseUrl_fileProxyWithoutSupported_direct() throws Exception {
    SumdbEndpoint e = endpoint("sum.golang.org", tmp.toUri().toString());
    assertEquals("https://sum.golang.org", e.baseUrl());
  }

  @Test
  void baseUrl_credentialsOrQueryInProxyUrl_aFailureOfThatProxy_passwordNeverShown() throws Exception {
    // The go command refuses credentials over http in these words; it would send them over https,
    // sumdb4j reads credentials from .netrc only. Either way an IOException of that proxy, so '|'
    // falls through (it was an IllegalArgumentException that printed the password).
    String http = root.replace("http://", "http://user:secret@") + "/p200";
    IOException x = assertThrows(IOException.class, () -> endpoint("sum.golang.org", http + ",direct").baseUrl());
    assertEquals("refusing to pass credentials to insecure URL: " + root.replace("http://", "http://user:xxxxx@")
        + "/p200/sumdb/sum.golang.org/supported", x.getMessage());
    IOException y = assertThrows(IOException.class,
        () -> endpoint("sum.golang.org", "https://user:secret@proxy.example/p").baseUrl());
    assertEquals("reading https://user:xxxxx@proxy.example/p/sumdb/sum.golang.org/supported: credentials in a"
        + " GOPROXY URL are not supported; put them in .netrc (NETRC or ~/.netrc) instead", y.getMessage());
    IOException z = assertThrows(IOException.class, () -> endpoint("sum.golang.org", "R/p200?t=1").baseUrl());
    assertTrue(z.getMessage().endsWith("a GOPROXY URL with a query or fragment is not supported"), z.getMessage());
    assertEquals(root + "/p200/sumdb/sum.golang.org", endpoint("sum.golang.org", http + "|R/p200").baseUrl());
    assertTrue(requests.stream().allMatch(r -> r.equals("/p200/sumdb/sum.golang.org/supported")), requests.toString());
    String shown = SumdbConfig.builder().goproxy(http + "|https://u:p@b.example,direct").build().toString();
    assertFalse(shown.contains("secret") || shown.contains(":p@"), shown);
    assertTrue(shown.contains("GOPROXY=" + root.replace("http://", "http://user:xxxxx@") + "/p200|https://u:xxxxx@b.example,direct"),
        shown);
  }

  @Test
  void baseUrl_trailingSlashes_joinedAsTheGoCommand() throws Exception {
    // web.Join drops one trailing slash: "R/p200//" probes "/p200//sumdb/...", which is not the database.
    assertEquals(root + "/p200/sumdb/sum.golang.org", endpoint("sum.golang.org", "R/p200/").baseUrl());
    assertThrows(IOException.class, () -> endpoint("sum.golang.org", "R/p200//").baseUrl());
    assertEquals(List.of("/p200/sumdb/sum.golang.org/supported", "/p200//sumdb/sum.golang.org/supported"), requests);
  }

  @Test
  void of_gosumdbOff_refused() throws Exception {
    SumdbConfig off = SumdbConfig.builder().gosumdb("off").build();
    assertThrows(SumdbException.class, () -> SumdbEndpoint.of(off, fetcher()));
    assertThrows(SumdbException.class, () -> SumdbEndpoint.of(off));
  }

  @Test
  void of_defaultFetcher_directWithoutProbe() throws Exception {
    SumdbEndpoint e = SumdbEndpoint.of(SumdbConfig.builder().goproxy("direct").build());
    assertEquals("https://sum.golang.org", e.baseUrl());
    assertEquals("sum.golang.org", e.name());
  }

  @Test
  void baseUrl_concurrentFirstUse_probesOnce() throws Exception {
    int[] probes = new int[1];
    Remote probe = path -> {
      synchronized (probes) {
        probes[0]++;
      }
      return new byte[0];
    };
    SumdbConfig c = SumdbConfig.builder().goproxy("https://proxy.example").build();
    SumdbEndpoint e = SumdbEndpoint.of(c.database().orElseThrow(), c.proxies(), base -> probe);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> fs = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        fs.add(threads.submit(e::baseUrl));
      }
      for (Future<String> f : fs) {
        assertEquals("https://proxy.example/sumdb/sum.golang.org", f.get());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(1, probes[0]);
    assertTrue(e.toString().contains("https://proxy.example/sumdb/sum.golang.org"));
  }
}
