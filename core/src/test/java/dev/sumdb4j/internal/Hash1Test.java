package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link Hash1} against the definition written out here: its read budget at its boundary, a file over budget left out. */
class Hash1Test {
  /** Hash1 of files given as name, content, name, content...: SHA-256 of the lines "hex(SHA-256(content))  name\n". */
  private static String expected(String... nameContent) throws Exception {
    MessageDigest summary = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < nameContent.length; i += 2) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(nameContent[i + 1].getBytes(StandardCharsets.UTF_8));
      summary.update((HexFormat.of().formatHex(d) + "  " + nameContent[i] + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
  }

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void addFile_budgetExactlyTheSize_read_oneLess_leftOut() throws Exception {
    Hash1 h = new Hash1();
    assertEquals(5, h.addFile("a", in("hello"), 5));
    assertEquals(-1, h.addFile("b", in("second"), 5));
    // a file over budget is left out (here after 64 KiB were read), and the next one hashes as if
    // it had never been started
    assertEquals(-1, h.addFile("e", in("x".repeat(100_000)), 99_999));
    assertEquals(6, h.addFile("c", in("second"), 6));
    assertEquals(-1, h.addFile("e", in("x".repeat(100_000)), 99_999));
    h.addFile("d", "bytes".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected("a", "hello", "c", "second", "d", "bytes"), h.result());
  }
}
