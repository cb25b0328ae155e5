import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** HttpFloor's {@code apache} mode (measurement only): Apache HttpClient 5 classic, blocking, pooled. */
final class HttpFloorApache {
  static long run(URI base, List<String> paths) throws Exception {
    var cm = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(HttpFloor.CONCURRENCY).setMaxConnPerRoute(HttpFloor.CONCURRENCY);
    if (base.getScheme().equals("https")) {
      cm.setTlsSocketStrategy(org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder.create()
          .setSslContext(HttpFloor.Trust.CONTEXT).buildClassic());
    }
    var client = (org.apache.hc.client5.http.impl.classic.CloseableHttpClient) HttpFloor.CLIENTS.computeIfAbsent("apache",
        k -> org.apache.hc.client5.http.impl.classic.HttpClients.custom()
        .setConnectionManager(cm.build()).disableAutomaticRetries().disableRedirectHandling()
        .disableAuthCaching().disableCookieManagement().disableContentCompression().build());
    {
      ExecutorService pool = HttpFloor.threads(HttpFloor.CONCURRENCY);
      List<Future<Integer>> all = new ArrayList<>();
      for (String p : paths) {
        all.add(pool.submit(() -> client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(base + p),
            r -> {
              if (r.getCode() != 200) {
                throw new IOException(p + ": " + r.getCode());
              }
              return r.getEntity().getContent().readAllBytes().length;
            })));
      }
      return HttpFloor.sum(all);
    }
  }
}
