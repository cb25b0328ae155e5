package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Sends one GET and hands back its status, headers and body, nothing more: no retries, no status
 * policy, no messages ({@link HttpFetcher} does those). Redirects are followed within one exchange,
 * never to another scheme than http and https and never from https to http; the network
 * environment's proxies, credentials and trust apply.
 *
 * <p>Implementations are safe for concurrent use.
 */
interface Transport {
  /**
   * Sends a GET for {@code uri}. The body of a 200 is read through a {@link CappedBody} of {@code
   * cap} bytes (a larger one fails with {@link ResponseTooLargeException}), any other
   * body up to {@link CappedBody#ERROR_BODY_BYTES}. The future fails with the transport's own
   * exception (an {@link java.io.IOException}, or an {@link Error}), and with a {@link
   * java.util.concurrent.TimeoutException} if the exchange, headers and body, takes longer than
   * {@code timeoutNanos}. Cancelling it abandons the exchange.
   */
  CompletableFuture<Response> get(URI uri, String userAgent, long timeoutNanos, long cap);

  /**
   * Sends a GET for {@code uri} on the calling thread and hands the body of a 200 to {@code receiver}
   * as it arrives ({@link HttpFetcher.BodyReceiver#start} first), never holding it whole; any other
   * body is read up to {@link CappedBody#ERROR_BODY_BYTES} into the response. Fails with a {@link
   * java.util.concurrent.TimeoutException} once no byte has arrived for {@code stallNanos}
   * (connecting, waiting for the headers or reading the body) or once {@code deadlineNanos} have
   * passed since the call, however the bytes arrive, and with a {@link ReceiverFailed} wrapping
   * whatever {@code receiver} threw.
   *
   * @throws UnsupportedOperationException if this transport cannot stream
   */
  default Streamed stream(URI uri, String userAgent, long stallNanos, long deadlineNanos,
      HttpFetcher.BodyReceiver receiver) throws Exception {
    throw new UnsupportedOperationException("streaming needs the HTTP/1.1 transport");
  }

  /**
   * A streamed response: the status, the first header values and the capped body of anything but a
   * 200 ({@code response}), every header ({@code headers}, names in lower case) and the length of a
   * 200 body handed to the receiver ({@code size}).
   */
  record Streamed(Response response, Map<String, List<String>> headers, long size) {}

  /** The receiver of a streamed body failed: its exception, to be rethrown as it is. */
  static final class ReceiverFailed extends IOException {
    private static final long serialVersionUID = 1L;

    ReceiverFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }

    /** The receiver's exception. */
    IOException failure() {
      return (IOException) getCause();
    }
  }

  /** The TLS context (tests). */
  SSLContext sslContext();

  /**
   * Releases the transport's connections (idle ones at once, leased ones when their exchange
   * ends) and whatever threads it started; later requests fail. Idempotent.
   */
  void close();

  /**
   * Whether {@link #get} does the exchange on the calling thread and returns a completed future
   * (then the fetcher runs it where it may block), rather than returning at once.
   */
  default boolean blocking() {
    return false;
  }

  /** A response: status, headers (the first value of a name, case-insensitive) and the capped body. */
  record Response(int status, Function<String, Optional<String>> headers, byte[] body) {
    /** The first value of header {@code name}. */
    Optional<String> header(String name) {
      return headers.apply(name);
    }
  }
}
