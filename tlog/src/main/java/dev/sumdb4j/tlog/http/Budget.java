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
    long end = overall == null ? Long.MAX_VALUE : saturatedAdd(ticker.getAsLong(), nanos(overall));
    return new Budget(ticker, requestTimeout, end, overall);
  }

  /** The deadline of a request starting now. */
  Deadline forRequest() {
    return within(requestTimeout);
  }

  /** The deadline of a request that may take {@code length} from now, and end no later than the overall deadline. */
  Deadline within(Duration length) {
    long own = saturatedAdd(ticker.getAsLong(), nanos(length));
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

  /** {@code d} in nanoseconds, {@code Long.MAX_VALUE} for a duration of centuries. */
  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
