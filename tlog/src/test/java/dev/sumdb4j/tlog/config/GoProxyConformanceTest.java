package dev.sumdb4j.tlog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.testdata.GoProgram;
import dev.sumdb4j.testdata.RefusedPort;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.http.HttpFetcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GOPROXY for the checksum database, case by case, against the go command itself (Go 1.19's
 * {@code cmd/go/internal/modfetch}: {@code dbClient.initBase} and {@code TryProxies}): the same
 * GOPROXY list, the same local proxies, the same reference database ({@code testdata/goserver},
 * named {@code localhost.localdev}, which the go command never dials: "direct" shows as "no such
 * host"). Each case states where the lookup is served from (or which proxy's failure is fatal),
 * and both sumdb4j and {@code go mod download} must end there.
 *
 * <p>The go command runs with GOFLAGS=-mod=mod, GONOSUMDB/GOPRIVATE unset, a fresh GOPATH and
 * module cache holding the module (so the only network use is the checksum database), and a
 * go.sum holding the module's go.mod line, so the lookup is for its zip hash alone.
 */
@Tag("slow")
class GoProxyConformanceTest {
  private static final String NAME = "localhost.localdev";
  private static final String MODULE = "example.com/m0/v2";
  private static final String VERSION = "v2.0.0";
  private static final byte[] GO_MOD = ("module " + MODULE + "\n").getBytes(StandardCharsets.UTF_8);

  @TempDir static Path tmp;

  private static Process goserver;
  private static String goserverUrl;
  private static String key;
  private static HttpServer proxies;
  private static ExecutorService pool;
  private static String root;
  private static RefusedPort refused;
  private static String dead;
  private static final HttpClient FORWARD = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Every request the proxies saw, as {@code id path}. */
  private static final List<String> requests = new CopyOnWriteArrayList<>();

  /**
   * Where the lookup ends: {@code proxy ID} (served from that proxy), {@code direct} (https://NAME,
   * unreachable here), {@code fatal ID} (that proxy's failure is reported), {@code invalid}
   * (a configuration error). GOPROXY uses {ID} for the proxy with that behaviour (see
   * {@link #handle}), {dead} for a closed port and {file} for an empty directory.
   */
  record Case(String goproxy, String gonoproxy, boolean gosumdbUrl, String want) {
    Case(String goproxy, String want) {
      this(goproxy, null, false, want);
    }

    @Override
    public String toString() {
      return "GOPROXY=" + goproxy + (gonoproxy != null ? " GONOPROXY=" + gonoproxy : "")
          + (gosumdbUrl ? " GOSUMDB=<key> {ok}/sumdb/" + NAME : "") + " -> " + want;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("{ok}", "proxy ok"),
        new Case("{nf404},{ok}", "proxy ok"),
        new Case("{gone410},{ok}", "proxy ok"),
        new Case("{nf404}|{ok}", "proxy ok"),
        new Case("{err503},{ok}", "fatal err503"),
        new Case("{err503}|{ok}", "proxy ok"),
        new Case("{err403},{ok}", "fatal err403"),
        new Case("{err403}|{ok}", "proxy ok"),
        new Case("{no204},{ok}", "fatal no204"),
        new Case("{dead},{ok}", "fatal dead"),
        new Case("{dead}|{ok}", "proxy ok"),
        new Case("{nf404},direct", "direct"),
        new Case("{err503}|direct", "direct"),
        new Case("{err503},direct", "fatal err503"),
        new Case("{nf404}|off", "direct"),
        new Case("{err503}|off", "fatal err503"),
        new Case("{nf404}", "direct"),
        new Case("{err503}|{nf404}", "fatal err503"),
        new Case("{nf404}|{err503}|{gone410}", "fatal err503"),
        new Case("{err503}|{err403}", "fatal err403"),
        new Case("direct", "direct"),
        new Case("off", "direct"),
        new Case("direct,{ok}", "direct"),
        new Case("{okbroken},{ok}", "fatal okbroken"),
        new Case("{okbroken}|{ok}", "fatal okbroken"),
        new Case("{redir404},{ok}", "proxy ok"),
        new Case("{redirok}", "proxy redirok"),
        new Case("{file},{ok}", "proxy ok"),
        new Case(" {nf404} , {ok}/ ", "proxy ok"),
        new Case("{nf404},{ok}", MODULE, false, "proxy ok"),
        new Case("{nf404},{ok}", "other.example", false, "proxy ok"),
        new Case("{err503}", null, true, "proxy ok"),
        new Case("{nf404},off,{ok}", "direct"),
        new Case("{ok}//", "direct"),
        new Case("http://user:pw@{auth}", "fatal auth"),
        new Case("http://user:pw@{auth}|{ok}", "proxy ok"),
        new Case("{auth},{ok}", "fatal auth"),
        new Case(",", null, true, "invalid"),
        new Case(",", "invalid"),
        new Case(" | ", "invalid"));
  }

  @BeforeAll
  static void start() throws Exception {
    Path bin = GoProgram.build("testdata/goserver");
    goserver = new ProcessBuilder(bin.toString(), "-name", NAME, "-n", "9")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(goserver.getInputStream(), StandardCharsets.UTF_8));
    goserverUrl = out.readLine();
    key = out.readLine();
    assertTrue(goserverUrl != null && goserverUrl.startsWith("http://127.0.0.1:"), "goserver: " + goserverUrl);
    proxies = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    proxies.setExecutor(pool);
    proxies.createContext("/", GoProxyConformanceTest::handle);
    proxies.start();
    root = "http://127.0.0.1:" + proxies.getAddress().getPort();
    refused = RefusedPort.open();
    dead = refused.httpUrl();
    Files.createDirectories(tmp.resolve("emptyproxy"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (refused != null) {
      refused.close();
    }
    if (proxies != null) {
      proxies.stop(0);
      pool.shutdownNow();
    }
    if (goserver != null) {
      goserver.getOutputStream().close();
      if (!goserver.waitFor(5, TimeUnit.SECONDS)) {
        goserver.destroyForcibly();
      }
    }
  }

  /**
   * The proxies, by first path segment: {@code ok} supports the database (and forwards its
   * requests to the reference server); {@code nf404}, {@code gone410}, {@code err503}, {@code
   * err403} and {@code no204} answer everything with that status; {@code okbroken} answers 200 to
   * {@code /supported} and 503 to the rest; {@code redir404} and {@code redirok} redirect (302)
   * everything to {@code nf404} and {@code ok}; {@code auth} is {@code ok} for basic credentials
   * {@code user:pw} and answers 401 otherwise.
   */
  private static void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      int slash = path.indexOf('/', 1);
      String id = slash < 0 ? path.substring(1) : path.substring(1, slash);
      String rest = slash < 0 ? "" : path.substring(slash);
      requests.add(id + " " + rest);
      String db = "/sumdb/" + NAME;
      if (id.equals("auth")) {
        String want = "Basic " + Base64.getEncoder().encodeToString("user:pw".getBytes(StandardCharsets.UTF_8));
        if (!want.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"proxy\"");
          send(ex, 401, "unauthorized");
          return;
        }
        id = "ok";
      }
      switch (id) {
        case "ok":
          if (rest.equals(db + "/supported")) {
            send(ex, 200, "");
          } else if (rest.startsWith(db + "/")) {
            try {
              HttpResponse<byte[]> r = FORWARD.send(HttpRequest.newBuilder(URI.create(goserverUrl
                  + rest.substring(db.length()))).build(), HttpResponse.BodyHandlers.ofByteArray());
              ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
              ex.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              send(ex, 502, "interrupted");
            }
          } else {
            send(ex, 404, "not found");
          }
          return;
        case "okbroken":
          send(ex, rest.equals(db + "/supported") ? 200 : 503, rest.equals(db + "/supported") ? "" : "broken");
          return;
        case "redir404":
        case "redirok":
          ex.getResponseHeaders().set("Location", (id.equals("redirok") ? "/ok" : "/nf404") + rest);
          ex.sendResponseHeaders(302, -1);
          return;
        case "nf404":
          send(ex, 404, "not found");
          return;
        case "gone410":
          send(ex, 410, "gone");
          return;
        case "err403":
          send(ex, 403, "forbidden");
          return;
        case "no204":
          ex.sendResponseHeaders(204, -1);
          return;
        default:
          send(ex, 503, "down");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    ex.getResponseBody().write(b);
  }

  private static String expand(String goproxy) {
    return goproxy.replace("{dead}", dead)
        .replace("{file}", tmp.resolve("emptyproxy").toUri().toString())
        .replace("@{auth}", "@" + root.substring("http://".length()) + "/auth")
        .replaceAll("\\{([a-z0-9]+)\\}", root + "/$1");
  }

  private static String gosumdb(Case c) {
    return c.gosumdbUrl() ? key + " " + root + "/ok/sumdb/" + NAME : key;
  }

  /** The proxy whose URL appears in {@code message}, or null. */
  private static String proxyIn(String message) {
    List<String> ids = new ArrayList<>();
    if (java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(dead.substring("http://".length())) + "(?![0-9])")
        .matcher(message).find()) {
      ids.add("dead");
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        java.util.regex.Pattern.quote(root.substring("http://".length())) + "/([a-z0-9]+)/")
        .matcher(message);
    while (m.find()) {
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    assertTrue(ids.size() <= 1, "more than one proxy named in: " + message);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** The proxy asked for the lookup since {@code from} (the first, when one redirects to another), or null. */
  private static String servedBy(int from) {
    return List.copyOf(requests).subList(from, requests.size()).stream()
        .filter(r -> r.contains(" /sumdb/" + NAME + "/lookup/")).map(r -> r.substring(0, r.indexOf(' ')))
        .findFirst().orElse(null);
  }

  private static String fatal(String message) {
    String proxy = proxyIn(message);
    if ("dead".equals(proxy) && !message.contains("connection refused")) {
      return "fatal dead, but not refused: " + message;
    }
    return proxy != null ? "fatal " + proxy : "fatal, naming no proxy: " + message;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sumdb4j(Case c) throws Exception {
    int from = requests.size();
    String got = sumdb4jOutcome(c);
    assertEquals(c.want(), got, "sumdb4j; requests: " + List.copyOf(requests).subList(from, requests.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goCommand(Case c) throws Exception {
    int from = requests.size();
    String got = goOutcome(c);
    assertEquals(c.want(), got, "go command; requests: " + List.copyOf(requests).subList(from, requests.size()));
  }

  private static String sumdb4jOutcome(Case c) throws Exception {
    SumdbConfig config;
    try {
      Map<String, String> env = new java.util.HashMap<>(Map.of("GOSUMDB", gosumdb(c), "GOPROXY", expand(c.goproxy()),
          "GOENV", "off", "GOPATH", tmp.resolve("unused").toString()));
      if (c.gonoproxy() != null) {
        env.put("GONOPROXY", c.gonoproxy());
      }
      config = SumdbConfig.fromEnvironment(env);
    } catch (MalformedInputException e) {
      return "invalid";
    }
    SumdbConfig.Database db = config.requireDatabase();
    HttpFetcher fetcher = HttpFetcher.builder().baseUri(db.directUrl()).backoff(Duration.ofMillis(5),
        Duration.ofMillis(20)).requestTimeout(Duration.ofSeconds(20)).build();
    SumdbEndpoint endpoint = SumdbEndpoint.of(config, fetcher);
    String base;
    try {
      base = endpoint.baseUrl();
    } catch (IOException e) {
      return fatal(e.getMessage());
    }
    if (base.equals(db.directUrl())) {
      return "direct"; // not dialled: the go command does not dial localhost.localdev either
    }
    int from = requests.size();
    SumdbClient client = SumdbClient.builder().verifierKey(db.verifier()).store(new MemoryStore())
        .remote(endpoint.remote()).build();
    LookupResult r;
    try {
      r = client.lookup(MODULE, VERSION);
    } catch (IOException e) {
      return fatal(e.getMessage());
    }
    assertTrue(r.lines().contains(MODULE + " " + VERSION + " " + zipHash()), r.lines().toString());
    return "proxy " + servedBy(from);
  }

  private static String goOutcome(Case c) throws Exception {
    Path go = GoProgram.goCommand();
    Path dir = Files.createTempDirectory(tmp, "go");
    Path modcache = dir.resolve("modcache");
    Path dl = modcache.resolve("cache/download/" + MODULE + "/@v");
    Files.createDirectories(dl);
    Files.writeString(dl.resolve(VERSION + ".info"), "{\"Version\":\"" + VERSION + "\",\"Time\":\"2020-01-01T00:00:00Z\"}");
    Files.write(dl.resolve(VERSION + ".mod"), GO_MOD);
    Files.writeString(dl.resolve(VERSION + ".zip"), "not read: the .ziphash is");
    Files.writeString(dl.resolve(VERSION + ".ziphash"), zipHash());
    Path extracted = modcache.resolve(MODULE + "@" + VERSION);
    Files.createDirectories(extracted);
    Files.write(extracted.resolve("go.mod"), GO_MOD);
    Path main = dir.resolve("main");
    Files.createDirectories(main);
    Files.writeString(main.resolve("go.mod"), "module example.org/main\n\ngo 1.19\n");
    Files.writeString(main.resolve("go.sum"), MODULE + " " + VERSION + "/go.mod " + goModHash() + "\n");

    ProcessBuilder pb = new ProcessBuilder(go.toString(), "mod", "download", "-json", MODULE + "@" + VERSION)
        .directory(main.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", go.getParent() + ":/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("GOPATH", dir.resolve("gopath").toString());
    env.put("GOMODCACHE", modcache.toString());
    env.put("GOCACHE", dir.resolve("gocache").toString());
    env.put("GOENV", "off");
    env.put("GOFLAGS", "-mod=mod");
    env.put("GO111MODULE", "on");
    env.put("GOPROXY", expand(c.goproxy()));
    env.put("GOSUMDB", gosumdb(c));
    if (c.gonoproxy() != null) {
      env.put("GONOPROXY", c.gonoproxy());
    }
    int from = requests.size();
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "go mod download did not end");
    if (p.exitValue() == 0) {
      return "proxy " + servedBy(from);
    }
    if (output.contains("GOPROXY list is not the empty string, but contains no entries")) {
      return "invalid";
    }
    if (proxyIn(output) != null) {
      return fatal(output);
    }
    if (output.contains("no such host " + NAME)) {
      return "direct";
    }
    return "unexpected: exit " + p.exitValue() + ": " + output;
  }

  /** The reference server's h1 hash of record 0's zip (testdata/goserver: fakeHash(seed 1, "zip", ...)). */
  private static String zipHash() throws Exception {
    byte[] sum = MessageDigest.getInstance("SHA-256")
        .digest(("1/zip/" + MODULE + "@" + VERSION).getBytes(StandardCharsets.UTF_8));
    return "h1:" + Base64.getEncoder().encodeToString(sum);
  }

  /** x/mod dirhash.Hash1 of a lone go.mod file, as the go command hashes a module's go.mod. */
  private static String goModHash() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    String summary = HexFormat.of().formatHex(sha.digest(GO_MOD)) + "  go.mod\n";
    return "h1:" + Base64.getEncoder().encodeToString(sha.digest(summary.getBytes(StandardCharsets.UTF_8)));
  }
}
