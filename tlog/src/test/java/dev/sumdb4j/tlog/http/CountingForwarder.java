package dev.sumdb4j.tlog.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, counting the connections clients open (each
 * TLS connection is one handshake): bytes pass unchanged both ways.
 */
final class CountingForwarder implements Closeable {
  private final ServerSocket listener;
  private final int target;
  private final AtomicInteger connections = new AtomicInteger();

  CountingForwarder(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "forwarder");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        connections.incrementAndGet();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        pipe(in, out);
        pipe(out, in);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // closed
        }
      }
    }, "forwarder-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
