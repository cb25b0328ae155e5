package dev.sumdb4j.tlog.proxyaudit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Receives a 200 body: hashes and writes each buffer, fails past the limit, and aborts the
 * exchange when no byte has arrived for the stall timeout.
 */
final class BodySink implements HttpResponse.BodySubscriber<Long> {
  private final String url;
  private final long limit;
  private final Sink sink;
  private final java.security.MessageDigest sha;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private volatile java.util.concurrent.Flow.Subscription subscription;
  private volatile long lastActivity = System.nanoTime();
  /** The failure that aborted the exchange, if any (set before the exchange completes). */
  volatile IOException failure;
  long size;

  /** Where the bytes go. */
  @FunctionalInterface
  interface Sink {
    void write(ByteBuffer b) throws IOException;
  }

  BodySink(String url, long limit, Sink sink) {
    this.url = url;
    this.limit = limit;
    this.sink = sink;
    try {
      this.sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError("bad math: every Java platform has SHA-256", e);
    }
  }

  /** Fails {@code exchange} once no byte has arrived for {@code stall}. */
  void watch(CompletableFuture<?> exchange, Duration stall) {
    long stallNanos = stall.toNanos();
    Runnable[] check = new Runnable[1];
    check[0] = () -> {
      if (exchange.isDone()) {
        return;
      }
      long idle = System.nanoTime() - lastActivity;
      if (idle >= stallNanos) {
        abort(new java.net.http.HttpTimeoutException("reading " + url + ": no data for "
            + stall.toMillis() + " ms (proxy stalled)"));
        exchange.cancel(true);
      } else {
        CompletableFuture.delayedExecutor(stallNanos - idle, TimeUnit.NANOSECONDS).execute(check[0]);
      }
    };
    CompletableFuture.delayedExecutor(stallNanos, TimeUnit.NANOSECONDS).execute(check[0]);
  }

  void abort(IOException e) {
    if (failure == null) {
      failure = e;
    }
    var s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(e);
  }

  String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  @Override
  public java.util.concurrent.CompletionStage<Long> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
    subscription = s;
    lastActivity = System.nanoTime();
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    lastActivity = System.nanoTime();
    try {
      for (ByteBuffer b : items) {
        size += b.remaining();
        if (size > limit) {
          abort(new ResponseTooLargeException(url, limit));
          return;
        }
        sha.update(b.duplicate());
        sink.write(b);
      }
    } catch (IOException e) {
      abort(new IOException("reading " + url + ": writing the body: " + ModuleProxy.describe(e), e));
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(size);
  }
}

