package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.util.Objects;

/**
 * A server could not be reached at all: the connection was refused, its name does not resolve, it
 * did not answer in time, its certificate is not trusted, or the proxy in front of it failed. The
 * message names the host, the cause in words and, where known, what was tried: {@code
 * sum.golang.org: connection refused (dial sum.golang.org:443)}.
 *
 * <p>A fetcher built with {@link HttpFetcher.Builder#failFast} sends no further request to a host
 * after one of these: later requests fail at once with an equal exception whose {@link #sent()}
 * is false.
 */
public final class HostUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String reason;
  private final String detail;
  private final boolean sent;

  /**
   * A failure to reach {@code host}.
   *
   * @param host the host as users know it (the URL's host name)
   * @param reason the cause in words ({@code connection refused})
   * @param detail what was tried ({@code dial 127.0.0.1:1}), or empty
   * @param cause the underlying failure, or null
   */
  public HostUnavailableException(String host, String reason, String detail, Throwable cause) {
    this(host, reason, detail, true, cause);
  }

  private HostUnavailableException(String host, String reason, String detail, boolean sent, Throwable cause) {
    super(Objects.requireNonNull(host, "host") + ": " + Objects.requireNonNull(reason, "reason")
        + (Objects.requireNonNull(detail, "detail").isEmpty() ? "" : " (" + detail + ")"), cause);
    this.host = host;
    this.reason = reason;
    this.detail = detail;
    this.sent = sent;
  }

  /** The same failure for a request that was not sent because of it. */
  HostUnavailableException notSent() {
    return new HostUnavailableException(host, reason, detail, false, this);
  }

  /** {@return the host} */
  public String host() {
    return host;
  }

  /** {@return the cause in words, such as {@code connection refused} or {@code no such host}} */
  public String reason() {
    return reason;
  }

  /** {@return what was tried, such as {@code dial 127.0.0.1:1}; may be empty} */
  public String detail() {
    return detail;
  }

  /** {@return {@code <host>: <reason>}, a short reference to the full message} */
  public String summary() {
    return host + ": " + reason;
  }

  /** {@return whether this request was sent (false: not sent because the host had failed before)} */
  public boolean sent() {
    return sent;
  }
}
