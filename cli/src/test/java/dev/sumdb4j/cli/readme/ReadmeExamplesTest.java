package dev.sumdb4j.cli.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.cli.readme.Snippets.Given;
import dev.sumdb4j.cli.readme.Snippets.Snippet;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.tlog.cache.DiskStore;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.http.FileRemote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every {@code ```java} block of README.md's "Use the library" section, exactly as
 * written, against real sum.golang.org data; their {@code // prints:} lines must come true.
 *
 * <p>Names a snippet uses without declaring are the values the README's prose says are given:
 * {@code signedTree} (a signed tree note), {@code tree} (its authenticated checkpoint), {@code record}
 * and {@code proofLines} (a record and its inclusion proof in that tree), {@code proofFile} and
 * {@code entry} (a c2sp.org/tlog-proof file and the entry it proves), {@code gopath} and {@code goSum}
 * (a GOPATH with a real go command sumdb cache, and the go.sum it verifies), {@code remote} (that
 * cache served as the database).
 */
@Tag("slow")
class ReadmeExamplesTest {
  static final String SECTION = "Use the library";

  @TempDir Path tmp;

  static String readme() throws Exception {
    return Files.readString(RealData.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The values README snippets may use by name, from the real data. */
  static Map<String, Given> given(Path tmp) throws Exception {
    Path real = RealData.dir();
    byte[] signedTree = Files.readAllBytes(real.resolve("checkpoints/54715574.note"));
    Note note = Note.open(signedTree, Verifiers.of(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY)));
    Checkpoint tree = Checkpoint.parse("54715574.note", note.text().getBytes(StandardCharsets.UTF_8));
    Path agentrail = real.resolve("proofs/agentrail-yaml.v3");
    Path tlogProof = real.resolve("proofs/incubator-tlog-proof");
    Map<String, Given> g = new LinkedHashMap<>();
    g.put("signedTree", new Given("byte[]", signedTree));
    g.put("tree", new Given("dev.sumdb4j.tlog.checkpoint.Checkpoint", tree));
    g.put("record", new Given("byte[]", Files.readAllBytes(agentrail.resolve("record-10738965.data"))));
    g.put("proofLines", new Given("java.util.List<String>",
        Files.readAllLines(agentrail.resolve("record-10738965-in-tree-54715574.hashes"), StandardCharsets.UTF_8)));
    g.put("proofFile", new Given("java.nio.file.Path",
        tlogProof.resolve("go.sum-database-tree-43930254.tlog-proof")));
    g.put("entry", new Given("byte[]", Files.readAllBytes(tlogProof.resolve("go.sum-database-tree-43930254.raw"))));
    // a GOPATH holding a real go command sumdb cache (copied: the client may update it), and its go.sum
    Path set = real.resolve("gocache/darlandc-hello-go-6978134");
    Path gopath = Files.createDirectories(tmp.resolve("gopath"));
    copyTree(set, gopath.resolve("pkg/mod/cache/download/sumdb/sum.golang.org"));
    Files.createDirectories(gopath.resolve("pkg/sumdb/sum.golang.org"));
    Files.copy(set.resolve("latest"), gopath.resolve("pkg/sumdb/sum.golang.org/latest"));
    g.put("gopath", new Given("java.nio.file.Path", gopath));
    g.put("goSum", new Given("java.nio.file.Path", real.resolve("gosum/darlandc-hello-go.sum")));
    // the same cache served as the database (lookup/..., tile/...)
    g.put("remote", new Given("dev.sumdb4j.tlog.http.Remote",
        FileRemote.of(set.toUri().toString(), DiskStore.MAX_TILE_BYTES)));
    return g;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> readmeSnippets_runAsWritten_printWhatTheyPromise() throws Exception {
    List<Snippet> snippets = Snippets.extract(readme(), SECTION);
    Map<String, Given> given = given(tmp.resolve("given"));
    return java.util.stream.IntStream.range(0, snippets.size()).mapToObj(i -> {
      Snippet s = snippets.get(i);
      return DynamicTest.dynamicTest("README line " + s.line() + ": " + s.heading(), () -> {
        String printed = Snippets.run(s, "Snippet" + i, given, tmp.resolve("s" + i));
        Snippets.checkOutput(s, printed);
      });
    });
  }

  @Test
  void readmeSection_hasTheEmbeddingExamples() throws Exception {
    List<Snippet> snippets = Snippets.extract(readme(), SECTION);
    assertTrue(snippets.size() >= 3, "too few snippets: " + snippets.size());
    for (Snippet s : snippets) {
      assertTrue(!s.promisedOutput().isEmpty(), "README line " + s.line() + ": a snippet must say what it prints");
    }
  }

  /** A snippet that builds a {@code Sumdb} closes it (its connection pool and threads): an embedder copies it. */
  @Test
  void readmeSnippets_closeTheSumdbTheyBuild() throws Exception {
    int built = 0;
    for (Snippet s : Snippets.extract(readme(), SECTION)) {
      if (s.body().contains("Sumdb.builder()") || s.body().contains("Sumdb.fromEnvironment()")) {
        built++;
        assertTrue(s.body().contains("try (Sumdb "), "README line " + s.line() + ": a Sumdb built is not closed");
      }
    }
    assertTrue(built > 0, "no snippet builds a Sumdb");
  }

  // The harness itself must be able to fail.

  @Test
  void run_snippetThatDoesNotCompile_fails() throws Exception {
    Snippet bad = new Snippet("bad", 1, List.of(), "int x = \"not an int\";\n");
    AssertionError e = assertThrows(AssertionError.class, () -> Snippets.run(bad, "Bad", Map.of(), tmp));
    assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
  }

  @Test
  void run_snippetThatThrows_propagates() throws Exception {
    Snippet bad = new Snippet("throws", 1, List.of("import dev.sumdb4j.tlog.Hash;"),
        "Hash.parse(\"not base64\");\n");
    assertThrows(dev.sumdb4j.MalformedInputException.class, () -> Snippets.run(bad, "Throws", Map.of(), tmp));
  }

  @Test
  void checkOutput_promiseNotKept_fails() throws Exception {
    Snippet s = new Snippet("x", 1, List.of(), "System.out.println(2);\n// prints: 3\n");
    String printed = Snippets.run(s, "Prints", Map.of(), tmp);
    assertEquals("2", printed.strip());
    assertThrows(AssertionError.class, () -> Snippets.checkOutput(s, printed));
  }

  @Test
  void run_givenValue_isALocalOnlyWhenUsedAndNotDeclared() throws Exception {
    Map<String, Given> given = Map.of("n", new Given("Integer", 41));
    Snippet uses = new Snippet("uses", 1, List.of(), "System.out.println(n + 1);\n");
    assertEquals("42", Snippets.run(uses, "Uses", given, tmp.resolve("a")).strip());
    Snippet declares = new Snippet("declares", 1, List.of(), "int n = 7;\nSystem.out.println(n);\n");
    assertEquals("7", Snippets.run(declares, "Declares", given, tmp.resolve("b")).strip());
  }

  @Test
  void extract_sectionMissing_fails() {
    assertThrows(AssertionError.class, () -> Snippets.extract("# x\n## Other\n", SECTION));
  }
}
