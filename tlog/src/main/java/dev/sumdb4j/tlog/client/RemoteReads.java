package dev.sumdb4j.tlog.client;

import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The bottom layer of the client: its access to the remote database, at most {@code
 * maxConcurrent} requests at once, identical in-flight requests collapsed into one. Nothing is
 * remembered after a request completes (successes are cached, after authentication, in the store;
 * failures are not remembered at all). An offline client has none.
 */
final class RemoteReads {
  private final Remote remote;
  private final Semaphore permits;
  private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

  RemoteReads(Remote remote, int maxConcurrent) {
    this.remote = Objects.requireNonNull(remote, "remote");
    this.permits = new Semaphore(maxConcurrent);
  }

  /** Fetches {@code path}, sharing the request with any identical one in flight. */
  byte[] get(String path) throws IOException {
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> theirs = inFlight.putIfAbsent(path, mine);
    if (theirs != null) {
      return await(theirs).clone();
    }
    try {
      permits.acquire();
      try {
        byte[] body = remote.get(path);
        if (body == null) {
          throw new IOException("remote returned no body for " + path);
        }
        mine.complete(body);
      } finally {
        permits.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mine.completeExceptionally(new InterruptedIOException("interrupted fetching " + path));
    } catch (Throwable t) {
      mine.completeExceptionally(t);
    } finally {
      inFlight.remove(path, mine);
    }
    return await(mine); // the only copy: the requests that shared it took clones
  }

  private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for a remote read");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw c instanceof IOException io ? io : new IOException(c);
    }
  }
}
