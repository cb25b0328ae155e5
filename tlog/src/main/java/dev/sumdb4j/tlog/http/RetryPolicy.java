package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a request again and after how long: connection failures, 429 and 5xx, up to {@code
 * maxRetries} times after the first attempt, with exponential backoff and jitter, or after the
 * server's {@code Retry-After} (seconds or an HTTP-date, capped at {@code maxRetryAfter}).
 *
 * @param sleeper how to wait
 * @param clock what an HTTP-date {@code Retry-After} is measured against
 * @param random the jitter, uniform in [0, 1]
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
    Sleeper sleeper, Clock clock, DoubleSupplier random) {

  /** Whether a response with {@code status} after attempt {@code attempt} (0 for the first) is retried. */
  boolean retriesStatus(int status, int attempt) {
    return (status == 429 || status >= 500) && attempt < maxRetries;
  }

  /** Whether a failure {@code t} before any response, after attempt {@code attempt}, is retried. */
  boolean retriesFailure(Throwable t, int attempt) {
    return isConnectionFailure(t) && attempt < maxRetries;
  }

  private static boolean isConnectionFailure(Throwable t) {
    // Failures before any response: refused, reset, closed. A request timeout is not retried.
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
        || t instanceof ClosedChannelException) {
      return true;
    }
    if (t instanceof HttpTimeoutException || t instanceof ResponseTooLargeException
        || t instanceof javax.net.ssl.SSLHandshakeException || t instanceof Socks5.Failure) {
      return false; // a timed-out attempt, an oversized answer, a bad certificate or a SOCKS refusal will not improve
    }
    return t instanceof IOException;
  }

  /** Exponential backoff with jitter: a random delay in [b/2, b] for b = initial * 2^attempt, capped. */
  Duration backoff(int attempt) {
    long initial = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long b = initial;
    for (int i = 0; i < attempt && b < cap; i++) {
      b *= 2;
    }
    b = Math.min(b, cap);
    double r = random.getAsDouble();
    if (!(r >= 0 && r <= 1)) {
      r = 1;
    }
    return Duration.ofMillis(b / 2 + Math.round(r * (b - b / 2)));
  }

  /** The delay the server asked for in a {@code Retry-After} header value, if usable (not capped). */
  Optional<Duration> requested(Optional<String> retryAfter) {
    return retryAfter.flatMap(v -> parseRetryAfter(v, clock));
  }

  /** {@code d}, at most {@code maxRetryAfter}. */
  Duration cap(Duration d) {
    return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
  }

  /** A {@code Retry-After} value: whole seconds, or an HTTP-date (a past one is zero). */
  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.trim();
    if (!v.isEmpty() && v.length() <= 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
