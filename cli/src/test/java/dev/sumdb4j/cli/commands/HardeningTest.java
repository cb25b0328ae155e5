package dev.sumdb4j.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.tlog.testlog.TestLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration and data the CLI must refuse early and clearly (issue #10, item 9). */
class HardeningTest {
  @TempDir Path tmp;

  @Test
  void gosumdbFileOrCredentialsUrl_exit2AtConfiguration_passwordNeverShown() throws Exception {
    String key = TestLog.create("localhost.localdev/sumdb", 8).verifierKey().toString();
    Path goSum = Files.writeString(tmp.resolve("go.sum"), "example.com/a v1.0.0 " + OnlineCommandsTest.h1("a") + "\n");
    Map<String, String> env = Map.of("GOPATH", tmp.resolve("gopath").toString(), "GOENV", "off", "GOPROXY", "off");
    for (String url : List.of("file://" + tmp.resolve("db"), "https://user:s3cret@127.0.0.1:1",
        "http://user:s3cret@127.0.0.1:1/db")) {
      for (String command : List.of("verify", "latest")) {
        Run.Result r = command.equals("verify")
            ? Run.run(env, "verify", "--gosumdb", key + " " + url, goSum.toString())
            : Run.run(env, "latest", "--gosumdb", key + " " + url);
        assertEquals(2, r.exit(), () -> url + ": " + r);
        assertTrue(r.err().contains("invalid GOSUMDB URL"), () -> url + ": " + r);
        assertFalse((r.out() + r.err()).contains("s3cret"), () -> url + ": " + r);
      }
    }
  }
}
