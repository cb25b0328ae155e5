package dev.sumdb4j.tlog.testlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers every GET with {@code hello\n} and keeps the
 * connection alive until the client closes it, counting the connections open (or with what a
 * handler gives for the request path: null is a 404).
 */
public final class KeepAliveServer implements AutoCloseable {
  /** The body of every answer of {@link #KeepAliveServer()}. */
  public static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
  /** The prefix of the server's threads' names. */
  public static final String THREAD_PREFIX = "keepalive-server";

  private final ServerSocket socket;
  private final Function<String, byte[]> handler;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicInteger threads = new AtomicInteger();

  /**
   * A server answering {@link #HELLO} to everything.
   *
   * @throws IOException if it cannot listen
   */
  public KeepAliveServer() throws IOException {
    this(path -> HELLO);
  }

  /**
   * A server answering {@code handler}'s body for the request path (null: 404).
   *
   * @param handler the body for a path
   * @throws IOException if it cannot listen
   */
  public KeepAliveServer(Function<String, byte[]> handler) throws IOException {
    this.handler = handler;
    socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, THREAD_PREFIX + "-accept");
    t.setDaemon(true);
    t.start();
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  public int open() {
    return open.get();
  }

  public int accepted() {
    return accepted.get();
  }

  public int requests() {
    return requests.get();
  }

  /** Waits until {@code n} connections are open (fails after a generous bound, never a timing check). */
  public void awaitOpen(int n) throws InterruptedException {
    await(() -> open.get() == n, "connections open: " + open.get() + ", want " + n);
  }

  public static void await(BooleanSupplier done, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what);
      }
      Thread.sleep(10);
    }
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return;
      }
      open.incrementAndGet();
      accepted.incrementAndGet();
      synchronized (sockets) {
        sockets.add(s);
      }
      Thread t = new Thread(() -> serve(s), THREAD_PREFIX + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      String path;
      while ((path = readRequest(in)) != null) {
        requests.incrementAndGet();
        byte[] body;
        try {
          body = handler.apply(path);
        } catch (RuntimeException e) {
          body = null;
        }
        String status = body == null ? "404 Not Found" : "200 OK";
        body = body == null ? "not found\n".getBytes(StandardCharsets.US_ASCII) : body;
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.decrementAndGet();
    }
  }

  /** Reads one request's head and returns its path; null at the end of the stream (the client closed). */
  private static String readRequest(InputStream in) throws IOException {
    int state = 0;
    int n = 0;
    StringBuilder head = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      n++;
      head.append((char) c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
          : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
        return requestLine.length > 1 ? requestLine[1] : "/";
      }
      if (n > 65536) {
        throw new IOException("request head too long");
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
