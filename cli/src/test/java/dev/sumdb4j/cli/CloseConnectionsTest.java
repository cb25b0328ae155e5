package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.tlog.proxyaudit.ProxyFixture;
import dev.sumdb4j.tlog.testlog.KeepAliveServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run in one JVM (tests, an embedder) close the connections they open: after each run of
 * {@code audit proxy} and {@code lookup}, every connection to the proxy and the checksum database
 * was closed by the client (repeated runs used to leave their pools open).
 */
class CloseConnectionsTest {
  @TempDir Path dir;
  ProxyFixture f;
  ClientCloses forwarder;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    f = new ProxyFixture(3);
    forwarder = new ClientCloses(URI.create(f.proxy.url()).getPort());
    String url = "http://127.0.0.1:" + forwarder.port();
    env = new HashMap<>();
    env.put("GOPATH", dir.resolve("gopath").toString());
    env.put("GOENV", dir.resolve("no-goenv").toString());
    env.put("GOSUMDB", f.log.verifierKey() + " " + url);
    env.put("GOPROXY", url + ",direct");
    env.put("HOME", dir.toString());
  }

  @AfterEach
  void tearDown() throws IOException {
    forwarder.close();
    f.close();
  }

  @Test
  void auditProxy_repeatedRuns_closeEveryConnection() throws Exception {
    Path goSum = dir.resolve("go.sum");
    f.writeGoSum(goSum, f.good);
    for (int i = 0; i < 3; i++) {
      Cli.Result r = Cli.run(env, "audit", "proxy", "--proxy-timeout", "5", "--state",
          dir.resolve("state" + i).toString(), goSum.toString());
      assertEquals(ExitCodes.OK, r.exit(), r.toString());
      forwarder.awaitAllClosedByClient();
    }
    assertTrue(forwarder.accepted() >= 6, "a database and a proxy connection per run: " + forwarder.accepted());
  }

  @Test
  void lookup_closesItsConnections() throws Exception {
    var mv = f.good.get(0);
    Cli.Result r = Cli.run(env, "lookup", mv.path() + "@" + mv.version());
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertTrue(forwarder.accepted() >= 1);
    forwarder.awaitAllClosedByClient();
  }

  /**
   * A TCP forwarder on 127.0.0.1 counting the connections the client has not closed: one the server
   * closed (an idle timeout) still counts, so only the client's close makes the count zero.
   */
  static final class ClientCloses implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    ClientCloses(int targetPort) throws IOException {
      this.target = targetPort;
      this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "client-closes-accept");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    void awaitAllClosedByClient() throws InterruptedException {
      KeepAliveServer.await(() -> open.get() == 0, "connections the client left open: " + open.get());
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket in = listener.accept();
          accepted.incrementAndGet();
          open.incrementAndGet();
          Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
          pipe(in, out, true);
          pipe(out, in, false);
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pipe(Socket from, Socket to, boolean fromClient) {
      Thread t = new Thread(() -> {
        boolean eof = false;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          in.transferTo(out);
          eof = true;
        } catch (IOException e) {
          // a socket was closed by the other pipe
        } finally {
          if (fromClient && eof) {
            open.decrementAndGet(); // the client closed its connection
          }
          try {
            from.close();
            to.close();
          } catch (IOException e) {
            // closed
          }
        }
      }, "client-closes-pipe");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
