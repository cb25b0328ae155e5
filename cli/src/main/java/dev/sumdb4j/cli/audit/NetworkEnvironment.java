package dev.sumdb4j.cli.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.cli.UserInputException;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.tlog.proxyaudit.ModuleProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's network environment as the go command reads it, for the module proxy: the HTTP
 * proxy from {@code HTTPS_PROXY}/{@code HTTP_PROXY} (upper or lower case) minus {@code NO_PROXY},
 * and Basic credentials for the module proxy's host from {@code $NETRC} or {@code ~/.netrc}. CAs
 * are the JVM's trust store ({@code -Djavax.net.ssl.trustStore=...}).
 */
final class NetworkEnvironment {
  private static final long MAX_NETRC_BYTES = 1 << 20;

  private NetworkEnvironment() {}

  /** A module proxy client for {@code url} in environment {@code env}. */
  static ModuleProxy proxy(String url, Map<String, String> env, Duration stall)
      throws UserInputException, IOException {
    ModuleProxy.Builder b = ModuleProxy.builder().stallTimeout(stall);
    try {
      b.baseUri(url);
    } catch (MalformedInputException e) {
      throw new UserInputException(e.reason());
    }
    URI u = URI.create(url);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    String httpProxy = first(env, u.getScheme().equalsIgnoreCase("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
    if (httpProxy != null && !httpProxy.isEmpty() && !noProxy(first(env, "NO_PROXY"), host)) {
      URI p = URI.create(httpProxy.contains("://") ? httpProxy : "http://" + httpProxy);
      if (p.getHost() == null) {
        throw new UserInputException("invalid proxy in HTTPS_PROXY/HTTP_PROXY: " + httpProxy);
      }
      InetSocketAddress addr = InetSocketAddress.createUnresolved(p.getHost(), p.getPort() < 0 ? 80 : p.getPort());
      b.proxySelector(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(new Proxy(Proxy.Type.HTTP, addr));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
          // nothing to remember
        }
      });
    }
    String[] creds = netrc(env, host);
    if (creds != null) {
      b.credentials(creds[0], creds[1]);
    }
    return b.build();
  }

  private static String first(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code host} matches a NO_PROXY entry ({@code *}, a host, or a domain suffix). */
  static boolean noProxy(String list, String host) {
    if (list == null) {
      return false;
    }
    for (String e : list.split(",")) {
      String p = e.strip().toLowerCase(Locale.ROOT);
      int colon = p.lastIndexOf(':');
      if (colon > 0 && p.indexOf(']') < colon) {
        p = p.substring(0, colon);
      }
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("*") || host.equals(p) || host.endsWith(p.startsWith(".") ? p : "." + p)) {
        return true;
      }
    }
    return false;
  }

  /** The login and password of {@code host} in the netrc file, or null (go's netrc: machine, login, password, default). */
  static String[] netrc(Map<String, String> env, String host) throws IOException {
    Path file;
    if (env.get("NETRC") != null && !env.get("NETRC").isEmpty()) {
      file = Path.of(env.get("NETRC"));
    } else if (env.get("HOME") != null) {
      file = Path.of(env.get("HOME"), ".netrc");
    } else {
      return null;
    }
    byte[] content;
    try {
      content = RegularFiles.read(file, (int) MAX_NETRC_BYTES, false);
    } catch (NoSuchFileException | RegularFiles.IrregularFileException e) {
      return null;
    }
    String[] tokens = new String(content, StandardCharsets.UTF_8).trim().split("\\s+");
    String machine = null;
    String login = null;
    String password = null;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("machine") || t.equals("default")) {
        if (machine != null && machine.equals(host) && login != null) {
          return new String[] {login, password};
        }
        machine = t.equals("default") ? host : (i + 1 < tokens.length ? tokens[++i].toLowerCase(Locale.ROOT) : null);
        login = null;
        password = null;
      } else if (t.equals("login") && i + 1 < tokens.length) {
        login = tokens[++i];
      } else if (t.equals("password") && i + 1 < tokens.length) {
        password = tokens[++i];
      } else if (t.equals("macdef")) {
        break; // a macro definition: the rest is not parsed (go skips it)
      }
    }
    return machine != null && machine.equals(host) && login != null ? new String[] {login, password} : null;
  }
}
