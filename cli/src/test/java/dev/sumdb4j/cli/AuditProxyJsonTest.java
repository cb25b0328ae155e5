package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.RefusedPort;
import dev.sumdb4j.tlog.proxyaudit.AuditState;
import dev.sumdb4j.tlog.proxyaudit.ProxyFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 (and #12's rule): {@code audit proxy --json} prints exactly one JSON document on every
 * exit path (usage errors found after parsing, bad inputs, a damaged state, the proxy or the
 * database unavailable, the database failing authentication, findings, success), with {@code
 * tool}, {@code exitCode} equal to the exit code and a {@code message} saying why it failed (null
 * on success); {@code --json-lines} prints only JSON lines and ends with a summary line that
 * carries the same.
 */
class AuditProxyJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  ProxyFixture f;
  /** The proxy or the database that is down. */
  RefusedPort down;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    f = new ProxyFixture(3);
    down = RefusedPort.open();
    env = new HashMap<>();
    env.put("GOPATH", dir.resolve("gopath").toString());
    env.put("GOENV", "off");
    env.put("GOSUMDB", f.gosumdb());
    env.put("GOPROXY", f.proxy.url());
    env.put("HOME", dir.toString());
  }

  @AfterEach
  void tearDown() {
    f.close();
    down.close();
  }

  record Case(String what, Map<String, String> env, int exit, List<String> args) {}

  private List<Case> cases() throws Exception {
    Path good = dir.resolve("good.txt");
    StringBuilder b = new StringBuilder();
    f.good.forEach(mv -> b.append(mv).append('\n'));
    Files.writeString(good, b);
    Path all = Files.writeString(dir.resolve("all.txt"), f.listFile());
    Path malformed = Files.writeString(dir.resolve("malformed.txt"), "not a module version\n");
    Path damaged = Files.createDirectories(dir.resolve("damaged-state"));
    Files.writeString(damaged.resolve(AuditState.VERIFIED_FILE), "{\"module\":\"x\"}\n");
    ModuleVersion first = f.good.get(0);
    Path one = Files.writeString(dir.resolve("one.txt"), first + "\n");
    Map<String, String> direct = new HashMap<>(env);
    direct.put("GOPROXY", "direct");
    Map<String, String> dbDown = new HashMap<>(env);
    dbDown.put("GOSUMDB", f.log.verifierKey() + " " + down.httpUrl());
    Map<String, String> proxyDown = new HashMap<>(env);
    proxyDown.put("GOPROXY", down.httpUrl());
    String state = dir.resolve("state").toString();
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("all ok", env, 0, List.of("--modules", good.toString(), "--state", state)));
    cases.add(new Case("findings", env, 1, List.of("--modules", all.toString(), "--state", dir.resolve("s2").toString())));
    cases.add(new Case("--jobs 0", env, 2, List.of("--jobs", "0", "--modules", good.toString())));
    cases.add(new Case("bad --shard", env, 2, List.of("--shard", "3/2", "--modules", good.toString())));
    cases.add(new Case("GOPROXY=direct", direct, 2, List.of("--modules", good.toString())));
    cases.add(new Case("two scopes", env, 2, List.of("--list", "--modules", good.toString(), "example.com/x")));
    cases.add(new Case("--list without paths", env, 2, List.of("--list")));
    cases.add(new Case("missing go.sum", env, 2, List.of(dir.resolve("missing/go.sum").toString())));
    cases.add(new Case("malformed module list", env, 2, List.of("--modules", malformed.toString())));
    cases.add(new Case("damaged state", env, 2, List.of("--modules", good.toString(), "--state", damaged.toString())));
    cases.add(new Case("bad proxy URL", env, 2, List.of("--proxy", "ftp://x", "--modules", good.toString())));
    cases.add(new Case("proxy unavailable (list)", proxyDown, 4, List.of("--list", first.path())));
    cases.add(new Case("proxy unavailable (versions)", proxyDown, 4, List.of("--modules", one.toString())));
    cases.add(new Case("database unavailable", dbDown, 4, List.of("--modules", one.toString())));
    return cases;
  }

  @Test
  void json_everyExitPath_printsOneDocument() throws Exception {
    List<Case> cases = new ArrayList<>(cases());
    cases.add(new Case("--json and --json-lines", env, 2, List.of("--json-lines", "--modules", "x")));
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      List<String> args = new ArrayList<>(List.of("audit", "proxy", "--proxy-timeout", "2", "--json"));
      args.addAll(c.args());
      Cli.Result r = Cli.run(c.env(), args.toArray(String[]::new));
      try {
        JsonNode doc = JsonAlwaysTest.oneDocument(r, c.what());
        assertEquals(c.exit(), r.exit(), () -> c.what() + "\n" + r);
        assertEquals("audit proxy", doc.path("command").asText(), () -> c.what() + "\n" + r);
        if (c.exit() <= 1 || c.what().startsWith("proxy unavailable (versions)")) { // the run produced results
          assertTrue(doc.path("results").isArray() && doc.path("results").size() > 0, () -> c.what() + "\n" + r);
        }
        if (c.what().startsWith("database unavailable")) {
          assertTrue(doc.path("message").asText().contains("connection refused"), () -> c.what() + "\n" + r);
        } else if (c.what().startsWith("proxy unavailable")) {
          assertTrue(r.out().contains(down.httpUrl() + "/example.com/good0/@v/"), () -> c.what() + "\n" + r);
          assertTrue(r.out().contains("connection refused (dial 127.0.0.1:" + down.port() + ")"),
              () -> c.what() + "\n" + r);
        }
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " failed:\n"
        + String.join("\n\n", failures));
  }

  @Test
  void jsonLines_everyExitPath_endsWithASummaryLine() throws Exception {
    List<Case> cases = cases();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      List<String> args = new ArrayList<>(List.of("audit", "proxy", "--proxy-timeout", "2", "--json-lines"));
      args.addAll(c.args());
      Cli.Result r = Cli.run(c.env(), args.toArray(String[]::new));
      try {
        assertEquals(c.exit(), r.exit(), () -> c.what() + "\n" + r);
        List<String> lines = r.lines();
        assertFalse(lines.isEmpty(), () -> c.what() + ": no output\n" + r);
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : lines) {
          try {
            nodes.add(MAPPER.readTree(l));
          } catch (IOException e) {
            throw new AssertionError(c.what() + ": not a JSON line: " + l + "\n" + r, e);
          }
        }
        JsonNode last = nodes.get(nodes.size() - 1);
        assertTrue(last.path("summary").asBoolean(), () -> c.what() + ": the last line is no summary\n" + r);
        assertTrue(last.path("tool").asText().startsWith("sumdb4j "), () -> c.what() + "\n" + r);
        assertEquals(r.exit(), last.path("exitCode").asInt(-1), () -> c.what() + "\n" + r);
        assertTrue(last.has("message"), () -> c.what() + "\n" + r);
        assertEquals(r.exit() == 0, last.get("message").isNull(), () -> c.what() + "\n" + r);
        for (JsonNode n : nodes.subList(0, nodes.size() - 1)) {
          assertTrue(n.has("verdict") && !n.has("summary"), () -> c.what() + ": " + n + "\n" + r);
        }
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " failed:\n"
        + String.join("\n\n", failures));
  }

  @Test
  void databaseFailingAuthentication_isOneDocument_exit3() throws Exception {
    ModuleVersion mv = f.good.get(0);
    f.log.corruptNote(mv.escaped());
    Path list = Files.writeString(dir.resolve("modules.txt"), mv + "\n");
    Cli.Result r = Cli.run(env, "audit", "proxy", "--json", "--modules", list.toString(), "--state",
        dir.resolve("state").toString());
    JsonNode doc = JsonAlwaysTest.oneDocument(r, "corrupt note");
    assertEquals(ExitCodes.SECURITY, r.exit(), r::toString);
    assertTrue(doc.get("message").asText().startsWith("SECURITY"), r::toString);
    Cli.Result lines = Cli.run(env, "audit", "proxy", "--json-lines", "--modules", list.toString());
    assertEquals(ExitCodes.SECURITY, lines.exit(), lines::toString);
    JsonNode last = MAPPER.readTree(lines.lines().get(lines.lines().size() - 1));
    assertEquals(ExitCodes.SECURITY, last.path("exitCode").asInt(), lines::toString);
    assertTrue(last.path("summary").asBoolean(), lines::toString);
  }

  @Test
  void usageErrorCaughtByTheParser_isOneDocument_exit2() throws Exception {
    for (String cmd : new String[] {"proxy", "mirror", "verify", "compare"}) {
      Cli.Result r = Cli.run(env, "audit", cmd, "--json", "--no-such-option");
      JsonNode doc = JsonAlwaysTest.oneDocument(r, "audit " + cmd + " usage error");
      assertEquals(ExitCodes.USAGE, r.exit(), r::toString);
      assertEquals(ExitCodes.USAGE, doc.get("exitCode").asInt(), r::toString);
      assertTrue(doc.get("message").isTextual() && !doc.get("message").asText().isEmpty(), r::toString);
    }
  }
}
