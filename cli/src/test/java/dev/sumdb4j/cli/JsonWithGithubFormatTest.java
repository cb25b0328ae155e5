package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} with {@code --format github} (#12): both would claim standard output (a failing
 * {@code proof verify} printed its annotations after the document). The rule: a usage error, exit
 * 2, stdout one JSON document saying so, on every command that has both options and whatever the
 * inputs would have given; {@code --format github} alone still annotates.
 */
class JsonWithGithubFormatTest {
  @TempDir Path tmp;

  @Test
  void jsonAndGithubFormat_usageError_oneDocument_onEveryPath() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", Examples.copyGopath(tmp).toString());
    env.put("GOENV", "off");
    env.put("GOPROXY", "off");
    Path goSum = RealData.projectRoot().resolve("examples/go.sum");
    Path dir = tmp.resolve("proofs");
    Cli.Result export = Cli.run(env, "proof", "export", "--offline", "--dir", dir.toString(), goSum.toString());
    assertEquals(0, export.exit(), export::toString);
    // One proof that does not verify (exit 3), the path that mixed annotations into the document.
    Path bad = dir.resolve("rsc.io/quote@v1.5.2.tlog-proof");
    List<String> lines = new ArrayList<>(Files.readAllLines(bad));
    lines.set(2, (lines.get(2).charAt(0) == 'A' ? "B" : "A") + lines.get(2).substring(1));
    Files.write(bad, lines);
    Path uncovered = Files.writeString(tmp.resolve("uncovered.sum"),
        "example.com/none v1.0.0 " + Cli.fakeHash("none") + "\n");
    Path malformed = Files.writeString(tmp.resolve("malformed.sum"), "rsc.io/quote v1.5.2\n");

    Cli.Result text = Cli.run(env, "proof", "verify", "--format", "github", "--go-sum", goSum.toString(),
        dir.toString());
    assertEquals(3, text.exit(), text::toString);
    assertTrue(text.out().contains("::error file="), "github alone still annotates\n" + text);

    List<String[]> runs = List.of(
        new String[] {"proof", "verify", "--json", "--format", "github", "--go-sum", goSum.toString(), dir.toString()},
        new String[] {"proof", "verify", "--format", "github", "--json", "--go-sum", uncovered.toString(),
            dir.toString()},
        new String[] {"proof", "verify", "--json", "--format", "github", "--go-sum", malformed.toString(),
            dir.toString()},
        new String[] {"proof", "verify", "--json", "--format=github", dir.toString()},
        new String[] {"verify", "--offline", "--json", "--format", "github", goSum.toString()},
        new String[] {"verify", "--offline", "--json", "--format", "github", malformed.toString()},
        new String[] {"proof", "export", "--offline", "--json", "--format", "github", "--bundle",
            tmp.resolve("b.json").toString(), goSum.toString()},
        new String[] {"modcache", "verify", "--offline", "--json", "--format", "github", goSum.toString()});
    for (String[] args : runs) {
      String what = String.join(" ", args);
      Cli.Result r = Cli.run(env, args);
      JsonNode doc = JsonAlwaysTest.oneDocument(r, what);
      assertEquals(2, r.exit(), () -> what + "\n" + r);
      assertTrue(doc.get("message").asText().startsWith("--json and --format github cannot be used together"),
          () -> what + "\n" + r);
      assertTrue(r.err().contains("--json and --format github cannot be used together"), () -> what + "\n" + r);
    }
    assertTrue(Files.notExists(tmp.resolve("b.json")), "nothing ran");
  }
}
