package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed data served by the database is the database's fault and cannot be authenticated: the
 * same exit code (3, SECURITY) whether it is {@code /latest} or a lookup, and whichever command
 * reads it.
 */
class MalformedServerDataTest {
  private static final byte[] GARBAGE = "<html>not what you asked for</html>\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private TestLog log;
  private LogServer server;
  private Map<String, String> env;
  private Path goSum;

  @BeforeEach
  void start() throws Exception {
    log = TestLog.create("localhost.localdev/sumdb", 8);
    String zip = OnlineCommandsTest.h1("zip");
    log.addModule("example.com/m", "v1.0.0", zip, OnlineCommandsTest.h1("mod"));
    log.addModule("example.com/n", "v1.0.0", OnlineCommandsTest.h1("zip n"), OnlineCommandsTest.h1("mod n"));
    server = new LogServer(log);
    env = server.env(tmp.resolve("gopath"));
    goSum = tmp.resolve("go.sum");
    Files.writeString(goSum, "example.com/m v1.0.0 " + zip + "\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void latest_malformed_exit3() {
    log.override("/latest", GARBAGE);
    Run.Result r = Run.run(env, "latest");
    assertEquals(ExitCodes.SECURITY, r.exit(), r::toString);
    assertTrue(r.err().contains("/latest: the signed tree does not authenticate: "), r::toString);
  }

  @Test
  void verify_malformedLookup_exit3() {
    log.override("/lookup/example.com/m@v1.0.0", GARBAGE);
    Run.Result r = Run.run(env, "verify", goSum.toString());
    assertEquals(ExitCodes.SECURITY, r.exit(), r::toString);
    assertTrue(r.out().contains("error example.com/m v1.0.0") && r.out().contains("cannot authenticate"),
        r::toString);
    assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
  }

  @Test
  void lookup_malformedLookup_exit3() {
    log.override("/lookup/example.com/m@v1.0.0", GARBAGE);
    Run.Result r = Run.run(env, "lookup", "example.com/m@v1.0.0");
    assertEquals(ExitCodes.SECURITY, r.exit(), r::toString);
  }

  @Test
  void latestAndVerify_sameCodeForMalformedData() {
    log.override("/latest", GARBAGE);
    log.override("/lookup/example.com/m@v1.0.0", GARBAGE);
    assertEquals(Run.run(env, "latest").exit(), Run.run(env, "verify", goSum.toString()).exit());
  }
}
