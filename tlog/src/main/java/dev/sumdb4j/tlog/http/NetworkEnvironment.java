package dev.sumdb4j.tlog.http;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.internal.Codecs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.http.HttpClient;
import java.net.PasswordAuthentication;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parts of the go command's network environment a fetcher honours, read from an environment
 * map (not the process environment): extra trusted CAs from {@code SSL_CERT_FILE} and {@code
 * SSL_CERT_DIR} (as Go's crypto/x509 reads them on Linux, but added to the JDK's trust store
 * rather than replacing it); proxies ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY});
 * credentials ({@code NETRC} or {@code ~/.netrc}).
 *
 * <p>Immutable.
 */
public final class NetworkEnvironment {
  /** The largest certificate file read (a full CA bundle is about 200 KiB). */
  static final long MAX_CERT_FILE_BYTES = 8L << 20;

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private final List<X509Certificate> extraCas;
  private final ProxyConfig proxies;
  private final Netrc netrc;

  private NetworkEnvironment(List<X509Certificate> extraCas, ProxyConfig proxies, Netrc netrc) {
    this.extraCas = List.copyOf(extraCas);
    this.proxies = proxies;
    this.netrc = netrc;
  }

  /** {@return the environment with no extra CAs, no proxy, no credentials} */
  public static NetworkEnvironment none() {
    return new NetworkEnvironment(List.of(), ProxyConfig.none(), Netrc.none());
  }

  /**
   * Reads {@code SSL_CERT_FILE} (a file of PEM certificates) and {@code SSL_CERT_DIR} (a
   * colon-separated list of directories, each regular file's PEM certificates; missing directories
   * and files without certificates are skipped, as Go skips them).
   *
   * <p>Proxies: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (or their lower-case
   * forms), as Go's {@code net/http.ProxyFromEnvironment} reads them: {@code http://}, {@code
   * https://} (TLS to the proxy) or {@code socks5://} proxies; credentials in a proxy URL answer the
   * proxy's 407 (a SOCKS5 proxy's request for a username and password).
   *
   * <p>Credentials: {@code NETRC}, else {@code $HOME/.netrc}, parsed as the go command parses it;
   * an entry's login and password answer a 401 (Basic) from exactly its machine, never another host
   * (a redirect elsewhere included).
   *
   * @param env the environment variables
   * @return the network environment they describe
   * @throws MalformedInputException if SSL_CERT_FILE cannot be read or holds no certificate, a
   *     certificate in either is malformed, a proxy URL is unusable, or the .netrc file unreadable
   */
  public static NetworkEnvironment from(Map<String, String> env) throws MalformedInputException {
    ProxyConfig proxies = ProxyConfig.from(env);
    Netrc netrc = Netrc.from(env);
    List<X509Certificate> cas = new ArrayList<>();
    String file = env.getOrDefault("SSL_CERT_FILE", "");
    if (!file.isEmpty()) {
      List<X509Certificate> got = readPem("SSL_CERT_FILE " + file, Path.of(file), true);
      if (got.isEmpty()) {
        throw new MalformedInputException("SSL_CERT_FILE " + file, -1, "no PEM certificate in the file");
      }
      cas.addAll(got);
    }
    String dirs = env.getOrDefault("SSL_CERT_DIR", "");
    for (String dir : dirs.split(":", -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      TreeSet<Path> files = new TreeSet<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) {
        ds.forEach(files::add);
      } catch (NoSuchFileException | NotDirectoryException e) {
        continue;
      } catch (IOException e) {
        throw new MalformedInputException("SSL_CERT_DIR " + dir, -1, "cannot read the directory: " + e.getMessage());
      }
      for (Path f : files) {
        if (Files.isRegularFile(f)) { // symbolic links to regular files included, as Go's os.ReadFile
          cas.addAll(readPem("SSL_CERT_DIR file " + f, f, false));
        }
      }
    }
    return new NetworkEnvironment(cas, proxies, netrc);
  }

  /** The .netrc credentials. */
  Netrc netrc() {
    return netrc;
  }

  /** Whether any request may need credentials (a proxy URL's or a .netrc entry). */
  boolean hasCredentials() {
    return proxies.hasAnyCredentials() || !netrc.entries().isEmpty();
  }

  /**
   * Answers a proxy's 407 with the credentials of its URL, and a server's 401 with the .netrc entry of
   * exactly its host name; nothing else.
   */
  Authenticator authenticator() {
    Authenticator proxy = proxies.authenticator();
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() == RequestorType.PROXY) {
          return proxy.requestPasswordAuthenticationInstance(getRequestingHost(), getRequestingSite(),
              getRequestingPort(), getRequestingProtocol(), getRequestingPrompt(), getRequestingScheme(),
              getRequestingURL(), getRequestorType());
        }
        URL url = getRequestingURL();
        if (getRequestorType() != RequestorType.SERVER || url == null || url.getHost() == null) {
          return null;
        }
        return netrc.forHost(url.getHost())
            .map(e -> new PasswordAuthentication(e.login(), e.password().toCharArray())).orElse(null);
      }
    };
  }

  /** The proxies. */
  ProxyConfig proxies() {
    return proxies;
  }

  /** {@return the CAs trusted besides the JDK's} */
  public List<X509Certificate> extraCas() {
    return extraCas;
  }

  private static List<X509Certificate> readPem(String source, Path file, boolean required)
      throws MalformedInputException {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        throw new MalformedInputException(source, -1, Files.exists(file, LinkOption.NOFOLLOW_LINKS)
            ? "not a regular file" : "no such file");
      }
      bytes = RegularFiles.read(file, (int) MAX_CERT_FILE_BYTES + 1, true); // checked again as opened
    } catch (RegularFiles.IrregularFileException e) {
      throw new MalformedInputException(source, -1, e.getReason().startsWith("exceeds")
          ? "larger than " + MAX_CERT_FILE_BYTES + " bytes" : e.getReason());
    } catch (IOException e) {
      throw new MalformedInputException(source, -1, "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_CERT_FILE_BYTES) {
      throw new MalformedInputException(source, -1, "larger than " + MAX_CERT_FILE_BYTES + " bytes");
    }
    return parsePem(source, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** Every {@code CERTIFICATE} block of PEM {@code text} (other blocks and text between them skipped). */
  static List<X509Certificate> parsePem(String source, String text) throws MalformedInputException {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory cf;
    try {
      cf = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("no X.509 support in this JDK", e);
    }
    int at = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, at);
      if (begin < 0) {
        return out;
      }
      int line = 1 + (int) text.substring(0, begin).chars().filter(c -> c == '\n').count();
      int end = text.indexOf(END, begin);
      if (end < 0) {
        throw new MalformedInputException(source, line, -1, "certificate without " + END);
      }
      String body = text.substring(begin + BEGIN.length(), end).replaceAll("[\\r\\n\\t ]", "");
      byte[] der = Codecs.decodeBase64OrNull(body);
      if (der == null) {
        throw new MalformedInputException(source, line, -1, "malformed certificate: invalid base64");
      }
      try {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException e) {
        throw new MalformedInputException(source, line, -1, "malformed certificate: " + e.getMessage());
      }
      at = end + END.length();
    }
  }

  @Override
  public String toString() {
    return "NetworkEnvironment{" + extraCas.size() + " extra CAs, " + (proxies.any() ? "proxies" : "no proxy") + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /**
   * Configures {@code client} for this environment: the proxies (CONNECT for https), the proxy and
   * {@code .netrc} credentials (answering a 401 or 407 from exactly their host, never sent to another
   * host on a redirect), and the JDK's trust store plus the extra CAs, with failed checks that name
   * the certificate. {@code lazyTls}: build the TLS context only when the first https URL is used
   * (a client for a plain-http base URL). Only {@code http://} proxies: the JDK's client reaches no
   * proxy over TLS or SOCKS. No system property is set: the JDK sends no Basic credentials to a
   * tunnelling (https) proxy unless the application runs with {@code
   * -Djdk.http.auth.tunneling.disabledSchemes=} (the default transport of {@link HttpFetcher} needs
   * no such setting).
   *
   * @param client the builder to configure
   * @param lazyTls whether to build the TLS context only on first https use
   * @return {@code client}
   * @throws IllegalArgumentException if a proxy of this environment is an {@code https://} or {@code
   *     socks5://} one
   */
  public HttpClient.Builder configure(HttpClient.Builder client, boolean lazyTls) {
    if (!proxies.plainHttpOnly()) {
      throw new IllegalArgumentException("the JDK's HTTP client reaches only http:// proxies, not "
          + proxies.describeAll() + ": use the default (HTTP/1.1) transport");
    }
    if (proxies.any()) {
      client.proxy(proxies.selector());
    }
    if (hasCredentials()) {
      client.authenticator(authenticator());
    }
    List<X509Certificate> cas = extraCas();
    if (lazyTls) {
      client.sslContext(LazyTls.context(() -> Tls.context(cas))).sslParameters(LazyTls.parameters());
    } else {
      client.sslContext(Tls.context(cas));
    }
    return client;
  }
}
