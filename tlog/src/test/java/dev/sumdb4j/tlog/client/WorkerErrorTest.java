package dev.sumdb4j.tlog.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An Error in a worker ends a batch at once, as itself: it is neither swallowed nor waited past. */
class WorkerErrorTest {
  @Test
  void errorInOneLookup_endsTheBatchAtOnce_whileAnotherStillWaits() throws Exception {
    TestLog log = TestLog.create("example.com/sumdb", 2);
    CountDownLatch never = new CountDownLatch(1);
    Remote remote = path -> {
      if (path.contains("/slow")) {
        try {
          never.await(); // a request that will not complete while the test runs
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new java.io.IOException("interrupted");
      }
      throw new OutOfMemoryError("test: Java heap space");
    };
    SumdbClient client = SumdbClient.builder().verifierKey(log.verifierKey()).remote(remote).tileHeight(2).build();
    List<ModuleVersion> modules = List.of(ModuleVersion.of("example.com/slow", "v1.0.0"),
        ModuleVersion.of("example.com/oom", "v1.0.0"));
    CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
      try {
        return client.lookupAll(modules);
      } catch (Exception e) {
        return e;
      }
    });
    try {
      ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
      assertInstanceOf(OutOfMemoryError.class, e.getCause());
      assertEquals("test: Java heap space", e.getCause().getMessage());
    } finally {
      never.countDown();
    }
  }
}
