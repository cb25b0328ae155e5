package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} with a cache directory the user cannot write (a GOPATH owned by someone else, as a
 * CI job running as a build user over a root-owned image): the lines say why they were not
 * verified, in words ({@code cannot write the cache: permission denied: PATH}), and the exit code
 * is 4 (#12). Run as users run it: a separate JVM, as an unprivileged user. As root (root may
 * write anywhere) the JVM runs as uid/gid 65534 through {@code setpriv}, else {@code runuser};
 * without either the test is skipped, except under {@code CI=true}, where it fails.
 */
@org.junit.jupiter.api.Tag("slow")
class CacheNotWritableTest {
  private static final int LINES = 6;

  private final TestLog log = TestLog.create("cache.test", 8);
  private Path base;
  private HttpServer server;

  @BeforeEach
  void setUp() throws IOException {
    // A directory every user can read (JUnit's @TempDir is private to its owner).
    base = Files.createTempDirectory("sumdb4j-unwritable-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder goSum = new StringBuilder();
    for (int i = 0; i < LINES / 2; i++) {
      String m = "example.com/m" + i;
      log.addModule(m, "v1.0.0", Cli.fakeHash(m), Cli.fakeHash(m + "/go.mod"));
      goSum.append(m).append(" v1.0.0 ").append(Cli.fakeHash(m)).append('\n');
      goSum.append(m).append(" v1.0.0/go.mod ").append(Cli.fakeHash(m + "/go.mod")).append('\n');
    }
    Files.writeString(base.resolve("go.sum"), goSum);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        byte[] body;
        try {
          body = log.get(ex.getRequestURI().getRawPath());
        } catch (NotFoundException e) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    server.stop(0);
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void verify_gopathNotWritable_linesSayPermissionDeniedWithThePath_exit4() throws Exception {
    List<String> asUser = unprivileged();
    Path gopath = base.resolve("gopath");
    Files.createDirectories(gopath.resolve("pkg"));
    if (asUser.isEmpty()) { // not root: the owner cannot write a read-only directory either
      Files.setPosixFilePermissions(gopath.resolve("pkg"), PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    Path classpath = readableClasspath();

    Run text = run(asUser, classpath, "verify", base.resolve("go.sum").toString());
    assertEquals(4, text.exit, text.toString());
    List<String> lines = text.out.lines().toList();
    assertEquals(LINES, lines.size(), text.toString());
    String why = "not verified: cannot write the cache: permission denied: " + gopath.resolve("pkg");
    for (String l : lines) {
      assertTrue(l.contains(": error example.com/m") && l.contains(why), l + "\n" + text);
    }
    assertTrue(text.err.startsWith("sumdb4j: cannot write the cache: permission denied: " + gopath.resolve("pkg")),
        text.toString());

    Run json = run(asUser, classpath, "verify", "--json", base.resolve("go.sum").toString());
    assertEquals(4, json.exit, json.toString());
    JsonNode doc = new ObjectMapper().readTree(json.out);
    assertEquals(4, doc.get("exitCode").asInt(), json.toString());
    for (JsonNode r : doc.get("results")) {
      assertEquals("error", r.get("verdict").asText());
      assertTrue(r.get("message").asText().contains(why), r.toString());
    }
    try (Stream<Path> s = Files.walk(gopath)) {
      assertEquals(List.of(gopath, gopath.resolve("pkg")), s.toList(), "nothing written");
    }
  }

  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  private Run run(List<String> asUser, Path classpath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    try (Stream<Path> entries = Files.list(classpath)) {
      cmd.add(entries.sorted().map(Path::toString).collect(java.util.stream.Collectors.joining(File.pathSeparator)));
    }
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(base.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
    pb.environment().put("HOME", base.resolve("home").toString());
    pb.environment().put("GOPATH", base.resolve("gopath").toString());
    pb.environment().put("GOENV", "off");
    pb.environment().put("GOPROXY", "off");
    pb.environment().put("GOSUMDB", log.verifierKey() + " http://127.0.0.1:" + server.getAddress().getPort());
    Path out = Files.createTempFile("sumdb4j-out", ".txt");
    Path err = Files.createTempFile("sumdb4j-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("sumdb4j did not finish");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  /**
   * The command prefix that runs a program as an unprivileged user (uid/gid 65534) when this JVM
   * is root; empty when it is not root.
   */
  private static List<String> unprivileged() throws Exception {
    if (!"0".equals(exec(List.of("id", "-u")).trim())) {
      return List.of();
    }
    List<List<String>> candidates = List.of(
        List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
        List.of("runuser", "-u", "nobody", "--"));
    for (List<String> c : candidates) {
      List<String> probe = new ArrayList<>(c);
      probe.addAll(List.of("id", "-u"));
      try {
        if ("65534".equals(exec(probe).trim())) {
          return c;
        }
      } catch (IOException e) {
        // not installed: try the next
      }
    }
    String why = "running as root, and neither setpriv nor runuser can run a program as uid 65534";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
    return List.of();
  }

  private static String exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() == 0 ? out : "";
  }

  /**
   * The command's classpath copied where every user can read it: the main classes of core, tlog
   * and cli, and the dependency jars (the test JVM's may sit in a private home directory). Each
   * entry of the returned directory is one classpath entry.
   */
  private Path readableClasspath() throws IOException {
    Path cp = base.resolve("cp");
    Files.createDirectories(cp);
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
        Files.copy(p, cp.resolve((n++) + "-" + p.getFileName()));
      } else if (Files.isDirectory(p) && p.getFileName().toString().equals("classes")) {
        Path classes = cp.resolve((n++) + "-classes");
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : s.toList()) {
            Path to = classes.resolve(p.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(to);
            } else {
              Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
      }
    }
    try (Stream<Path> s = Files.walk(cp)) {
      for (Path f : s.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return cp;
  }
}
