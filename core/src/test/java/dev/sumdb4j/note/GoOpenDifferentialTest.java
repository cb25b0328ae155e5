package dev.sumdb4j.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Note.open against the recorded verdicts of Go's note.Open on 3000 random edits of a signed note
 * (resource go-open-verdicts.tsv, generated with x/mod v0.7.0). Our only allowed difference:
 * we reject base64 with non-zero unused bits, which Go accepts.
 */
class GoOpenDifferentialTest {
  @Test
  void open_randomEdits_sameVerdictAsGo() throws IOException {
    byte[] base = V.utf8(V.TEXT + "\n" + V.PETER_SIG + V.ENOCH_SIG);
    List<String> diffs = new ArrayList<>();
    int cases = 0;
    int stricter = 0;
    for (String row : lines()) {
      if (row.startsWith("#") || row.isEmpty()) {
        continue;
      }
      cases++;
      String[] f = row.split("\t");
      byte[] msg = apply(base, f[0]);
      String ours;
      try {
        Note n = Note.open(msg, Verifiers.of(V.peter()));
        ours = "ok " + n.signatures().size() + " " + n.unverifiedSignatures().size();
      } catch (MalformedInputException e) {
        ours = "malformed";
        if (!f[1].equals("malformed") && e.reason().contains("not canonical padded base64")
            && nonCanonicalButGoValid(msg, e)) {
          stricter++;
          continue;
        }
      } catch (InvalidSignatureException e) {
        ours = "invalid";
      } catch (UnverifiedNoteException e) {
        ours = "unverified";
      } catch (Exception e) {
        ours = "other " + e;
      }
      if (!ours.equals(f[1])) {
        diffs.add(f[0] + ": go " + f[1] + ", ours " + ours);
      }
    }
    assertEquals(3000, cases);
    assertEquals(List.of(), diffs);
    assertTrue(stricter < 30, "stricter on " + stricter + " cases");
  }

  /** The field at the error offset decodes with Java's lenient decoder (so only its unused bits differ). */
  private static boolean nonCanonicalButGoValid(byte[] msg, MalformedInputException e) {
    int start = (int) e.offset();
    int end = start;
    while (end < msg.length && msg[end] != '\n') {
      end++;
    }
    String b64 = new String(msg, start, end - start, StandardCharsets.UTF_8);
    try {
      return b64.length() % 4 == 0 && java.util.Base64.getDecoder().decode(b64).length >= 5;
    } catch (IllegalArgumentException x) {
      return false;
    }
  }

  private static byte[] apply(byte[] base, String script) {
    List<Byte> m = new ArrayList<>();
    for (byte b : base) {
      m.add(b);
    }
    for (String op : script.split(",")) {
      String[] p = op.substring(1).split("\\.");
      int pos = Integer.parseInt(p[0]);
      switch (op.charAt(0)) {
        case 'x': m.set(pos, (byte) (m.get(pos) ^ (1 << Integer.parseInt(p[1])))); break;
        case 'r': m.set(pos, (byte) Integer.parseInt(p[1], 16)); break;
        case 'd': m.remove(pos); break;
        case 'i': m.add(pos, (byte) Integer.parseInt(p[1], 16)); break;
        default: throw new AssertionError(op);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.forEach(out::write);
    return out.toByteArray();
  }

  private static List<String> lines() throws IOException {
    try (InputStream in = GoOpenDifferentialTest.class.getResourceAsStream("go-open-verdicts.tsv")) {
      assertNotNull(in, "go-open-verdicts.tsv");
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }
}
