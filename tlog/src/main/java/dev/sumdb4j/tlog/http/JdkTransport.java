package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The transport of {@link java.net.http.HttpClient}: HTTP/2 when an https server offers it,
 * HTTP/1.1 on plain http (unless a version was chosen), redirects followed except from https to
 * http ({@link HttpClient.Redirect#NORMAL}; the client follows no other scheme), the network
 * environment's proxies, credentials and trust ({@link NetworkEnvironment#configure}).
 */
final class JdkTransport implements Transport {
  private final HttpClient client;
  private final boolean versionChosen;
  /**
   * Per https host (scheme, host, port): the first exchange, until its response headers arrive. The
   * others wait for it: requests that start together would otherwise each open a connection (and
   * pay a TLS handshake) before the first one has found that the server speaks HTTP/2, after which
   * one connection carries them all.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<Void>> first =
      new java.util.concurrent.ConcurrentHashMap<>();

  private JdkTransport(HttpClient client, boolean versionChosen) {
    this.client = client;
    this.versionChosen = versionChosen;
  }

  /**
   * A transport for requests to {@code baseUri} (its TLS context is made only when first needed if
   * that is a plain-http URL).
   *
   * @param version the preferred HTTP version, or null for the default (HTTP/2 on https, HTTP/1.1 on http)
   * @param executor the client's executor, or null for its default
   */
  static JdkTransport create(String baseUri, HttpClient.Version version, Duration connectTimeout, Executor executor,
      NetworkEnvironment network) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(version == null ? HttpClient.Version.HTTP_2 : version)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (executor != null) {
      b.executor(executor);
    }
    network.configure(b, baseUri.regionMatches(true, 0, "http:", 0, 5));
    return new JdkTransport(b.build(), version != null);
  }

  @Override
  public SSLContext sslContext() {
    return client.sslContext();
  }

  /**
   * On Java 21 and later, closes the client ({@code HttpClient.close}: waits for the exchanges in
   * flight, then closes its connections and ends its selector thread). Java 17's client cannot be
   * closed: its idle connections and its selector thread end when it is garbage collected; later
   * requests through this transport are refused by the fetcher all the same.
   */
  @Override
  public void close() {
    if (client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // HttpClient.close throws nothing checked: nothing to do
      }
    }
  }

  @Override
  public CompletableFuture<Response> get(URI uri, String userAgent, long timeoutNanos, long cap) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
        .GET()
        .header("User-Agent", userAgent)
        .timeout(Duration.ofNanos(timeoutNanos));
    boolean plain = "http".equalsIgnoreCase(uri.getScheme());
    if (!versionChosen && plain) {
      // HTTP/2 over plain http is an h2c upgrade attempt: one more round trip per connection,
      // for servers (like x/mod's and most proxies) that answer in HTTP/1.1 anyway.
      rb.version(HttpClient.Version.HTTP_1_1);
    }
    HttpRequest request = rb.build();
    String url = uri.toString();
    CompletableFuture<HttpResponse<byte[]>> response;
    if (plain || client.version() != HttpClient.Version.HTTP_2) {
      response = client.sendAsync(request, info -> subscriber(info, url, cap));
    } else {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> gate = first.putIfAbsent(HostState.key(uri), mine);
      if (gate == null) {
        response = client.sendAsync(request, info -> {
          mine.complete(null); // the headers are in: the connection is up, its protocol known
          return subscriber(info, url, cap);
        });
        response.whenComplete((r, e) -> mine.complete(null));
      } else {
        response = gate.thenCompose(v -> client.sendAsync(request, info -> subscriber(info, url, cap)));
      }
    }
    // HttpRequest.timeout covers only the wait for the headers: bound the whole exchange too.
    CompletableFuture<Response> bounded = response.thenApply(JdkTransport::response)
        .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    CompletableFuture<HttpResponse<byte[]>> exchange = response;
    bounded.whenComplete((r, failure) -> {
      if (failure != null) {
        exchange.cancel(true); // a timeout, or the caller cancelled: abandon the exchange
      }
    });
    return bounded;
  }

  private static Response response(HttpResponse<byte[]> r) {
    return new Response(r.statusCode(), r.headers()::firstValue, r.body());
  }

  private static HttpResponse.BodySubscriber<byte[]> subscriber(HttpResponse.ResponseInfo info, String url, long cap) {
    long declared = -1;
    if (info.statusCode() == 200) {
      try {
        declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      } catch (NumberFormatException e) {
        declared = -1; // the client rejects the framing itself
      }
    }
    return new Subscriber(CappedBody.forStatus(url, info.statusCode(), cap, declared));
  }

  /**
   * Feeds a {@link CappedBody}: each buffer the client hands over is copied at once and released; a
   * body past its cap cancels the download at once.
   */
  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CappedBody capped;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(CappedBody capped) {
      this.capped = capped;
      // Cancelling the stage (e.g. on a timeout) stops the download.
      body.whenComplete((v, e) -> {
        if (e != null) {
          cancel();
        }
      });
    }

    private synchronized void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (this) {
        subscription = s;
      }
      try {
        capped.check();
      } catch (IOException e) {
        s.cancel();
        body.completeExceptionally(e);
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      try {
        for (ByteBuffer b : items) {
          if (!capped.accept(b)) {
            cancel();
            body.complete(capped.finish());
            return;
          }
        }
      } catch (Throwable t) { // too large, or e.g. OutOfMemoryError: fail this body, never the client's thread
        cancel();
        capped.discard();
        body.completeExceptionally(t);
      }
    }

    @Override
    public void onError(Throwable t) {
      capped.discard();
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (!body.isDone()) {
        try {
          body.complete(capped.finish());
        } catch (Throwable t) {
          body.completeExceptionally(t);
        }
      }
    }
  }
}
