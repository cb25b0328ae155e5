package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure paths of the commands as users meet them (issue #12): each gets the documented exit code
 * and a message that names what is wrong and what to do. The sumdb cache is the repository's
 * {@code examples/gopath} (real sum.golang.org data), copied.
 */
class FailurePathsTest {
  static final String KEY = RealData.SUM_GOLANG_ORG_KEY;

  @TempDir Path tmp;

  /** A copy of examples/gopath; returns the GOPATH. */
  Path gopath() throws IOException {
    return Examples.copyGopath(tmp);
  }

  Path goSum() throws IOException {
    Path f = tmp.resolve("go.sum");
    Files.copy(RealData.projectRoot().resolve("examples/go.sum"), f);
    return f;
  }

  static Map<String, String> env(Path gopath) {
    Map<String, String> env = new HashMap<>();
    if (gopath != null) {
      env.put("GOPATH", gopath.toString());
    }
    env.put("GOENV", "off");
    env.put("GOPROXY", "off");
    return env;
  }

  @Test
  void noHomeNoGopath_couldNotLocateCache_isAConfigurationError() throws Exception {
    Path goSum = goSum();
    for (String[] args : new String[][] {{"verify", "--offline", goSum.toString()}, {"latest", "--offline"},
        {"lookup", "--offline", "rsc.io/quote@v1.5.2"}}) {
      Cli.Result r = Cli.run(env(null), args);
      assertEquals(2, r.exit(), () -> String.join(" ", args) + "\n" + r);
      assertTrue(r.err().contains("could not locate sumdb cache"), r::toString);
      assertTrue(r.err().contains("--gopath"), r::toString);
      assertFalse(r.err().contains("SECURITY"), r::toString);
    }
  }

  @Test
  void truncatedStoredLatest_offline_namesTheFileAsDamagedLocalState() throws Exception {
    Path gopath = gopath();
    Path latest = gopath.resolve("pkg/sumdb/sum.golang.org/latest");
    byte[] b = Files.readAllBytes(latest);
    Files.write(latest, java.util.Arrays.copyOf(b, b.length / 2));
    Path goSum = goSum();
    for (String[] args : new String[][] {{"verify", "--offline", goSum.toString()}, {"latest", "--offline"}}) {
      Cli.Result r = Cli.run(env(gopath), args);
      assertEquals(4, r.exit(), () -> String.join(" ", args) + "\n" + r);
      assertTrue(r.err().contains(latest + ": local state is damaged"), r::toString);
      assertTrue(r.err().contains("Move it aside"), r::toString);
      assertFalse(r.err().contains("SECURITY"), r::toString);
      assertFalse(r.err().contains("served data"), r::toString);
    }
  }

  @Test
  void latestOffline_nothingStored_isMissingData() throws Exception {
    Path gopath = Files.createDirectories(tmp.resolve("empty-gopath"));
    Cli.Result r = Cli.run(env(gopath), "latest", "--offline");
    assertEquals(4, r.exit(), r::toString);
    assertTrue(r.err().contains("offline and no signed tree stored in "
        + gopath.resolve("pkg/sumdb/sum.golang.org/latest")), r::toString);
    Cli.Result json = Cli.run(env(gopath), "latest", "--offline", "--json");
    assertEquals(4, json.exit(), json::toString);
    assertTrue(json.out().contains("\"exitCode\" : 4"), json::toString);
  }

  /**
   * A captive portal answers every request with 200 and an HTML page: data served in the database's
   * place that cannot be authenticated, exit 3 from both commands, with a hint at what is in between.
   */
  @Test
  void captivePortal_verifyAndLatestAgree_security() throws Exception {
    HttpServer portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    portal.createContext("/", ex -> {
      byte[] page = "<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>\n"
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(page);
      }
    });
    portal.start();
    try {
      Map<String, String> env = env(Files.createDirectories(tmp.resolve("fresh-gopath")));
      env.put("GOSUMDB", KEY + " http://127.0.0.1:" + portal.getAddress().getPort());
      Cli.Result verify = Cli.run(env, "verify", goSum().toString());
      Cli.Result latest = Cli.run(env, "latest");
      assertEquals(3, verify.exit(), verify::toString);
      assertEquals(3, latest.exit(), latest::toString);
      assertTrue(latest.err().contains("not a signed tree note (a captive portal or a proxy in between?)"),
          latest::toString);
      // the SECURITY ERROR banner the README promises on exit 3, whichever command
      assertTrue(latest.err().startsWith("SECURITY ERROR\nsumdb4j: "), latest::toString);
      assertTrue(verify.err().contains("SECURITY ERROR"), verify::toString);
    } finally {
      portal.stop(0);
    }
  }

  /** {@code --format github} annotates a malformed go.sum line too, whichever command reads it. */
  @Test
  void formatGithub_malformedLine_isAnnotated() throws Exception {
    Path gopath = gopath();
    Path bad = Files.writeString(tmp.resolve("bad.sum"), "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n"
        + "rsc.io/quote v1.5.2\n");
    for (String[] args : new String[][] {{"verify", "--offline", "--format", "github", bad.toString()},
        {"proof", "export", "--offline", "--format", "github", "--bundle", tmp.resolve("b.json").toString(),
          bad.toString()},
        {"modcache", "verify", "--offline", "--format", "github", bad.toString()}}) {
      Cli.Result r = Cli.run(env(gopath), args);
      assertEquals(2, r.exit(), () -> String.join(" ", args) + "\n" + r);
      assertEquals(java.util.List.of("::error file=" + bad.toString().replace(":", "%3A").replace(",", "%2C")
          + ",line=2::malformed: wrong number of fields 2"), r.lines(), () -> String.join(" ", args) + "\n" + r);
    }
  }

  /** Offline with a GOPATH that does not exist: the lines are errors, and the message names the cache read. */
  @Test
  void offline_missingGopath_namesTheCacheDirectory() throws Exception {
    Path gopath = tmp.resolve("no-such-gopath");
    Cli.Result r = Cli.run(env(gopath), "verify", "--offline", goSum().toString());
    assertEquals(4, r.exit(), r::toString);
    Path cache = gopath.resolve("pkg/mod/cache/download/sumdb/sum.golang.org");
    assertTrue(r.err().contains("sumdb4j: offline: 6 lines need data that is not in the cache " + cache
        + " (which does not exist: check GOPATH, GOMODCACHE or --gopath)"), r::toString);
  }
}
