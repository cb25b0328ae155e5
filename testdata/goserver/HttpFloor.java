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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Measurement only (bench.sh, issue 11 "Transport"): how much of a cold `sumdb4j verify` is the HTTP
 * transport. Fetches the given paths from the server, {@code -Dconcurrency} (default 64) at a time,
 * and nothing else, through one of:
 *
 * <ul>
 *   <li>{@code httpclient}: java.net.http.HttpClient, 4 executor threads (HTTP/1.1 on http://, HTTP/2
 *       offered on https://, as sumdb4j uses it);
 *   <li>{@code apache}: Apache HttpClient 5 classic (blocking), a pool of {@code concurrency}
 *       connections, one thread per request in flight (HTTP/1.1);
 *   <li>{@code okhttp}: OkHttp (blocking calls, one thread per request in flight; HTTP/2 by ALPN on
 *       https://, one connection);
 *   <li>{@code socket}: plain blocking sockets (SSLSocket on https://) with keep-alive, a bare HTTP/1.1
 *       exchange: no retries, limits or checks; the floor, not a client to use.
 * </ul>
 *
 * With {@code -Dwarm=true} the first path is fetched alone, then the others (as sumdb4j reads
 * {@code /latest} before its lookups): an HTTP/2 client then multiplexes them on its one connection
 * instead of opening one per request that starts before the first connection is up.
 *
 * <p>Every TLS client trusts the JDK's CAs plus the PEM certificates of {@code SSL_CERT_FILE}, as sumdb4j
 * does. Prints the time of the fetch phase and the connections opened (TLS handshakes, on https://);
 * run it under /usr/bin/time for the whole JVM. The library modes are in HttpFloorApache.java
 * (httpclient5, httpcore5, httpcore5-h2, slf4j-api, slf4j-nop on the class path) and
 * HttpFloorOkHttp.java (okhttp-jvm, okio-jvm, kotlin-stdlib); HttpFloor.java alone compiles with the
 * JDK only.
 *
 * <p>Usage: {@code javac -cp JARS -d DIR HttpFloor*.java; java -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC -cp DIR:JARS HttpFloor httpclient|apache|okhttp|socket BASE_URL PATHS_FILE}
 */
public final class HttpFloor {
  static final int CONCURRENCY = Integer.getInteger("concurrency", 64);
  /** Whether the first path is fetched alone before the others (an HTTP/2 client then has its connection). */
  static final boolean WARM = Boolean.getBoolean("warm");
  static final java.util.concurrent.atomic.AtomicInteger HANDSHAKES = new java.util.concurrent.atomic.AtomicInteger();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI base = URI.create(args[1]);
    List<String> all = Files.readAllLines(Path.of(args[2]));
    long t0 = System.nanoTime();
    long bytes = 0;
    List<List<String>> phases = WARM ? List.of(all.subList(0, 1), all.subList(1, all.size())) : List.of(all);
    for (List<String> paths : phases) {
      bytes += fetch(mode, base, paths);
    }
    System.out.println(mode + ": " + all.size() + " requests, " + bytes + " bytes, "
        + (System.nanoTime() - t0) / 1_000_000 + " ms, " + HANDSHAKES.get() + " TLS handshakes");
    System.exit(0);
  }

  static final java.util.Map<String, Object> CLIENTS = new java.util.HashMap<>();

  private static long fetch(String mode, URI base, List<String> paths) throws Exception {
    return switch (mode) {
      case "socket" -> sockets(base, paths);
      case "httpclient" -> httpClient(base, paths);
      // In files of their own, compiled only with the libraries on the class path (see usage).
      case "apache" -> library("HttpFloorApache", base, paths);
      case "okhttp" -> library("HttpFloorOkHttp", base, paths);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    };
  }

  /** The JDK's trust store plus SSL_CERT_FILE's certificates; counts handshakes. */
  static final class Trust {
    static final X509TrustManager MANAGER;
    static final SSLContext CONTEXT;

    static {
      try {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security",
            "cacerts"))) {
          ks.load(in, null);
        }
        String file = System.getenv().getOrDefault("SSL_CERT_FILE", "");
        if (!file.isEmpty()) {
          int i = 0;
          try (InputStream in = Files.newInputStream(Path.of(file))) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
              ks.setCertificateEntry("extra-" + i++, (X509Certificate) c);
            }
          }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        X509TrustManager jdk = (X509TrustManager) f.getTrustManagers()[0];
        MANAGER = new javax.net.ssl.X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] c, String a) throws java.security.cert.CertificateException {
            jdk.checkClientTrusted(c, a);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] c, String a) throws java.security.cert.CertificateException {
            HANDSHAKES.incrementAndGet();
            jdk.checkServerTrusted(c, a);
          }

          @Override
          public void checkClientTrusted(X509Certificate[] c, String a, Socket s)
              throws java.security.cert.CertificateException {
            ((javax.net.ssl.X509ExtendedTrustManager) jdk).checkClientTrusted(c, a, s);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] c, String a, Socket s)
              throws java.security.cert.CertificateException {
            HANDSHAKES.incrementAndGet();
            ((javax.net.ssl.X509ExtendedTrustManager) jdk).checkServerTrusted(c, a, s);
          }

          @Override
          public void checkClientTrusted(X509Certificate[] c, String a, javax.net.ssl.SSLEngine e)
              throws java.security.cert.CertificateException {
            ((javax.net.ssl.X509ExtendedTrustManager) jdk).checkClientTrusted(c, a, e);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] c, String a, javax.net.ssl.SSLEngine e)
              throws java.security.cert.CertificateException {
            HANDSHAKES.incrementAndGet();
            ((javax.net.ssl.X509ExtendedTrustManager) jdk).checkServerTrusted(c, a, e);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
          }
        };
        CONTEXT = SSLContext.getInstance("TLS");
        CONTEXT.init(null, new javax.net.ssl.TrustManager[] {MANAGER}, null);
      } catch (Exception e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private static long library(String className, URI base, List<String> paths) throws Exception {
    try {
      return (Long) Class.forName(className).getDeclaredMethod("run", URI.class, List.class).invoke(null, base, paths);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  static ExecutorService threads(int n) {
    return Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
  }

  static long sum(List<Future<Integer>> all) throws Exception {
    long bytes = 0;
    for (Future<Integer> f : all) {
      bytes += f.get();
    }
    return bytes;
  }

  private static long httpClient(URI base, List<String> paths) throws Exception {
    ExecutorService pool = threads(4);
    HttpClient.Builder b = HttpClient.newBuilder().executor(pool);
    if (base.getScheme().equals("https")) {
      b.sslContext(Trust.CONTEXT);
    } else {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    HttpClient client = (HttpClient) CLIENTS.computeIfAbsent("jdk", k -> b.build());
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (String p : paths) {
      inFlight.acquire();
      CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(
          HttpRequest.newBuilder(URI.create(base + p)).build(), HttpResponse.BodyHandlers.ofByteArray());
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
    ExecutorService pool = threads(CONCURRENCY);
    ThreadLocal<Socket[]> connection = ThreadLocal.withInitial(() -> new Socket[1]);
    List<Future<Integer>> all = new ArrayList<>();
    for (String p : paths) {
      all.add(pool.submit(() -> get(connection.get(), base, p).length));
    }
    return sum(all);
  }

  private static byte[] get(Socket[] connection, URI base, String path) throws IOException {
    if (connection[0] == null) {
      if (base.getScheme().equals("https")) {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) Trust.CONTEXT.getSocketFactory()
            .createSocket(base.getHost(), base.getPort());
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        connection[0] = s;
      } else {
        connection[0] = new Socket(base.getHost(), base.getPort());
      }
      connection[0].setTcpNoDelay(true);
    }
    OutputStream out = connection[0].getOutputStream();
    out.write(("GET " + base.getPath() + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new java.io.BufferedInputStream(connection[0].getInputStream());
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
