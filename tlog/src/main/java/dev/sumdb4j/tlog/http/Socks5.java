package dev.sumdb4j.tlog.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS version 5 {@code CONNECT} (RFC 1928), with the username and password
 * of RFC 1929, as Go's net/http does it for a {@code socks5://} proxy: the target's host name is
 * sent to the proxy (which resolves it), never looked up here; without credentials only "no
 * authentication" is offered; with them, that and username/password. Apache HttpClient has no SOCKS
 * client of its own, and the JDK's ({@code new Socket(Proxy)}) takes credentials only from the
 * process-wide {@link java.net.Authenticator} (and sends the local user name when it has none).
 */
final class Socks5 {
  private static final int VERSION = 5;
  private static final int NO_AUTH = 0;
  private static final int USER_PASSWORD = 2;
  private static final int NO_ACCEPTABLE = 0xff;
  /** The reply codes of RFC 1928 section 6, in Go's words. */
  private static final String[] REPLIES = {"succeeded", "general SOCKS server failure",
    "connection not allowed by ruleset", "network unreachable", "host unreachable", "connection refused",
    "TTL expired", "command not supported", "address type not supported"};

  private Socks5() {}

  /**
   * The proxy refused or broke the exchange: {@code reason} says what in a few words (as {@link
   * HostUnavailableException#reason}), {@code detail} how. Not worth a retry.
   */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final String detail;

    Failure(String reason, String detail) {
      super("socks5: " + reason + ": " + detail);
      this.reason = reason;
      this.detail = detail;
    }

    /** What went wrong, in a few words. */
    String reason() {
      return reason;
    }

    /** How. */
    String detail() {
      return detail;
    }
  }

  /**
   * A socket whose {@link #connect(SocketAddress, int)} goes through {@code proxy} when {@code route}
   * says so for the target (the address handed to it may be unresolved: the proxy resolves it), and
   * straight to the target otherwise (resolving it here if needed).
   */
  static final class RoutedSocket extends Socket {
    /** Chooses the SOCKS5 proxy for a target host and port, or null to connect directly. */
    interface Route {
      ProxyConfig.ProxyUrl socksFor(String host, int port);
    }

    private final Route route;

    RoutedSocket(Route route) {
      this.route = route;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress target)) {
        super.connect(endpoint, timeout);
        return;
      }
      ProxyConfig.ProxyUrl proxy = route.socksFor(target.getHostString(), target.getPort());
      if (proxy == null) {
        super.connect(target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort())
            : target, timeout);
        return;
      }
      super.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeout);
      int before = getSoTimeout();
      setSoTimeout(timeout);
      try {
        handshake(getInputStream(), getOutputStream(), target.getHostString(), target.getPort(), proxy);
      } catch (IOException e) {
        close();
        throw e;
      }
      setSoTimeout(before);
    }
  }

  /**
   * Asks the proxy on {@code in}/{@code out} to connect to {@code host:port}, authenticating with the
   * credentials of {@code proxy}'s URL if it asks for them.
   *
   * @throws Failure if the proxy refuses (credentials, target) or answers out of protocol
   * @throws IOException if the connection fails
   */
  static void handshake(InputStream rawIn, OutputStream out, String host, int port, ProxyConfig.ProxyUrl proxy)
      throws IOException {
    DataInputStream in = new DataInputStream(rawIn);
    boolean credentials = proxy.hasCredentials();
    out.write(credentials ? new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD} : new byte[] {VERSION, 1, NO_AUTH});
    out.flush();
    int version = in.readUnsignedByte();
    int method = in.readUnsignedByte();
    if (version != VERSION) {
      throw new Failure("proxy failed", "not a SOCKS5 proxy (version " + version + ")");
    }
    if (method == NO_ACCEPTABLE) {
      throw credentials
          ? new Failure("proxy authentication failed", "the proxy accepts neither no authentication nor a username"
              + " and password")
          : new Failure("proxy authentication required", "put user:password@ in the proxy URL");
    }
    if (method == USER_PASSWORD && credentials) {
      byte[] user = proxy.user().getBytes(StandardCharsets.UTF_8);
      byte[] password = proxy.password().getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(1);
      b.write(user.length);
      b.write(user, 0, user.length);
      b.write(password.length);
      b.write(password, 0, password.length);
      out.write(b.toByteArray());
      out.flush();
      in.readUnsignedByte(); // the subnegotiation's version
      if (in.readUnsignedByte() != 0) {
        throw new Failure("proxy authentication failed", "the proxy refused the credentials in its URL");
      }
    } else if (method != NO_AUTH) {
      throw new Failure("proxy failed", "the proxy chose an authentication method that was not offered (" + method + ")");
    }
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(new byte[] {VERSION, 1, 0}, 0, 3); // CONNECT
    InetAddress ip = ProxyConfig.parseIp(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    if (ip != null) {
      byte[] a = ip.getAddress();
      req.write(a.length == 4 ? 1 : 4);
      req.write(a, 0, a.length);
    } else {
      byte[] name = host.getBytes(StandardCharsets.UTF_8);
      if (name.length > 255) {
        throw new Failure("proxy failed", "host name too long for SOCKS5: " + host);
      }
      req.write(3);
      req.write(name.length);
      req.write(name, 0, name.length);
    }
    req.write(port >> 8);
    req.write(port & 0xff);
    out.write(req.toByteArray());
    out.flush();
    version = in.readUnsignedByte();
    int status = in.readUnsignedByte();
    in.readUnsignedByte(); // reserved
    int type = in.readUnsignedByte();
    if (version != VERSION) {
      throw new Failure("proxy failed", "not a SOCKS5 proxy (version " + version + ")");
    }
    if (status != 0) {
      throw new Failure("proxy could not connect", "the proxy answered CONNECT " + host + ":" + port + " with "
          + (status < REPLIES.length ? REPLIES[status] : "unknown reply " + status));
    }
    int skip;
    switch (type) {
      case 1: skip = 4; break;
      case 4: skip = 16; break;
      case 3: skip = in.readUnsignedByte(); break;
      default: throw new Failure("proxy failed", "unknown address type " + type + " in the proxy's reply");
    }
    in.readFully(new byte[skip + 2]); // the bound address and port, not needed
  }
}
