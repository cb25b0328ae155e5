package dev.sumdb4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the command in-process (picocli execute with StringWriters) or as a separate JVM. */
final class Cli {
  /** What a run printed and returned. */
  record Result(int exit, String out, String err) {
    /** The stdout lines. */
    List<String> lines() {
      return out.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + abbreviate(out) + "\n--- stderr:\n" + abbreviate(err);
    }

    private static String abbreviate(String s) {
      return s.length() <= 4000 ? s : s.substring(0, 2000) + "\n...\n" + s.substring(s.length() - 2000);
    }
  }

  private Cli() {}

  /** A well-formed h1 hash no module has: {@code h1:} + base64(SHA-256(seed)). */
  static String fakeHash(String seed) {
    try {
      return "h1:" + java.util.Base64.getEncoder().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs {@code sumdb4j args...} in this JVM with {@code env} as its environment. */
  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLineFor(new Main(env), args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Starts {@code sumdb4j args...} as a separate JVM (this test classpath) with exactly {@code env}. */
  static Process start(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
    return start(List.of(), env, stdout, stderr, args);
  }

  /** As {@link #start(Map, Path, Path, String...)}, with {@code jvmOptions} (e.g. {@code -Xmx256m}). */
  static Process start(List<String> jvmOptions, Map<String, String> env, Path stdout, Path stderr, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Waits for a process started by {@link #start} and returns its result. */
  static Result await(Process p, Path stdout, Path stderr) throws IOException, InterruptedException {
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("sumdb4j process did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8),
        java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
