package dev.sumdb4j.cli;

import dev.sumdb4j.testdata.GoProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running Go reference checksum-database server ({@code testdata/goserver}, x/mod 0.7.0's
 * {@code sumdb.NewServer}) on 127.0.0.1. The Go programs are built once per JVM into
 * {@code cli/target/go/} when {@code go} is installed; without it the test is skipped, except
 * under {@code CI=true}, where it fails.
 */
final class GoServer implements AutoCloseable {

  private final Process process;
  private final String url;
  private final String verifierKey;
  private final HttpClient http = HttpClient.newHttpClient();

  private GoServer(Process process, String url, String verifierKey) {
    this.process = process;
    this.url = url;
    this.verifierKey = verifierKey;
  }

  /**
   * Starts the server with the given flags (see testdata/goserver/main.go: -n, -seed, -skey,
   * -key-seed, -fork-at, -grow, -gosum, -gosum-step, -latency ...) and waits for its URL and key.
   */
  static GoServer start(String... flags) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary("testdata/goserver").toString());
    cmd.addAll(List.of(flags));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String url = out.readLine();
    String key = out.readLine();
    if (url == null || key == null || !(url.startsWith("http://127.0.0.1:") || url.startsWith("https://127.0.0.1:"))) {
      p.destroyForcibly();
      throw new IOException("goserver did not start (flags " + List.of(flags) + "): got " + url + " / " + key);
    }
    return new GoServer(p, url, key);
  }

  /** The Go reference client program (testdata/goserver/client), built on first use. */
  static Path clientBinary() throws IOException {
    return binary("testdata/goserver/client");
  }

  /** The base URL, e.g. {@code http://127.0.0.1:34567} (no trailing slash). */
  String url() {
    return url;
  }

  /** The verifier key text the server signs with. */
  String verifierKey() {
    return verifierKey;
  }

  /** The GOSUMDB value that points a client at this server: {@code <key> <url>}. */
  String gosumdb() {
    return verifierKey + " " + url;
  }

  /** The database name (the key name). */
  String name() {
    return verifierKey.substring(0, verifierKey.indexOf('+'));
  }

  /** Appends the configured -grow records; returns the new tree size. */
  long grow() throws IOException {
    return Long.parseLong(get("/admin/grow").trim());
  }

  /** The server's request counters as JSON text; {@code reset} zeroes them after reading. */
  String stats(boolean reset) throws IOException {
    return get("/admin/stats" + (reset ? "?reset=1" : ""));
  }

  /** GETs a path from the server, failing on a non-200 answer. */
  String get(String path) throws IOException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** GETs a path from the server: the body of a 200 answer, or null for any other status. */
  byte[] getBytes(String path) throws IOException {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the server exits when stdin closes
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Path binary(String sourceDir) throws IOException {
    return GoProgram.build(sourceDir);
  }

}
