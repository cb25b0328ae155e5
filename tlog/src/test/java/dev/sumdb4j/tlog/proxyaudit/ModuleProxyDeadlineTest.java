package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.modzip.ModuleZip;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deadline of a module proxy's request (#13): a proxy that sends a byte now and then never
 * stalls, yet cannot keep a download going beyond the deadline, and the retries of a request fit in
 * it too. The deadlines here are short; the preemptive bounds only stop a broken build from hanging.
 */
class ModuleProxyDeadlineTest {
  /** Far more than any test here needs: a guard against a hang, not a timing assertion. */
  private static final Duration HANG = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private TestProxy server;

  @BeforeEach
  void start() throws IOException {
    server = new TestProxy();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ModuleProxy proxy(Duration deadline) throws Exception {
    // a stall timeout far above the drip's interval: only the deadline can end the download
    return ModuleProxy.builder().baseUri(server.url()).stallTimeout(Duration.ofSeconds(30)).deadline(deadline).build();
  }

  @Test
  void drippingZip_failsAtTheDeadline_namingTheUrlAndTheDeadline() throws Exception {
    server.put("/m/@v/v1.0.0.zip", new byte[100_000]); // 50 bytes a second: more than half an hour
    server.drip("/m/@v/v1.0.0.zip", 20);
    ModuleProxy proxy = proxy(Duration.ofSeconds(1));
    IOException e = assertTimeoutPreemptively(HANG, () -> assertThrows(IOException.class,
        () -> proxy.download("/m/@v/v1.0.0.zip", tmp.resolve("m.zip"), ModuleZip.MAX_ZIP_FILE)));
    assertTrue(e instanceof HttpTimeoutException, e.toString());
    assertEquals("reading " + server.url() + "/m/@v/v1.0.0.zip: not complete within the 1 s deadline", e.getMessage());
  }

  @Test
  void drippingGoMod_failsAtTheDeadline() throws Exception {
    server.put("/m/@v/v1.0.0.mod", new byte[100_000]);
    server.drip("/m/@v/v1.0.0.mod", 20);
    ModuleProxy proxy = proxy(Duration.ofMillis(700));
    IOException e = assertTimeoutPreemptively(HANG, () -> assertThrows(IOException.class,
        () -> proxy.get("/m/@v/v1.0.0.mod", ModuleZip.MAX_GO_MOD)));
    assertEquals("reading " + server.url() + "/m/@v/v1.0.0.mod: not complete within the 700 ms deadline",
        e.getMessage());
  }

  @Test
  void retryAfterBeyondTheDeadline_failsAtOnce_sayingSo() throws Exception {
    server.busy("/m/@v/v1.0.0.zip", 5);
    ModuleProxy proxy = proxy(Duration.ofSeconds(2));
    IOException e = assertTimeoutPreemptively(HANG, () -> assertThrows(IOException.class,
        () -> proxy.download("/m/@v/v1.0.0.zip", tmp.resolve("m.zip"), ModuleZip.MAX_ZIP_FILE)));
    assertTrue(e.getMessage().startsWith("reading " + server.url() + "/m/@v/v1.0.0.zip: 503 Service Unavailable:"
        + " server asked to retry after 5 s, beyond the 2 s deadline"), e.getMessage());
    assertEquals(1, server.requests("/m/@v/v1.0.0.zip"), "no retry that could only start after the deadline");
  }

  @Test
  void deadline_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> ModuleProxy.builder().deadline(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ModuleProxy.builder().deadline(Duration.ofSeconds(-1)));
  }
}
