package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The transport of Apache HttpClient 5 classic (blocking, pooled; HTTP/1.1), chosen by measurement
 * (issue 11: less CPU than {@link java.net.http.HttpClient} in a short-lived JVM, over HTTP and
 * HTTPS). Configured to do only what {@link Transport} says: no automatic retries, redirects,
 * cookies, compression or cached authentication; the go command's proxies (a route planner over
 * {@link ProxyConfig}; https through a {@code CONNECT} tunnel; an {@code https://} proxy reached over
 * TLS; a {@code socks5://} proxy by the sockets, {@link Socks5}), Basic credentials only (a proxy's
 * from its URL, answering its 407, CONNECT included; a server's from {@code .netrc}, answering a 401
 * from exactly its host); the TLS context of {@link Tls} (host names checked by the JDK); our caps on
 * the body stream ({@link CappedBody}); a pool of {@code maxConnections} connections per host.
 *
 * <p>Redirects are followed here, at most {@value #MAX_REDIRECTS} of them, only to http and https and
 * never from https to http: otherwise the 3xx response is handed back as it is.
 *
 * <p>{@link #get} blocks the calling thread for the exchange: every exchange is bounded by its
 * timeout (a watchdog aborts it; the connection is then closed).
 */
final class ApacheTransport implements Transport {
  /** As {@link java.net.http.HttpClient}'s default ({@code jdk.httpclient.redirects.retrylimit}). */
  static final int MAX_REDIRECTS = 5;
  /**
   * A pooled connection idle for longer than this is checked before it is reused. Servers close idle
   * keep-alive connections without telling the client; unlike java.net.http (and Go), the blocking
   * client does not notice, and a request sent on such a connection fails ("the target server failed
   * to respond") and costs a retry, or all of its attempts when every pooled connection is dead (a
   * long-lived client after a pause). The check (a read with a 1 ms timeout) is made only after a
   * pause, never between the back-to-back requests of a run.
   */
  static final Duration VALIDATE_AFTER_INACTIVITY = Duration.ofSeconds(1);

  private static final Pattern STATUS = Pattern.compile("\\b([1-5][0-9][0-9])\\b");
  /**
   * Each thread's buffer for streamed bodies (the receiver does not keep it): a new 64 KiB array
   * per request was a large share of an audit's allocation (two streamed requests per version).
   */
  private static final ThreadLocal<byte[]> CHUNKS = ThreadLocal.withInitial(() -> new byte[64 << 10]);

  private final CloseableHttpClient client;
  private final org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager connections;
  private final SSLContext ssl;
  private final Duration connectTimeout;

  private ApacheTransport(CloseableHttpClient client,
      org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager connections, SSLContext ssl,
      Duration connectTimeout) {
    this.client = client;
    this.connections = connections;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
  }

  /**
   * A transport for requests to {@code baseUri} (its TLS context is made only when first needed if
   * that is a plain-http URL), with at most {@code maxConnections} connections to one host.
   */
  static ApacheTransport create(String baseUri, Duration connectTimeout, int maxConnections,
      NetworkEnvironment network) {
    List<java.security.cert.X509Certificate> cas = network.extraCas();
    SSLContext ssl = baseUri.regionMatches(true, 0, "http:", 0, 5)
        ? LazyTls.context(() -> Tls.context(cas)) : Tls.context(cas);
    Timeout connect = Timeout.ofMilliseconds(Math.max(1, connectTimeout.toMillis()));
    ProxyConfig proxies = network.proxies();
    var connections = new Connections(proxies)
        .setMaxConnTotal(Math.max(maxConnections, 2 * maxConnections)) // room for a proxy's and a redirect's host
        .setMaxConnPerRoute(maxConnections)
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
            .setValidateAfterInactivity(TimeValue.ofMilliseconds(VALIDATE_AFTER_INACTIVITY.toMillis())).build())
        // The JDK checks the host name (endpoint identification), as java.net.http does: its messages
        // are the ones Tls puts in words.
        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(ssl)
            .setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN).buildClassic())
        .setDnsResolver(new SocksAwareDns(proxies))
        .build();
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(connections)
        .setRoutePlanner(new GoProxies(proxies))
        .setDefaultCredentialsProvider(new Credentialed(proxies, network.netrc()))
        .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create()
            .register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE).build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.BASIC))
            .setProxyPreferredAuthSchemes(List.of(StandardAuthScheme.BASIC))
            .build())
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableAuthCaching()
        .disableCookieManagement()
        .disableContentCompression()
        .disableConnectionState()
        .disableDefaultUserAgent()
        .build();
    return new ApacheTransport(client, connections, ssl, connectTimeout);
  }

  @Override
  public SSLContext sslContext() {
    return ssl;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  /**
   * Closes the client and its pool: idle connections at once, a connection in use when its exchange
   * ends (an exchange started afterwards fails: the pool is shut down). The client starts no thread
   * of its own; the watchdog's one daemon thread is shared by every transport of the JVM.
   */
  @Override
  public void close() {
    client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
  }

  /** The connection pool's totals (tests): leased, available (idle) and pending. */
  org.apache.hc.core5.pool.PoolStats poolStats() {
    return connections.getTotalStats();
  }

  @Override
  public CompletableFuture<Response> get(URI uri, String userAgent, long timeoutNanos, long cap) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    long end = System.nanoTime() + timeoutNanos;
    try {
      URI at = uri;
      for (int hop = 0; ; hop++) {
        Exchange x;
        try {
          x = exchange(at, userAgent, end - System.nanoTime(), cap);
        } catch (ProxyAuthenticationRequired e) {
          // The proxy's 407 to CONNECT, as java.net.http hands it back: a 407 response.
          result.complete(new Response(407, name -> Optional.empty(), new byte[0]));
          return result;
        }
        URI next = hop < MAX_REDIRECTS ? redirect(at, x) : null;
        if (next == null) {
          result.complete(x.response());
          return result;
        }
        at = next;
      }
    } catch (Throwable t) { // an I/O failure, a timeout, or an Error: the caller decides
      result.completeExceptionally(t);
    }
    return result;
  }

  @Override
  public Streamed stream(URI uri, String userAgent, long stallNanos, long deadlineNanos,
      HttpFetcher.BodyReceiver receiver) throws Exception {
    long end = System.nanoTime() + deadlineNanos;
    URI at = uri;
    for (int hop = 0; ; hop++) {
      StreamExchange x;
      try {
        x = streamOnce(at, userAgent, stallNanos, end, receiver);
      } catch (ProxyAuthenticationRequired e) {
        return new Streamed(new Response(407, name -> Optional.empty(), new byte[0]), Map.of(), 0);
      }
      URI next = hop < MAX_REDIRECTS ? redirect(at, new Exchange(x.streamed().response(), x.location())) : null;
      if (next == null) {
        return x.streamed();
      }
      at = next;
    }
  }

  /**
   * A GET of {@code uri}: no redirects, upgrades or schemes but Basic followed by the client itself,
   * {@code timeout} to get a pooled connection and for the response.
   */
  private static HttpGet get(URI uri, String userAgent, Timeout timeout) {
    HttpGet get = new HttpGet(uri);
    get.setHeader("User-Agent", userAgent);
    get.setConfig(RequestConfig.custom()
        .setRedirectsEnabled(false)
        .setProtocolUpgradeEnabled(false)
        .setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.BASIC))
        .setProxyPreferredAuthSchemes(List.of(StandardAuthScheme.BASIC))
        .setConnectionRequestTimeout(timeout)
        .setResponseTimeout(timeout)
        .build());
    return get;
  }

  /** A streamed response and its {@code Location} header. */
  private record StreamExchange(Streamed streamed, Header location) {}

  private StreamExchange streamOnce(URI uri, String userAgent, long stallNanos, long end,
      HttpFetcher.BodyReceiver receiver) throws Exception {
    if (end - System.nanoTime() <= 0) {
      throw new TimeoutException("the deadline passed");
    }
    Timeout stall = Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(stallNanos)));
    HttpGet get = get(uri, userAgent, stall); // the timeout bounds each read of the socket
    Stall watch = new Stall(get, stallNanos, end).start();
    try {
      return streamSend(get, uri, receiver, watch);
    } catch (ReceiverFailed e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (watch.expired || e instanceof java.net.SocketTimeoutException) {
        TimeoutException t = new TimeoutException(watch.overdue && !(e instanceof java.net.SocketTimeoutException)
            ? "the deadline passed" : "no data within the stall timeout");
        t.initCause(e);
        throw t;
      }
      throw translate(e);
    } finally {
      watch.stop();
    }
  }

  @SuppressWarnings("deprecation") // execute(request, context): the response stays open for our own read
  private StreamExchange streamSend(HttpGet get, URI uri, HttpFetcher.BodyReceiver receiver, Stall watch)
      throws IOException {
    CloseableHttpResponse r = client.execute(get, HttpClientContext.create());
    watch.touch();
    boolean done = false;
    try {
      int status = r.getCode();
      Map<String, List<String>> all = new java.util.TreeMap<>();
      for (Header h : r.getHeaders()) {
        all.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(h.getValue());
      }
      HttpEntity entity = r.getEntity();
      byte[] body = new byte[0];
      long size = 0;
      if (status == 200) {
        try {
          receiver.start(entity == null ? 0 : entity.getContentLength());
        } catch (IOException e) {
          throw new ReceiverFailed(e);
        }
        if (entity != null) {
          InputStream in = entity.getContent();
          byte[] chunk = CHUNKS.get();
          for (int n; (n = in.read(chunk)) >= 0; ) {
            watch.touch();
            size += n;
            try {
              receiver.write(chunk, 0, n);
            } catch (IOException e) {
              throw new ReceiverFailed(e);
            }
          }
          in.close(); // read to its end: the connection goes back to the pool
        }
      } else if (entity != null) {
        CappedBody capped = CappedBody.forStatus(uri.toString(), status, 0, -1);
        InputStream in = entity.getContent();
        body = capped.readFrom(in);
        if (capped.cut()) {
          return new StreamExchange(new Streamed(new Response(status, headers(r), body), all, 0),
              r.getFirstHeader("Location"));
        }
        in.close();
      }
      done = true;
      return new StreamExchange(new Streamed(new Response(status, headers(r), body), all, size),
          r.getFirstHeader("Location"));
    } finally {
      if (!done) {
        get.cancel(); // the connection is closed, never reused with a body half read
        try {
          r.close();
        } catch (IOException | RuntimeException e) {
          // the failure that matters is the one under way
        }
      } else {
        r.close();
      }
    }
  }

  /**
   * Aborts an exchange once no byte has arrived for the stall timeout, or at its deadline ({@code
   * end}, in {@link System#nanoTime} nanoseconds) however the bytes arrive: checks when either could
   * have passed, and again as long as bytes keep arriving.
   */
  private static final class Stall implements Runnable {
    private final HttpGet get;
    private final long stallNanos;
    private final long end;
    private volatile long last = System.nanoTime();
    volatile boolean expired;
    /** Whether the deadline (rather than the stall timeout) aborted the exchange. */
    volatile boolean overdue;
    private ScheduledFuture<?> next;
    private boolean stopped;

    Stall(HttpGet get, long stallNanos, long end) {
      this.get = get;
      this.stallNanos = stallNanos;
      this.end = end;
    }

    Stall start() {
      schedule(Math.min(stallNanos, end - System.nanoTime()));
      return this;
    }

    void touch() {
      last = System.nanoTime();
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long idle = now - last;
      long left = end - now;
      if (idle >= stallNanos || left <= 0) {
        overdue = idle < stallNanos;
        expired = true;
        get.cancel(); // a blocked connect or read fails; the connection is closed
      } else {
        schedule(Math.min(stallNanos - idle, left));
      }
    }

    private synchronized void schedule(long nanos) {
      if (!stopped) {
        next = Watchdog.TIMER.schedule(this, nanos, TimeUnit.NANOSECONDS);
      }
    }

    synchronized void stop() {
      stopped = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  /** A response and its headers (the body already read and the connection released). */
  private record Exchange(Response response, Header location) {}

  private Exchange exchange(URI uri, String userAgent, long timeoutNanos, long cap) throws Exception {
    if (timeoutNanos <= 0) {
      throw new TimeoutException();
    }
    Timeout timeout = Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
    HttpGet get = get(uri, userAgent, timeout);
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog = Watchdog.TIMER.schedule(() -> {
      expired.set(true);
      get.cancel(); // aborts the exchange: a blocked read fails, the connection is closed
    }, timeoutNanos, TimeUnit.NANOSECONDS);
    try {
      return send(get, uri, cap);
    } catch (IOException | RuntimeException e) {
      if (expired.get() || e instanceof java.net.SocketTimeoutException) {
        TimeoutException t = new TimeoutException("no answer within the timeout");
        t.initCause(e);
        throw t;
      }
      throw translate(e);
    } finally {
      watchdog.cancel(false);
    }
  }

  @SuppressWarnings("deprecation") // execute(request, context): the response stays open for our capped read
  private Exchange send(HttpGet get, URI uri, long cap) throws IOException {
    CloseableHttpResponse r = client.execute(get, HttpClientContext.create());
    boolean done = false;
    try {
      int status = r.getCode();
      HttpEntity entity = r.getEntity();
      byte[] body = new byte[0];
      if (entity != null) {
        long declared = status == 200 ? entity.getContentLength() : -1;
        CappedBody capped = CappedBody.forStatus(uri.toString(), status, cap, declared);
        capped.check(); // before any byte is read
        InputStream in = entity.getContent();
        body = capped.readFrom(in);
        if (capped.cut()) {
          return new Exchange(new Response(status, headers(r), body), r.getFirstHeader("Location"));
        }
        in.close(); // read to its end: the connection goes back to the pool
      }
      done = true;
      return new Exchange(new Response(status, headers(r), body), r.getFirstHeader("Location"));
    } finally {
      if (!done) {
        // A body not read to its end (too large, cut, failed): abort, so that closing does not read the
        // rest of it; the connection is closed, never reused.
        get.cancel();
        try {
          r.close();
        } catch (IOException | RuntimeException e) {
          // the connection is already shut down; the failure that matters is the one under way
        }
      } else {
        r.close();
      }
    }
  }

  private static java.util.function.Function<String, Optional<String>> headers(CloseableHttpResponse r) {
    Header[] all = r.getHeaders();
    return name -> first(all, name);
  }

  private static Optional<String> first(Header[] headers, String name) {
    for (Header h : headers) {
      if (h.getName().equalsIgnoreCase(name)) {
        return Optional.ofNullable(h.getValue());
      }
    }
    return Optional.empty();
  }

  /** Where a 3xx response sends the request next, or null if it is not followed. */
  private static URI redirect(URI from, Exchange x) {
    int status = x.response().status();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308 || x.location() == null) {
      return null;
    }
    URI to;
    try {
      to = from.resolve(new URI(x.location().getValue().trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    boolean fromHttps = "https".equalsIgnoreCase(from.getScheme());
    if (!(scheme.equals("https") || (scheme.equals("http") && !fromHttps)) || to.getHost() == null
        || to.getRawUserInfo() != null) {
      return null; // never to another scheme, never from https to http
    }
    return to;
  }

  /** Apache's exceptions as the JDK's, which {@link Failures} and {@link RetryPolicy} know. */
  @SuppressWarnings("deprecation") // HttpClient 5.6 still throws TunnelRefusedException for a refused CONNECT
  private static Exception translate(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectTimeoutException) {
        HttpConnectTimeoutException t = new HttpConnectTimeoutException(c.getMessage());
        t.initCause(e);
        return t;
      }
      if (c instanceof TunnelRefusedException refused) {
        int status = refused.getResponse() != null ? refused.getResponse().getCode() : statusIn(refused.getMessage());
        if (status == 407) {
          return new ProxyAuthenticationRequired(e);
        }
        IOException t = new IOException("Tunnel failed: the proxy answered CONNECT with " + status);
        t.initCause(e);
        return t;
      }
    }
    return e;
  }

  private static int statusIn(String message) {
    Matcher m = STATUS.matcher(message == null ? "" : message);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The proxy answered CONNECT with 407 (after any credentials of its URL were tried). */
  static final class ProxyAuthenticationRequired extends IOException {
    private static final long serialVersionUID = 1L;

    ProxyAuthenticationRequired(Throwable cause) {
      super("the proxy answered CONNECT with 407", cause);
    }
  }

  /** The go command's proxy for each request ({@link ProxyConfig#proxyFor}); direct otherwise. */
  private static final class GoProxies extends DefaultRoutePlanner {
    private final ProxyConfig proxies;

    GoProxies(ProxyConfig proxies) {
      super(DefaultSchemePortResolver.INSTANCE);
      this.proxies = proxies;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
      URI uri;
      try {
        uri = new URI(target.getSchemeName(), null, target.getHostName(), target.getPort(), "/", null, null);
      } catch (URISyntaxException e) {
        return null;
      }
      // An http:// or https:// proxy is the route's first hop (https: TLS to the proxy, its certificate
      // checked as a server's, then CONNECT inside for an https target); a SOCKS5 one is no HTTP hop:
      // the connection's socket goes through it (Connections).
      return proxies.proxyFor(uri).filter(p -> !p.socks())
          .map(p -> new HttpHost(p.scheme(), p.host(), p.port())).orElse(null);
    }
  }

  /**
   * The connection manager's builder with sockets that go through the SOCKS5 proxy of their target
   * ({@link Socks5.RoutedSocket}); everything else as Apache's.
   */
  private static final class Connections extends PoolingHttpClientConnectionManagerBuilder {
    private final ProxyConfig proxies;

    Connections(ProxyConfig proxies) {
      this.proxies = proxies;
    }

    @Override
    protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
        TlsSocketStrategy tls) {
      DetachedSocketFactory sockets = new DetachedSocketFactory() {
        @Override
        public java.net.Socket create(java.net.Proxy proxy) {
          return new Socks5.RoutedSocket((host, port) -> {
            ProxyConfig.ProxyUrl p = proxies.socksFor("https", host, port);
            return p != null ? p : proxies.socksFor("http", host, port);
          });
        }

        @Override
        public java.net.Socket create(String scheme, java.net.Proxy proxy) {
          String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
          return new Socks5.RoutedSocket((host, port) -> proxies.socksFor(s, host, port));
        }
      };
      return new DefaultHttpClientConnectionOperator(sockets, ports, dns,
          RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
    }
  }

  /**
   * The system's name lookups, except for a target reached through a SOCKS5 proxy: its name is left
   * unresolved, for the proxy to resolve (as Go does).
   */
  private static final class SocksAwareDns implements DnsResolver {
    private final ProxyConfig proxies;

    SocksAwareDns(ProxyConfig proxies) {
      this.proxies = proxies;
    }

    @Override
    public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
      return SystemDefaultDnsResolver.INSTANCE.resolve(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws java.net.UnknownHostException {
      return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    @Override
    public List<java.net.InetSocketAddress> resolve(String host, int port) throws java.net.UnknownHostException {
      if (proxies.maybeSocks(host, port)) {
        return List.of(java.net.InetSocketAddress.createUnresolved(host, port));
      }
      return SystemDefaultDnsResolver.INSTANCE.resolve(host, port);
    }
  }

  /**
   * Basic credentials: a proxy's from its URL, for exactly that proxy (host and port); a server's
   * from {@code .netrc}, for exactly its host name; nothing else.
   */
  private static final class Credentialed implements CredentialsProvider {
    private final ProxyConfig proxies;
    private final Netrc netrc;

    Credentialed(ProxyConfig proxies, Netrc netrc) {
      this.proxies = proxies;
      this.netrc = netrc;
    }

    @Override
    public Credentials getCredentials(AuthScope scope, HttpContext context) {
      if (scope == null || scope.getHost() == null) {
        return null;
      }
      Optional<ProxyConfig.ProxyUrl> proxy = proxies.proxyAt(scope.getHost(), scope.getPort());
      if (proxy.isPresent()) { // a proxy's 407: only the credentials of its URL
        return proxy.get().hasCredentials()
            ? new UsernamePasswordCredentials(proxy.get().user(), proxy.get().password().toCharArray()) : null;
      }
      return netrc.forHost(scope.getHost())
          .map(e -> (Credentials) new UsernamePasswordCredentials(e.login(), e.password().toCharArray()))
          .orElse(null);
    }
  }

  /** Aborts exchanges that outlive their timeout: one daemon thread, made on first use. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
        Thread th = new Thread(r, "sumdb4j-http-watchdog");
        th.setDaemon(true);
        return th;
      });
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  @Override
  public String toString() {
    return "ApacheTransport{connect timeout " + connectTimeout + "}";
  }
}
