package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewFilesTest {
  @TempDir Path tmp;

  private static final byte[] DATA = "new\n".getBytes(StandardCharsets.UTF_8);

  private List<String> names() throws Exception {
    try (var s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeExclusive_newName_writesAndCreatesParents() throws Exception {
    Path target = tmp.resolve("a/b/out.json");
    NewFiles.writeExclusive(target, DATA);
    assertArrayEquals(DATA, Files.readAllBytes(target));
  }

  @Test
  void writeExclusive_anythingAtTarget_throwsAndLeavesItAlone() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim"), "old");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), victim);
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    for (Path p : List.of(victim, link, dangling, dir)) {
      assertThrows(FileAlreadyExistsException.class, () -> NewFiles.writeExclusive(p, DATA), p::toString);
    }
    assertEquals("old", Files.readString(victim));
    assertFalse(Files.exists(tmp.resolve("nowhere")), "created through a dangling link");
    assertEquals(List.of("dangling", "dir", "link", "victim"), names(), "a temporary file is left");
  }

  @Test
  void writeFresh_takenNames_picksNextNumber() throws Exception {
    Path target = tmp.resolve("evidence.json");
    assertEquals(target, NewFiles.writeFresh(target, DATA));
    Files.createSymbolicLink(tmp.resolve("evidence-1.json"), tmp.resolve("nowhere"));
    assertEquals(tmp.resolve("evidence-2.json"), NewFiles.writeFresh(target, DATA));
    assertEquals(tmp.resolve("noext-1"), NewFiles.numbered(tmp.resolve("noext"), 1));
    assertEquals(tmp.resolve(".hidden-1"), NewFiles.numbered(tmp.resolve(".hidden"), 1));
    assertTrue(Files.isSymbolicLink(tmp.resolve("evidence-1.json")));
    assertEquals(List.of("evidence-1.json", "evidence-2.json", "evidence.json"), names());
  }
}
