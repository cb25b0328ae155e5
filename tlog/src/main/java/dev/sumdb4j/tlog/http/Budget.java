package dev.sumdb4j.tlog.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time a request may take: {@code requestTimeout} for all of one request (every attempt, the
 * backoff between them, any {@code Retry-After} wait), and no later than the fetcher's overall
 * deadline ({@code --deadline}), if it has one. Times are {@code ticker} nanoseconds.
 *
 * @param overallEnd the overall deadline, {@code Long.MAX_VALUE} for none
 * @param overall the overall deadline's length, or null for none
 */
record Budget(LongSupplier ticker, Duration requestTimeout, long overallEnd, Duration overall) {

  /** A budget whose overall deadline, if any, starts now. */
  static Budget start(LongSupplier ticker, Duration requestTimeout, Duration overall) {
    long end = overall == null ? Long.MAX_VALUE : saturatedAdd(ticker.getAsLong(), overall.toNanos());
    return new Budget(ticker, requestTimeout, end, overall);
  }

  /** The deadline of a request starting now. */
  Deadline forRequest() {
    long own = ticker.getAsLong() + requestTimeout.toNanos();
    long at = Math.min(own, overallEnd);
    return new Deadline(at, at < own);
  }

  /** The nanoseconds left before {@code d} (zero or less: passed). */
  long remaining(Deadline d) {
    return d.at() - ticker.getAsLong();
  }

  /** Whether a retry after {@code delay} would start at or after {@code d}. */
  boolean beyond(Deadline d, Duration delay) {
    return delay.toNanos() >= remaining(d);
  }

  /**
   * One request's deadline.
   *
   * @param at when, in ticker nanoseconds
   * @param overall whether the fetcher's overall deadline set it (rather than the request timeout)
   */
  record Deadline(long at, boolean overall) {}

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
