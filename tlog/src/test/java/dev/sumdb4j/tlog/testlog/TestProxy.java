package dev.sumdb4j.tlog.testlog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A small HTTP proxy on 127.0.0.1 for tests: {@code CONNECT host:port} tunnels and absolute-form
 * {@code GET}s (one per connection), every target sent to 127.0.0.1 at the port {@code ports}
 * maps the requested port to (so made-up host names work). Optionally requires {@code
 * Proxy-Authorization: Basic} credentials (407 otherwise), and TLS on the client's side (an https
 * proxy). Counts tunnels, forwarded requests and 407s, and remembers every request head it saw.
 */
public final class TestProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final IntUnaryOperator ports;
  private final String credentials;
  private final AtomicInteger tunnels = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final List<String> heads = new ArrayList<>();
  private final List<Socket> open = new ArrayList<>();

  /**
   * A proxy sending every target to 127.0.0.1 at {@code ports.applyAsInt(requested port)}, requiring
   * {@code user:password} if not null.
   */
  public TestProxy(IntUnaryOperator ports, String userPassword) throws IOException {
    this(ports, userPassword, null);
  }

  /**
   * As {@link #TestProxy(IntUnaryOperator, String)}, reached over TLS with {@code tls}'s certificate
   * if not null (an {@code https://} proxy: the client's CONNECT and requests arrive inside TLS).
   */
  public TestProxy(IntUnaryOperator ports, String userPassword, javax.net.ssl.SSLContext tls) throws IOException {
    this.socket = tls == null ? new ServerSocket(0, 64, InetAddress.getLoopbackAddress())
        : tls.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress());
    this.ports = ports;
    this.credentials = userPassword == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    Thread t = new Thread(this::acceptLoop, "test-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** The proxy's port. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Tunnels opened. */
  public int tunnels() {
    return tunnels.get();
  }

  /** Plain requests forwarded. */
  public int forwarded() {
    return forwarded.get();
  }

  /** Requests answered 407. */
  public int rejected() {
    return rejected.get();
  }

  /** Every request head received (request line and headers). */
  public synchronized List<String> heads() {
    return List.copyOf(heads);
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket s = socket.accept();
        synchronized (this) {
          open.add(s);
        }
        Thread t = new Thread(() -> handle(s), "test-proxy-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        synchronized (this) {
          heads.add(head);
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String auth = null;
        for (int i = 1; i < lines.length; i++) {
          int c = lines[i].indexOf(':');
          if (c > 0 && lines[i].substring(0, c).trim().equalsIgnoreCase("proxy-authorization")) {
            auth = lines[i].substring(c + 1).trim();
          }
        }
        if (credentials != null && !credentials.equals(auth)) {
          rejected.incrementAndGet();
          out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
              + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue;
        }
        if (requestLine[0].equals("CONNECT")) {
          String target = requestLine[1];
          int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), ports.applyAsInt(port));
          tunnels.incrementAndGet();
          out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          pipe(client, upstream, in, out);
          return;
        }
        // An absolute-form request: forward it with Connection: close and no proxy headers.
        java.net.URI u = java.net.URI.create(requestLine[1]);
        int port = u.getPort() < 0 ? 80 : u.getPort();
        StringBuilder b = new StringBuilder(requestLine[0] + " " + u.getRawPath() + " HTTP/1.1\r\n");
        for (int i = 1; i < lines.length; i++) {
          String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':'))).toLowerCase(Locale.ROOT);
          if (!name.startsWith("proxy-") && !name.equals("connection")) {
            b.append(lines[i]).append("\r\n");
          }
        }
        b.append("Connection: close\r\n\r\n");
        forwarded.incrementAndGet();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), ports.applyAsInt(port));
        upstream.getOutputStream().write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        upstream.getOutputStream().flush();
        try (upstream) {
          // The response, saying that this connection closes after it (as a proxy must when it closes).
          InputStream upIn = upstream.getInputStream();
          String responseHead = readHead(upIn);
          if (responseHead == null) {
            return;
          }
          StringBuilder h = new StringBuilder();
          for (String line : responseHead.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
              h.append(line).append("\r\n");
            }
          }
          h.append("Connection: close\r\n\r\n");
          out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
          upIn.transferTo(out);
        }
        return;
      }
    } catch (IOException | RuntimeException e) {
      // the client or the target went away
    }
  }

  private void pipe(Socket client, Socket upstream, InputStream in, OutputStream out) throws IOException {
    synchronized (this) {
      open.add(upstream);
    }
    Thread up = new Thread(() -> {
      try {
        in.transferTo(upstream.getOutputStream());
      } catch (IOException e) {
        // closed
      } finally {
        try {
          upstream.shutdownOutput();
        } catch (IOException e) {
          // closed
        }
      }
    }, "test-proxy-up");
    up.setDaemon(true);
    up.start();
    try (upstream) {
      upstream.getInputStream().transferTo(out);
    }
  }

  /** The request (or response) head up to the blank line, or null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
      }
      if (b.size() > 65536) {
        throw new IOException("request head too long");
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (this) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
