package dev.sumdb4j.tlog.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** How a fetcher waits before a retry: completes after {@code delay} (tests complete it at once). */
@FunctionalInterface
interface Sleeper {
  /** A stage that completes normally after {@code delay}. */
  CompletionStage<Void> sleep(Duration delay);

  /** Real waiting, without blocking a thread. */
  static Sleeper system() {
    return d -> CompletableFuture.runAsync(() -> {},
        CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS));
  }
}
