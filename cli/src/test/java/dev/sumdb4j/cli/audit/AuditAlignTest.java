package dev.sumdb4j.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.cli.Main;
import dev.sumdb4j.tlog.audit.AuditFixtures;
import dev.sumdb4j.tlog.audit.MirrorDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code audit mirror/verify/compare} take the database as the other commands do (GOSUMDB,
 * {@code --gosumdb}; {@code --key/--url} as deprecated aliases), print one JSON document with
 * {@code --json} on every exit path, and {@code verify} only reads the mirror (state in {@code
 * --state}, default beside the mirror). Run through {@link Main} with a test environment.
 */
class AuditAlignTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("HOME", tmp.resolve("home").toString());
    CommandLine cl = Main.commandLine(new Main(e));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Run run(String... args) {
    return run(Map.of(), args);
  }

  static void assertDocument(Run r, int code) throws Exception {
    JsonNode d = r.json();
    assertEquals(1, d.get("version").asInt(), r.out());
    assertTrue(d.get("tool").asText().startsWith("sumdb4j "), r.out());
    assertEquals(code, d.get("exitCode").asInt(), r.out());
    assertEquals(code, r.code(), r.out() + r.err());
    assertFalse(d.get("message").asText().isEmpty(), r.out());
  }

  /** Every file and directory under {@code root}: size and modification time. */
  static Map<String, String> listing(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  /** audit mirror read sum.golang.org whatever GOSUMDB said; it now reads GOSUMDB's log. */
  @Test
  void mirror_readsGosumdbFromTheEnvironment_thenVerifyAndCompareToo() throws Exception {
    Path m = tmp.resolve("m");
    String key = AuditFixtures.verifierKey();
    try (AuditFixtures.Server s = AuditFixtures.serve(500)) {
      Map<String, String> env = Map.of("GOSUMDB", key + " " + s.uri());
      Run r = run(env, "audit", "mirror", "--dir", m.toString(), "--json");
      assertDocument(r, 0);
      assertEquals(500, r.json().get("treeSize").asLong(), r.out());
      assertEquals("audit mirror", r.json().get("command").asText());
      assertTrue(r.json().get("message").asText().startsWith("mirrored tree of 500 records"), r.out());
      Run v = run(env, "audit", "verify", "--dir", m.toString(), "--threads", "2");
      assertEquals(0, v.code(), v.out() + v.err());
      assertTrue(v.out().startsWith("ok: 500 records"), v.out());
    }
  }

  /** --key/--url still work for a release, say they are deprecated, and do not mix with --gosumdb. */
  @Test
  void deprecatedKeyAndUrl_stillWork_withAWarning() throws Exception {
    Path m = tmp.resolve("m");
    String key = AuditFixtures.verifierKey();
    try (AuditFixtures.Server s = AuditFixtures.serve(300)) {
      Run r = run("audit", "mirror", "--dir", m.toString(), "--url", s.uri().toString(), "--key", key);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("--key and --url are deprecated"), r.err());
    }
    Run v = run("audit", "verify", "--dir", m.toString(), "--key", key);
    assertEquals(0, v.code(), v.out() + v.err());
    Run both = run("audit", "verify", "--dir", m.toString(), "--key", key, "--gosumdb", key, "--json");
    assertDocument(both, 2);
    assertTrue(both.json().get("message").asText().contains("give --gosumdb alone"), both.out());
    Run help = run("audit", "verify", "--help");
    assertFalse(help.out().contains("--key") || help.out().contains("--url"), help.out());
    assertTrue(help.out().contains("--gosumdb") && help.out().contains("--state") && help.out().contains("--json"),
        help.out());
  }

  /**
   * A read-only mirror verifies: nothing in it is written (compared by listing, as root ignores
   * permissions), the state lands in --state DIR, and compare reuses it.
   */
  @Test
  void verify_readOnlyMirror_stateInStateDir_mirrorUntouched() throws Exception {
    Path m = tmp.resolve("m");
    AuditFixtures.writeMirror(m, 2000);
    String key = AuditFixtures.verifierKey();
    Map<String, String> before = listing(m);
    setWritable(m, false);
    try {
      Path state = tmp.resolve("state");
      Run v = run("audit", "verify", "--dir", m.toString(), "--gosumdb", key, "--state", state.toString(), "--json");
      assertDocument(v, 0);
      assertTrue(v.json().get("ok").asBoolean(), v.out());
      assertEquals(state.toString(), v.json().get("state").asText());
      assertEquals(2000, v.json().get("records").asLong());
      assertTrue(Files.isRegularFile(state.resolve("verify/state")), "no state in --state DIR");
      Path gosum = Files.writeString(tmp.resolve("go.sum"), AuditFixtures.record(2000, 7), StandardCharsets.UTF_8);
      Run c = run("audit", "compare", "--dir", m.toString(), "--gosumdb", key, "--state", state.toString(),
          gosum.toString());
      assertEquals(0, c.code(), c.out() + c.err());
      assertEquals(before, listing(m), "audit verify or compare wrote into the mirror");
      assertFalse(Files.exists(MirrorDir.at(m).defaultStateDir()), "the default state directory was used");
    } finally {
      setWritable(m, true);
    }
    // Without --state: beside the mirror.
    Run v = run("audit", "verify", "--dir", m.toString(), "--gosumdb", key);
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(Files.isRegularFile(tmp.resolve("m.audit/verify/state")));
    assertEquals(before, listing(m), "audit verify wrote into the mirror");
  }

  /** A state directory that cannot be made: a message naming it (no exception class), exit 4, JSON too. */
  @Test
  void verify_stateDirectoryUnusable_clearMessage() throws Exception {
    Path m = tmp.resolve("m");
    AuditFixtures.writeMirror(m, 300);
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Run v = run("audit", "verify", "--dir", m.toString(), "--gosumdb", AuditFixtures.verifierKey(),
        "--state", file.resolve("state").toString(), "--json");
    assertDocument(v, 4);
    String msg = v.json().get("message").asText();
    assertTrue(msg.startsWith("cannot use state directory " + file.resolve("state")), msg);
    assertFalse(msg.contains("java.") || msg.contains("Exception"), msg);
    assertTrue(v.err().startsWith("sumdb4j audit: cannot use state directory "), v.err());
  }

  /** --json: one document whatever happens: not a mirror (2), a locked mirror (4), differences (1), server down (4). */
  @Test
  void json_everyExitPath() throws Exception {
    String key = AuditFixtures.verifierKey();
    Run notMirror = run("audit", "verify", "--dir", tmp.resolve("none").toString(), "--gosumdb", key, "--json");
    assertDocument(notMirror, 2);
    assertTrue(notMirror.json().get("message").asText().contains("is not a mirror"), notMirror.out());

    Path m = tmp.resolve("m");
    AuditFixtures.writeMirror(m, 300);
    try (MirrorDir.Lock held = MirrorDir.at(m).lock()) {
      Run locked = run("audit", "verify", "--dir", m.toString(), "--gosumdb", key, "--json");
      assertDocument(locked, 4);
      assertTrue(locked.json().get("message").asText().startsWith("another audit run"), locked.out());
    }
    Path gosum = Files.writeString(tmp.resolve("go.sum"),
        AuditFixtures.record(300, 5).replaceFirst("h1:.", "h1:+"), StandardCharsets.UTF_8);
    Run diff = run("audit", "compare", "--dir", m.toString(), "--gosumdb", key, "--json", gosum.toString());
    assertDocument(diff, 1);
    assertEquals(1, diff.json().get("differences").size(), diff.out());
    assertEquals("FAILED: 1 differences", diff.json().get("message").asText());

    Run down = run("audit", "mirror", "--dir", tmp.resolve("m2").toString(), "--gosumdb",
        key + " http://127.0.0.1:1", "--timeout", "2", "--json");
    assertDocument(down, 4);

    Run off = run(Map.of("GOSUMDB", "off"), "audit", "verify", "--dir", m.toString(), "--json");
    assertDocument(off, 2);
  }

  /** compare's module cache option is spelled as modcache verify spells it; the old one still works. */
  @Test
  void compare_gomodcache_andDeprecatedModcache() throws Exception {
    String key = AuditFixtures.verifierKey();
    Path m = tmp.resolve("m");
    AuditFixtures.writeMirror(m, 300);
    Path cache = Files.createDirectories(tmp.resolve("modcache/cache/download")).getParent().getParent();
    Run c = run("audit", "compare", "--dir", m.toString(), "--gosumdb", key, "--gomodcache", cache.toString());
    assertEquals(0, c.code(), c.out() + c.err());
    Run old = run("audit", "compare", "--dir", m.toString(), "--gosumdb", key, "--modcache", cache.toString());
    assertEquals(0, old.code(), old.out() + old.err());
    assertTrue(old.err().contains("--modcache is deprecated"), old.err());
    Run missing = run("audit", "compare", "--dir", m.toString(), "--gosumdb", key, "--gomodcache",
        tmp.resolve("nope").toString());
    assertEquals(2, missing.code(), missing.out() + missing.err());
  }

  private static void setWritable(Path root, boolean writable) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        boolean d = Files.isDirectory(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            writable ? (d ? "rwxr-xr-x" : "rw-r--r--") : (d ? "r-xr-xr-x" : "r--r--r--")));
      }
    }
  }
}
