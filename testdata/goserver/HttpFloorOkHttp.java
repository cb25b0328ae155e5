import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** HttpFloor's {@code okhttp} mode (measurement only): OkHttp, blocking calls. */
final class HttpFloorOkHttp {
  static long run(URI base, List<String> paths) throws Exception {
    var d = new okhttp3.Dispatcher();
    d.setMaxRequests(HttpFloor.CONCURRENCY);
    d.setMaxRequestsPerHost(HttpFloor.CONCURRENCY);
    var b = new okhttp3.OkHttpClient.Builder().dispatcher(d).followRedirects(false).retryOnConnectionFailure(false)
        .connectionPool(new okhttp3.ConnectionPool(HttpFloor.CONCURRENCY, 5, TimeUnit.MINUTES));
    if (base.getScheme().equals("https")) {
      b.sslSocketFactory(HttpFloor.Trust.CONTEXT.getSocketFactory(), HttpFloor.Trust.MANAGER);
    }
    var client = (okhttp3.OkHttpClient) HttpFloor.CLIENTS.computeIfAbsent("okhttp", k -> b.build());
    ExecutorService pool = HttpFloor.threads(HttpFloor.CONCURRENCY);
    List<Future<Integer>> all = new ArrayList<>();
    for (String p : paths) {
      all.add(pool.submit(() -> {
        try (var r = client.newCall(new okhttp3.Request.Builder().url(base + p).build()).execute()) {
          if (r.code() != 200) {
            throw new IOException(p + ": " + r.code());
          }
          return r.body().bytes().length;
        }
      }));
    }
    return HttpFloor.sum(all);
  }
}
