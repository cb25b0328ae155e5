package dev.sumdb4j.tlog.testlog;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A small SOCKS5 server on 127.0.0.1 for tests (RFC 1928 {@code CONNECT}, RFC 1929 username and
 * password): every target goes to 127.0.0.1 at the port {@code ports} maps the requested port to
 * (so made-up host names work: the name is never resolved). Requires {@code user:password} if
 * given (refusing a client that offers no username/password method with 0xFF); can answer a
 * CONNECT with a failure code. Remembers every request (as {@code name host:port} or {@code ip
 * address:port}) and the methods clients offered.
 */
public final class TestSocks implements AutoCloseable {
  private final ServerSocket socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
  private final IntUnaryOperator ports;
  private final String user;
  private final String password;
  private final int connectReply;
  private final AtomicInteger connected = new AtomicInteger();
  private final List<String> requests = new ArrayList<>();
  private final List<String> offers = new ArrayList<>();
  private final List<Socket> open = new ArrayList<>();

  /**
   * A SOCKS5 server requiring {@code userPassword} ({@code user:password}) if not null, answering
   * every CONNECT with {@code connectReply} (0: success, then piping to the target).
   */
  public TestSocks(IntUnaryOperator ports, String userPassword, int connectReply) throws IOException {
    this.ports = ports;
    if (userPassword == null) {
      this.user = null;
      this.password = null;
    } else {
      int c = userPassword.indexOf(':');
      this.user = userPassword.substring(0, c);
      this.password = userPassword.substring(c + 1);
    }
    this.connectReply = connectReply;
    Thread t = new Thread(this::acceptLoop, "test-socks");
    t.setDaemon(true);
    t.start();
  }

  /** The server's port. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Connections made to targets. */
  public int connected() {
    return connected.get();
  }

  /** Every CONNECT request: {@code name host:port} or {@code ip address:port}. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** The authentication methods each client offered, e.g. {@code [0, 2]}. */
  public synchronized List<String> offers() {
    return List.copyOf(offers);
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket s = socket.accept();
        synchronized (this) {
          open.add(s);
        }
        Thread t = new Thread(() -> handle(s), "test-socks-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void handle(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != 5) {
        return;
      }
      byte[] methods = new byte[in.readUnsignedByte()];
      in.readFully(methods);
      List<Integer> offered = new ArrayList<>();
      for (byte m : methods) {
        offered.add(m & 0xff);
      }
      synchronized (this) {
        offers.add(offered.toString());
      }
      if (user == null) {
        out.write(new byte[] {5, 0});
      } else if (!offered.contains(2)) {
        out.write(new byte[] {5, (byte) 0xff});
        out.flush();
        return;
      } else {
        out.write(new byte[] {5, 2});
        out.flush();
        in.readUnsignedByte();
        byte[] u = new byte[in.readUnsignedByte()];
        in.readFully(u);
        byte[] p = new byte[in.readUnsignedByte()];
        in.readFully(p);
        boolean ok = user.equals(new String(u, StandardCharsets.UTF_8))
            && password.equals(new String(p, StandardCharsets.UTF_8));
        out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
        out.flush();
        if (!ok) {
          return;
        }
      }
      out.flush();
      if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
        return;
      }
      in.readUnsignedByte();
      int type = in.readUnsignedByte();
      String host;
      if (type == 3) {
        byte[] name = new byte[in.readUnsignedByte()];
        in.readFully(name);
        host = "name " + new String(name, StandardCharsets.UTF_8);
      } else {
        byte[] a = new byte[type == 1 ? 4 : 16];
        in.readFully(a);
        host = "ip " + InetAddress.getByAddress(a).getHostAddress();
      }
      int port = in.readUnsignedShort();
      synchronized (this) {
        requests.add(host + ":" + port);
      }
      if (connectReply != 0) {
        out.write(new byte[] {5, (byte) connectReply, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        return;
      }
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), ports.applyAsInt(port));
      connected.incrementAndGet();
      byte[] bound = upstream.getLocalAddress().getAddress();
      out.write(new byte[] {5, 0, 0, 1, bound[0], bound[1], bound[2], bound[3],
        (byte) (upstream.getLocalPort() >> 8), (byte) upstream.getLocalPort()});
      out.flush();
      pipe(upstream, in, out);
    } catch (IOException | RuntimeException e) {
      // the client or the target went away
    }
  }

  private void pipe(Socket upstream, InputStream in, OutputStream out) throws IOException {
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
    }, "test-socks-up");
    up.setDaemon(true);
    up.start();
    try (upstream) {
      upstream.getInputStream().transferTo(out);
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
