package dev.sumdb4j.tlog.http;

import dev.sumdb4j.internal.Codecs;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A fetcher's failures in words a user can act on: Go's {@code reading <url>: <status>} with the
 * first lines of a text body, and the reasons a host could not be reached ({@code connection
 * refused}, {@code no such host}, {@code TLS: certificate not trusted}, proxy failures) instead of
 * exception class names.
 */
final class Failures {
  private static final int ERROR_BODY_LINES = 8;
  private static final int ERROR_BODY_CHARS = 648;

  private final ProxyConfig proxies;
  private final Netrc netrc;
  private final Duration connectTimeout;
  private final boolean jdkClient;

  /**
   * The messages of a fetcher.
   *
   * @param jdkClient whether the transport is java.net.http's (whose own quirks a message may name)
   */
  Failures(ProxyConfig proxies, Netrc netrc, Duration connectTimeout, boolean jdkClient) {
    this.proxies = proxies;
    this.netrc = netrc;
    this.connectTimeout = connectTimeout;
    this.jdkClient = jdkClient;
  }

  /**
   * {@code cause} as a failure to reach {@code uri}'s host (connection refused, no such host, connect
   * timeout, TLS handshake, proxy), or null if it is something else.
   */
  HostUnavailableException hostFailure(URI uri, Throwable cause) {
    String host = uri.getHost();
    Optional<String> proxy = proxies.describeFor(uri);
    if (proxy.isPresent()) {
      for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof Socks5.Failure f) {
          return new HostUnavailableException(host, f.reason(), proxy.get() + ": " + f.detail(), cause);
        }
      }
      for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
        String m = c.getMessage() == null ? "" : c.getMessage();
        if (m.contains("407")) {
          return new HostUnavailableException(host, "proxy authentication required", proxy.get(), cause);
        }
        if (m.startsWith("Tunnel failed") || m.contains("tunnel")) {
          return new HostUnavailableException(host, "proxy refused the tunnel: " + m, proxy.get(), cause);
        }
      }
    }
    String dial = proxy.map(p -> "dial " + p).orElse("dial " + host + ":" + HostState.port(uri));
    String via = proxy.isPresent() ? "proxy: " : "";
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return new HostUnavailableException(host, via + "no such host", dial, cause);
      }
    }
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return new HostUnavailableException(host, via + "connect timed out after " + seconds(connectTimeout), dial,
            cause);
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return new HostUnavailableException(host, Tls.reason(c), Tls.detail(c, host), cause);
      }
      if (c instanceof ConnectException) {
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        String m = root.getMessage() == null ? "" : root.getMessage().toLowerCase(Locale.ROOT);
        String reason = root instanceof ClosedChannelException || m.contains("refused") ? "connection refused"
            : m.isEmpty() ? "cannot connect" : "cannot connect: " + root.getMessage();
        return new HostUnavailableException(host, via + reason, dial, cause);
      }
    }
    return null;
  }

  /**
   * The failure of a request the proxy answered with 407: it wants credentials the environment did
   * not give, or refused them; null if the request went through no proxy.
   */
  HostUnavailableException proxyAuthentication(URI uri) {
    Optional<String> proxy = proxies.describeFor(uri);
    if (proxy.isEmpty()) {
      return null;
    }
    boolean had = proxies.hasCredentialsFor(uri);
    return new HostUnavailableException(uri.getHost(),
        had ? "proxy authentication failed" : "proxy authentication required",
        proxy.get() + (!had ? ": put user:password@ in the proxy URL"
            : !jdkClient ? ": the proxy refused the credentials in its URL"
            : ": the proxy refused the credentials in its URL"
            + " (if they are right, run java with -Djdk.http.auth.tunneling.disabledSchemes= : the JDK sends no"
            + " Basic credentials to a tunnelling proxy otherwise)"),
        null);
  }

  /** Whether {@code cause} is the JDK client's answer to a 401 (or 407) its authenticator had no credentials for. */
  static boolean isMissingCredentials(Throwable cause) {
    return cause instanceof java.io.IOException && "No credentials provided".equals(cause.getMessage());
  }

  /** Whether a 401 from {@code uri}'s host came without credentials to answer it ({@code .netrc} has none). */
  boolean lacksCredentials(URI uri) {
    return netrc.forHost(uri.getHost()).isEmpty();
  }

  /** The message of a 401 no credentials were found for. */
  String missingCredentials(URI uri, String url) {
    Optional<String> proxy = proxies.describeFor(uri);
    return "reading " + url + ": 401 Unauthorized: no credentials for " + uri.getHost() + " in .netrc (NETRC or ~/.netrc)"
        + (proxy.isPresent() && !proxies.hasCredentialsFor(uri) ? ", nor for " + proxy.get() : "");
  }

  /** A duration for messages: whole seconds as {@code 5 s}, anything else in milliseconds. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** A timeout of the client's own ({@code reading <url>: <what>}). */
  static HttpTimeoutException timeout(String url, Throwable cause) {
    HttpTimeoutException e = new HttpTimeoutException("reading " + url + ": " + describe(cause));
    e.initCause(cause);
    return e;
  }

  /** {@code t}'s message, else its first cause's, else the kind of failure in words. */
  static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isEmpty()) {
        return m;
      }
    }
    if (t instanceof ClosedChannelException) {
      return "connection closed";
    }
    if (t instanceof java.io.EOFException) {
      return "connection closed before the response ended";
    }
    return "I/O error (" + t.getClass().getSimpleName() + ")";
  }

  /**
   * Go's message: {@code reading <url>: <code> <reason>}, then {@code : <detail>} if not null, then the
   * first lines of a text/plain body.
   */
  static String statusMessage(String url, Transport.Response resp, String detail) {
    StringBuilder b = new StringBuilder("reading ").append(url).append(": ").append(status(resp.status()));
    if (detail != null) {
      b.append(": ").append(detail);
    }
    String type = resp.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    byte[] body = resp.body();
    if (type.startsWith("text/plain") && body != null && body.length > 0) {
      String text = new String(body, StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      StringBuilder shown = new StringBuilder();
      for (int i = 0; i < lines.length && i < ERROR_BODY_LINES; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() && i == lines.length - 1) {
          break;
        }
        if (shown.length() > 0) {
          shown.append("\n\t");
        }
        shown.append(printable(line));
        if (shown.length() >= ERROR_BODY_CHARS) {
          shown.setLength(ERROR_BODY_CHARS);
          shown.append(" [truncated]");
          break;
        }
      }
      if (shown.length() > 0) {
        b.append("\n\tserver response: ").append(shown);
      }
    }
    return b.toString();
  }

  /** {@code s} with every control a terminal would act on ({@link Codecs#isUnsafeControl}) as {@code ?}. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Codecs.isUnsafeControl(c) ? '?' : c));
    return b.toString();
  }

  /** {@code <code> <reason phrase>}, as Go's {@code resp.Status}. */
  static String status(int code) {
    String reason;
    switch (code) {
      case 400: reason = "Bad Request"; break;
      case 401: reason = "Unauthorized"; break;
      case 403: reason = "Forbidden"; break;
      case 404: reason = "Not Found"; break;
      case 405: reason = "Method Not Allowed"; break;
      case 408: reason = "Request Timeout"; break;
      case 410: reason = "Gone"; break;
      case 429: reason = "Too Many Requests"; break;
      case 500: reason = "Internal Server Error"; break;
      case 501: reason = "Not Implemented"; break;
      case 502: reason = "Bad Gateway"; break;
      case 503: reason = "Service Unavailable"; break;
      case 504: reason = "Gateway Timeout"; break;
      default: reason = "";
    }
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
