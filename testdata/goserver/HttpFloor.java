import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Measurement only (bench.sh): how much of a cold `sumdb4j verify` is the HTTP transport. Fetches
 * the given paths from the server, 64 at a time, and nothing else: {@code httpclient} through
 * java.net.http.HttpClient (HTTP/1.1, as sumdb4j uses it on http:// URLs), {@code socket} through
 * plain blocking sockets with keep-alive (a bare HTTP/1.1 exchange: no retries, limits or TLS; not a
 * client to use). Prints the time of the fetch phase; run it under /usr/bin/time for the whole JVM.
 *
 * <p>Usage: {@code java HttpFloor.java httpclient|socket BASE_URL PATHS_FILE}
 */
public final class HttpFloor {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI base = URI.create(args[1]);
    List<String> paths = Files.readAllLines(Path.of(args[2]));
    long t0 = System.nanoTime();
    long bytes = mode.equals("socket") ? sockets(base, paths) : httpClient(base, paths);
    System.out.println(mode + ": " + paths.size() + " requests, " + bytes + " bytes, "
        + (System.nanoTime() - t0) / 1_000_000 + " ms");
    System.exit(0);
  }

  private static long httpClient(URI base, List<String> paths) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (String p : paths) {
      inFlight.acquire();
      CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(
          HttpRequest.newBuilder(base.resolve(p)).build(), HttpResponse.BodyHandlers.ofByteArray());
      f.whenComplete((r, e) -> inFlight.release());
      all.add(f);
    }
    long bytes = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : all) {
      HttpResponse<byte[]> r = f.get();
      if (r.statusCode() != 200) {
        throw new IOException(r.uri() + ": " + r.statusCode());
      }
      bytes += r.body().length;
    }
    return bytes;
  }

  private static long sockets(URI base, List<String> paths) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(64);
    ThreadLocal<Socket[]> connection = ThreadLocal.withInitial(() -> new Socket[1]);
    List<Future<Integer>> all = new ArrayList<>();
    for (String p : paths) {
      all.add(pool.submit(() -> get(connection.get(), base, p).length));
    }
    long bytes = 0;
    for (Future<Integer> f : all) {
      bytes += f.get();
    }
    return bytes;
  }

  private static byte[] get(Socket[] connection, URI base, String path) throws IOException {
    if (connection[0] == null) {
      connection[0] = new Socket(base.getHost(), base.getPort());
      connection[0].setTcpNoDelay(true);
    }
    OutputStream out = connection[0].getOutputStream();
    out.write(("GET " + base.getPath() + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = connection[0].getInputStream();
    String status = line(in);
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      String l = h.toLowerCase(Locale.ROOT);
      if (l.startsWith("content-length:")) {
        length = Long.parseLong(l.substring("content-length:".length()).trim());
      } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(n));
        line(in);
      }
      line(in);
    } else {
      body.write(in.readNBytes((int) length));
    }
    if (!status.contains(" 200 ")) {
      throw new IOException(path + ": " + status);
    }
    return body.toByteArray();
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private HttpFloor() {}
}
