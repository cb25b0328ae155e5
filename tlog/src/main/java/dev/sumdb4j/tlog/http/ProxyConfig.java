package dev.sumdb4j.tlog.http;

import dev.sumdb4j.MalformedInputException;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies of the go command's environment, as Go's {@code net/http.ProxyFromEnvironment}
 * (golang.org/x/net/http/httpproxy) chooses them: {@code HTTPS_PROXY} for https URLs, {@code
 * HTTP_PROXY} for http URLs (upper case first, then lower case), except for {@code localhost},
 * loopback addresses and hosts {@code NO_PROXY} matches: {@code *}; a CIDR range or an IP address
 * (with an optional port) for IP hosts; a domain ({@code example.com} matches itself and its
 * subdomains, {@code .example.com} and {@code *.example.com} only subdomains), with an optional port.
 * A proxy URL without scheme is {@code http://}; as in Go, {@code https://} (TLS to the proxy, its
 * certificate checked like a server's) and {@code socks5://} (SOCKS version 5, host names resolved by
 * the proxy, an optional username and password from the URL) are the other schemes, with default
 * ports 80, 443 and 1080. Any other scheme ({@code socks5h://}, {@code socks4://}) is rejected when
 * read, where Go would read it as a host name.
 */
final class ProxyConfig {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
      + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  /**
   * A proxy: its scheme ({@code http}, {@code https} or {@code socks5}), where, and the credentials
   * of its URL (user info), if any; {@code source} is the variable it came from.
   */
  record ProxyUrl(String source, String scheme, String host, int port, String user, String password) {
    boolean hasCredentials() {
      return user != null;
    }

    boolean socks() {
      return scheme.equals("socks5");
    }

    @Override
    public String toString() {
      // never the credentials
      return (scheme.equals("http") ? "" : scheme + "://") + host + ":" + port;
    }
  }

  private interface Matcher {
    boolean match(String host, String port, InetAddress ip);
  }

  private final ProxyUrl http;
  private final ProxyUrl https;
  private final List<Matcher> ipMatchers = new ArrayList<>();
  private final List<Matcher> domainMatchers = new ArrayList<>();

  private ProxyConfig(ProxyUrl http, ProxyUrl https, String noProxy) {
    this.http = http;
    this.https = https;
    for (String entry : noProxy.split(",", -1)) {
      String p = entry.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("*")) {
        ipMatchers.clear();
        domainMatchers.clear();
        ipMatchers.add((h, port, ip) -> true);
        domainMatchers.add((h, port, ip) -> true);
        return;
      }
      Matcher cidr = cidr(p);
      if (cidr != null) {
        ipMatchers.add(cidr);
        continue;
      }
      String phost = p;
      String pport = "";
      String[] hp = splitHostPort(p);
      if (hp != null) {
        if (hp[0].isEmpty()) {
          continue;
        }
        phost = hp[0];
        pport = hp[1];
        if (phost.startsWith("[") && phost.endsWith("]")) {
          phost = phost.substring(1, phost.length() - 1);
        }
      }
      InetAddress pip = parseIp(phost);
      if (pip != null) {
        String wantPort = pport;
        ipMatchers.add((h, port, ip) -> pip.equals(ip) && (wantPort.isEmpty() || wantPort.equals(port)));
        continue;
      }
      if (phost.startsWith("*.")) {
        phost = phost.substring(1);
      }
      boolean matchHost = false;
      if (!phost.startsWith(".")) {
        matchHost = true;
        phost = "." + phost;
      }
      String suffix = phost;
      String wantPort = pport;
      boolean exact = matchHost;
      domainMatchers.add((h, port, ip) -> (h.endsWith(suffix) || (exact && h.equals(suffix.substring(1))))
          && (wantPort.isEmpty() || wantPort.equals(port)));
    }
  }

  /** No proxy at all. */
  static ProxyConfig none() {
    return new ProxyConfig(null, null, "");
  }

  /**
   * The proxies of {@code env}.
   *
   * @throws MalformedInputException if a proxy URL is unusable
   */
  static ProxyConfig from(Map<String, String> env) throws MalformedInputException {
    return new ProxyConfig(parseProxy(env, "HTTP_PROXY"), parseProxy(env, "HTTPS_PROXY"),
        getAny(env, "NO_PROXY")[1]);
  }

  /** Go's getEnvAny: the first non-empty of the upper- and lower-case names, with its name. */
  private static String[] getAny(Map<String, String> env, String name) {
    for (String n : List.of(name, name.toLowerCase(Locale.ROOT))) {
      String v = env.getOrDefault(n, "");
      if (!v.isEmpty()) {
        return new String[] {n, v};
      }
    }
    return new String[] {name, ""};
  }

  private static ProxyUrl parseProxy(Map<String, String> env, String name) throws MalformedInputException {
    String[] nv = getAny(env, name);
    String value = nv[1];
    if (value.isEmpty()) {
      return null;
    }
    String source = nv[0];
    URI u = parseUri(value);
    String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("socks5")) {
      int sep = value.indexOf("://");
      if (sep > 0 && value.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        // Go would read "socks5h://host:1080" as an http proxy named "socks5h": say what is wrong instead
        throw new MalformedInputException(source, -1, "unsupported proxy scheme " + value.substring(0, sep)
            + ":// (want http://, https:// or socks5://; a socks5:// proxy resolves host names itself)");
      }
      u = parseUri("http://" + value);
      scheme = "http";
    }
    if (u == null || u.getHost() == null || u.getHost().isEmpty()) {
      throw new MalformedInputException(source, -1,
          "invalid proxy address (want http://, https:// or socks5:// [user:password@]host[:port])");
    }
    String user = null;
    String password = null;
    if (u.getRawUserInfo() != null) {
      String info = u.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
      if (scheme.equals("socks5") && (user.isEmpty() || utf8Length(user) > 255 || utf8Length(password) > 255)) {
        // RFC 1929 (and Go's socks client): a username of 1 to 255 bytes, a password of at most 255
        throw new MalformedInputException(source, -1, "invalid SOCKS5 username or password (want a username of 1 to"
            + " 255 bytes and a password of at most 255)");
      }
    }
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("socks5") ? 1080 : 80;
    return new ProxyUrl(source, scheme, u.getHost(), port, user, password);
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static URI parseUri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The proxy for a request to {@code uri}, if any. */
  Optional<ProxyUrl> proxyFor(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    ProxyUrl p = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    if (p == null || uri.getHost() == null) {
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return useProxy(uri.getHost(), Integer.toString(port)) ? Optional.of(p) : Optional.empty();
  }

  /**
   * The SOCKS5 proxy a connection for a {@code scheme} request to {@code host:port} goes through, or
   * null (another kind of proxy, none, or {@code host:port} is itself a configured proxy).
   */
  ProxyUrl socksFor(String scheme, String host, int port) {
    if (proxyAt(host, port).isPresent()) {
      return null;
    }
    try {
      return proxyFor(new URI(scheme, null, host, port, "/", null, null)).filter(ProxyUrl::socks).orElse(null);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Whether a connection to {@code host:port} may go through a SOCKS5 proxy (for either scheme). */
  boolean maybeSocks(String host, int port) {
    return socksFor("https", host, port) != null || socksFor("http", host, port) != null;
  }

  /** Whether a request to {@code host:port} goes through the proxy (httpproxy's useProxy). */
  boolean useProxy(String rawHost, String port) {
    String host = rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1)
        : rawHost;
    if (host.equals("localhost")) {
      return false;
    }
    InetAddress ip = parseIp(host);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (ip != null) {
      for (Matcher m : ipMatchers) {
        if (m.match(h, port, ip)) {
          return false;
        }
      }
    }
    for (Matcher m : domainMatchers) {
      if (m.match(h, port, ip)) {
        return false;
      }
    }
    return true;
  }

  /** Whether any proxy is configured. */
  boolean any() {
    return http != null || https != null;
  }

  /** Whether any proxy URL has credentials. */
  boolean hasAnyCredentials() {
    return (https != null && https.hasCredentials()) || (http != null && http.hasCredentials());
  }

  /** The proxies, for messages ({@code https://p:443 from HTTPS_PROXY, ...}). */
  String describeAll() {
    List<String> out = new ArrayList<>();
    for (ProxyUrl p : new ProxyUrl[] {https, http}) {
      if (p != null) {
        out.add(p + " from " + p.source());
      }
    }
    return String.join(", ", out);
  }

  /** Whether every proxy is an {@code http://} one (the only kind the JDK's HTTP client reaches). */
  boolean plainHttpOnly() {
    return (http == null || http.scheme().equals("http")) && (https == null || https.scheme().equals("http"));
  }

  /** The selector handing the HTTP client these proxies ({@code http://} ones only: {@link #plainHttpOnly}). */
  ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxyFor(uri)
            .map(p -> new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())))
            .orElse(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // reported by the request that failed
      }
    };
  }

  /** Answers a proxy's 407 with the credentials of its URL; never answers a server. */
  Authenticator authenticator() {
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
          return null;
        }
        for (ProxyUrl p : new ProxyUrl[] {https, http}) {
          if (p != null && p.hasCredentials() && p.port() == getRequestingPort()
              && p.host().equalsIgnoreCase(getRequestingHost())) {
            return new PasswordAuthentication(p.user(), p.password().toCharArray());
          }
        }
        return null;
      }
    };
  }

  /** The configured proxy at {@code host} and {@code port} (the https proxy first), if any. */
  Optional<ProxyUrl> proxyAt(String host, int port) {
    for (ProxyUrl p : new ProxyUrl[] {https, http}) {
      if (p != null && p.port() == port && p.host().equalsIgnoreCase(host)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether a request to {@code uri} goes through a proxy whose URL has credentials. */
  boolean hasCredentialsFor(URI uri) {
    return proxyFor(uri).map(ProxyUrl::hasCredentials).orElse(false);
  }

  /** The proxy a failed request to {@code uri} went through, for messages ({@code proxy host:port}). */
  Optional<String> describeFor(URI uri) {
    return proxyFor(uri).map(p -> "proxy " + p + " from " + p.source());
  }

  /** Go's net.SplitHostPort for NO_PROXY entries: host and port, or null if there is no port. */
  private static String[] splitHostPort(String s) {
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0 || end + 1 >= s.length() || s.charAt(end + 1) != ':') {
        return null;
      }
      return new String[] {s.substring(1, end), s.substring(end + 2)};
    }
    int colon = s.lastIndexOf(':');
    if (colon < 0 || s.indexOf(':') != colon) {
      return null; // no port, or an IPv6 address without brackets
    }
    return new String[] {s.substring(0, colon), s.substring(colon + 1)};
  }

  /** Go's net.ParseIP: an IPv4 or IPv6 literal, never a name lookup; null if not one. */
  static InetAddress parseIp(String s) {
    if (!IPV4.matcher(s).matches() && !(IPV6.matcher(s).matches() && s.indexOf(':') >= 0)) {
      return null;
    }
    try {
      return InetAddress.getByName(s); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Matcher cidr(String p) {
    int slash = p.indexOf('/');
    if (slash < 0) {
      return null;
    }
    InetAddress net = parseIp(p.substring(0, slash));
    String bits = p.substring(slash + 1);
    if (net == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int n = Integer.parseInt(bits);
    byte[] prefix = net.getAddress();
    if (n > prefix.length * 8) {
      return null;
    }
    return (h, port, ip) -> {
      byte[] a = ip.getAddress();
      if (a.length != prefix.length) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    };
  }
}
