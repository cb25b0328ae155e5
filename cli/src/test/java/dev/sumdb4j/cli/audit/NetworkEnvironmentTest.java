package dev.sumdb4j.cli.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkEnvironmentTest {
  @TempDir Path dir;

  @Test
  void netrc_machineLoginPassword_thenDefault() throws Exception {
    Path netrc = dir.resolve("netrc");
    Files.writeString(netrc, "machine other.example login a password b\n"
        + "machine athens.example.com\n  login alice\n  password s3cret\n"
        + "default login anon password x\n");
    Map<String, String> env = Map.of("NETRC", netrc.toString());
    assertArrayEquals(new String[] {"alice", "s3cret"}, NetworkEnvironment.netrc(env, "athens.example.com"));
    assertArrayEquals(new String[] {"a", "b"}, NetworkEnvironment.netrc(env, "other.example"));
    assertArrayEquals(new String[] {"anon", "x"}, NetworkEnvironment.netrc(env, "unlisted.example"));
    assertNull(NetworkEnvironment.netrc(Map.of("NETRC", dir.resolve("absent").toString()), "x.example"));
    Files.writeString(dir.resolve(".netrc"), "machine h.example login u password p\n");
    assertArrayEquals(new String[] {"u", "p"}, NetworkEnvironment.netrc(Map.of("HOME", dir.toString()), "h.example"));
  }

  @Test
  void noProxy_hostsDomainsAndStar() {
    assertTrue(NetworkEnvironment.noProxy("localhost,.corp.example", "athens.corp.example"));
    assertTrue(NetworkEnvironment.noProxy("corp.example:8080", "athens.corp.example"));
    assertTrue(NetworkEnvironment.noProxy("*", "anything"));
    assertFalse(NetworkEnvironment.noProxy("corp.example", "notcorp.example"));
    assertFalse(NetworkEnvironment.noProxy(null, "x"));
  }
}
