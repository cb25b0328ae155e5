package dev.sumdb4j.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses every connection for as long as this is open: a socket bound to
 * 127.0.0.1 that never listens, so a connection to the port gets a reset ("connection refused").
 *
 * <p>The port stays reserved: a test's server binding port 0 cannot be given it (the kernel picks
 * only free ports), and neither can one binding it by number (this socket does not allow address
 * reuse). The usual alternative, a {@code ServerSocket} opened and closed to learn a free port,
 * frees the port for the very next server that asks: one CI run had another test's authenticating
 * proxy on it, and got "proxy authentication required" instead of "connection refused". Keep it
 * open while the test uses the port (try-with-resources, or close it in {@code @AfterEach}/{@code
 * @AfterAll}).
 */
public final class RefusedPort implements AutoCloseable {
  private final Socket reserved;

  private RefusedPort(Socket reserved) {
    this.reserved = reserved;
  }

  /** Reserves a loopback port that refuses connections until {@link #close()}. */
  public static RefusedPort open() {
    Socket s = new Socket();
    try {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return new RefusedPort(s);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot reserve a loopback port", e);
    }
  }

  /** The port number. */
  public int port() {
    return reserved.getLocalPort();
  }

  /** {@code 127.0.0.1:PORT}. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String httpUrl() {
    return "http://" + hostPort();
  }

  /** Frees the port. */
  @Override
  public void close() {
    try {
      reserved.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
