package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.testlog.KeepAliveServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ModuleProxy#close}: the proxy server sees the client's connections closed (the leak an
 * {@code audit proxy} run per request left open), repeated build/get/close cycles leave none,
 * close is idempotent and use after close fails clearly.
 */
class ModuleProxyCloseTest {
  KeepAliveServer server;

  @BeforeEach
  void start() throws Exception {
    server = new KeepAliveServer(path -> "v1.0.0\n".getBytes(StandardCharsets.US_ASCII));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  ModuleProxy proxy() throws Exception {
    return ModuleProxy.builder().baseUri(server.url()).stallTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void close_serverSeesConnectionsClosed_twiceHarmless_useFails() throws Exception {
    ModuleProxy p = proxy();
    assertEquals("v1.0.0", new String(p.get("/example.com/m/@v/list", 1024).body(), StandardCharsets.US_ASCII).strip());
    assertTrue(server.open() >= 1);
    p.close();
    server.awaitOpen(0); // without close the pooled connection stays open
    p.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.get("/example.com/m/@v/list", 1024));
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> p.list("example.com/m"));
  }

  @Test
  void repeatedCycles_leaveNoConnections() throws Exception {
    for (int i = 0; i < 200; i++) {
      try (ModuleProxy p = proxy()) {
        p.get("/example.com/m/@v/list", 1024);
      }
    }
    server.awaitOpen(0);
    assertTrue(server.accepted() >= 200, "each client had its own pool: " + server.accepted());
  }
}
