import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build check of the runnable jar (cli/pom.xml, verify phase): the jar is minimized (only classes reachable
 * from ours ship), and the tests run the classes, not the jar, so this runs the jar as a user does. It
 * prints every command's and subcommand's {@code --help} (found by walking the help's Commands lists) and
 * makes one real invocation of each kind of work: hashing, key generation, signing and verifying a note,
 * and offline verification, lookup and latest on a real go-command cache (from {@code REALDATA/gocache},
 * skipped when absent unless {@code CI=true}). Each check names the command and what it got.
 *
 * <p>Usage: {@code java SmokeJar.java JAR REPO_ROOT REALDATA WORKDIR}; exits non-zero on any failure.
 */
public final class SmokeJar {
  private static final Pattern COMMAND_LINE = Pattern.compile("^  ([a-z][a-z0-9-]*)(?:\\s{2,}.*)?$");

  private final Path jar;
  private final Path work;
  private int runs;

  private SmokeJar(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: SmokeJar JAR REPO_ROOT REALDATA WORKDIR");
    }
    Path work = Path.of(args[3]).toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);
    SmokeJar smoke = new SmokeJar(Path.of(args[0]).toAbsolutePath(), work);
    int commands = smoke.helpTree(List.of());
    smoke.realInvocations(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath());
    smoke.training();
    System.out.println("smoke: the runnable jar ran --help of " + commands + " commands; " + smoke.runs + " runs in all");
  }

  /** Runs {@code path --help}, then recurses into each listed subcommand; returns the commands seen. */
  private int helpTree(List<String> path) throws Exception {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    Result r = run(args, Map.of());
    r.expect(0);
    String usage = path.isEmpty() ? "Usage: sumdb4j " : "Usage: sumdb4j " + String.join(" ", path) + " ";
    // picocli's own help command puts its description before the usage line.
    if (!(r.out.startsWith(usage) || path.equals(List.of("help")) && r.out.contains("\n" + usage))) {
      throw new AssertionError(r.describe() + ": help does not start with \"" + usage + "\"");
    }
    int seen = 1;
    boolean inCommands = false;
    for (String line : r.out.split("\n", -1)) {
      if (line.equals("Commands:")) {
        inCommands = true;
        continue;
      }
      if (inCommands) {
        if (line.isBlank() || !line.startsWith(" ")) {
          break;
        }
        Matcher m = COMMAND_LINE.matcher(line);
        if (m.matches()) {
          List<String> sub = new ArrayList<>(path);
          sub.add(m.group(1));
          seen += helpTree(sub);
        }
      }
    }
    return seen;
  }

  private void realInvocations(Path root, Path realdata) throws Exception {
    // hash: a go.mod and a module zip, checked against the cross-implementation vectors
    Path gomod = work.resolve("go.mod");
    Files.writeString(gomod, "module example.com/m\n");
    run(List.of("hash", "gomod", gomod.toString()), Map.of())
        .expect(0).expectOut("h1:flS2VctbRrTv+sBE+VKgxx6hlkMGPVz9MGOmzMYFg3k=\n");
    Path zip = root.resolve("testdata/src/main/resources/vectors/dirhash/simple.zip");
    run(List.of("hash", "zip", zip.toString()), Map.of()).expect(0).expectOutMatches("h1:[A-Za-z0-9+/]{43}=\n");

    // key generate, note sign, note verify (and a tampered note fails as a security error)
    for (boolean cosignature : List.of(false, true)) {
      List<String> gen = new ArrayList<>(List.of("key", "generate", "example.com/smoke"));
      if (cosignature) {
        gen.add("--cosignature");
      }
      Result keys = run(gen, Map.of()).expect(0).expectOutMatches("PRIVATE\\+KEY\\+example\\.com/smoke\\+\\S+\nexample\\.com/smoke\\+\\S+\n");
      String[] lines = keys.out.split("\n");
      String tag = cosignature ? "cosigned" : "signed";
      Path skey = work.resolve(tag + ".skey");
      Files.writeString(skey, lines[0] + "\n");
      Path text = work.resolve(tag + ".txt");
      Files.writeString(text, "example.com/smoke\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
      Path note = work.resolve(tag + ".note");
      run(List.of("note", "sign", "--key=@" + skey, "-o", note.toString(), text.toString()), Map.of()).expect(0);
      run(List.of("note", "verify", "--key=" + lines[1], note.toString()), Map.of()).expect(0);
      Path tampered = work.resolve(tag + "-tampered.note");
      Files.writeString(tampered, Files.readString(note).replace("\n1\n", "\n2\n"));
      run(List.of("note", "verify", "--key=" + lines[1], tampered.toString()), Map.of()).expect(3);
    }
    run(List.of("note", "verify", "--json", "--key=" + "example.com/smoke+00000000+AQ", work.resolve("signed.note").toString()), Map.of())
        .expect(2);

    // verify with nothing cached offline: unavailable
    Path empty = work.resolve("empty-gopath");
    Files.createDirectories(empty);
    Path goSum = work.resolve("go.sum");
    Files.writeString(goSum, "example.com/m v1.0.0/go.mod h1:flS2VctbRrTv+sBE+VKgxx6hlkMGPVz9MGOmzMYFg3k=\n");
    run(List.of("verify", "--offline", goSum.toString()), env(empty)).expect(4);

    // verify, lookup and latest offline on a real go-command cache
    Path set = realdata.resolve("gocache/0xZero1-17337445");
    if (!Files.isDirectory(set)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("real data missing under CI: " + set);
      }
      System.out.println("smoke: skipping the offline checks on real data (no " + set + ")");
      return;
    }
    Path gopath = work.resolve("gopath");
    Path latest = gopath.resolve("pkg/sumdb/sum.golang.org/latest");
    Files.createDirectories(latest.getParent());
    Files.copy(set.resolve("latest"), latest);
    Path cache = gopath.resolve("pkg/mod/cache/download/sumdb/sum.golang.org");
    List<String> sumLines = new ArrayList<>();
    List<String> modules = new ArrayList<>();
    for (String sub : List.of("lookup", "tile")) {
      Path from = set.resolve(sub);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          Path to = cache.resolve(sub).resolve(from.relativize(f).toString());
          Files.createDirectories(to.getParent());
          Files.copy(f, to);
          if (sub.equals("lookup")) {
            String[] record = Files.readString(f).split("\n");
            sumLines.add(record[1]);
            sumLines.add(record[2]);
            String[] fields = record[1].split(" ");
            modules.add(fields[0] + "@" + fields[1]);
          }
        }
      }
    }
    Path realSum = work.resolve("real-go.sum");
    Files.writeString(realSum, String.join("\n", sumLines) + "\n");
    run(List.of("verify", "--offline", realSum.toString()), env(gopath)).expect(0).expectOutMatches("(?s).*: ok .*");
    run(List.of("verify", "--offline", "--json", realSum.toString()), env(gopath)).expect(0);
    List<String> lookup = new ArrayList<>(List.of("lookup", "--offline"));
    lookup.addAll(modules);
    run(lookup, env(gopath)).expect(0);
    run(List.of("latest", "--offline"), env(gopath)).expect(0);
    Path badSum = work.resolve("bad-go.sum");
    Files.writeString(badSum, sumLines.get(0).replaceFirst("h1:.", "h1:" + (sumLines.get(0).contains("h1:A") ? "B" : "A")) + "\n");
    run(List.of("verify", "--offline", badSum.toString()), env(gopath)).expect(1);
  }

  private Map<String, String> env(Path gopath) {
    Map<String, String> env = new TreeMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("HOME", work.resolve("home").toString());
    env.put("GOENV", work.resolve("no-goenv").toString());
    return env;
  }

  private Result run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    // as the launcher script runs it (cli/sumdb4j); the first run also verifies every class it loads
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    if (runs == 0) {
      command.add("-Xverify:all");
    }
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return exec(command, args, env);
  }

  /**
   * The launcher's training run for its class-data archive (dev.sumdb4j.cli.Training: verify, lookup
   * and latest against a database it serves itself over HTTPS on 127.0.0.1) works from the minimized
   * jar, exits 0 and prints nothing.
   */
  private void training() throws IOException, InterruptedException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", jar.toString(), "dev.sumdb4j.cli.Training");
    exec(command, List.of("(training)"), Map.of()).expect(0).expectOut("");
  }

  private Result exec(List<String> command, List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    runs++;
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    for (String name : List.of("GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOPROXY", "GOFLAGS", "GOMODCACHE", "GOENV", "GOPATH")) {
      pb.environment().remove(name);
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sumdb4j " + String.join(" ", args) + ": did not finish in 120 s");
    }
    return new Result(args, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private record Result(List<String> args, int code, String out, String err) {
    String describe() {
      return "sumdb4j " + String.join(" ", args) + " (exit " + code + ")\nstdout:\n" + out + "stderr:\n" + err;
    }

    Result expect(int want) {
      if (code != want) {
        throw new AssertionError(describe() + "\ngot exit code " + code + ", want " + want);
      }
      if (err.contains("Exception") || err.contains("\tat ")) {
        throw new AssertionError(describe() + "\na stack trace on stderr");
      }
      // the jar's SLF4J binding (slf4j-nop, kept whole by the shade filter) is found: no "no providers" warning
      if (err.contains("SLF4J")) {
        throw new AssertionError(describe() + "\nSLF4J wrote to stderr");
      }
      return this;
    }

    Result expectOut(String want) {
      if (!out.equals(want)) {
        throw new AssertionError(describe() + "\ngot stdout " + out + ", want " + want);
      }
      return this;
    }

    Result expectOutMatches(String regex) {
      if (!out.matches(regex)) {
        throw new AssertionError(describe() + "\nstdout does not match " + regex);
      }
      return this;
    }
  }
}
