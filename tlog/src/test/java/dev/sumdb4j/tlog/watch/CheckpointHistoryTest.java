package dev.sumdb4j.tlog.watch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.FailureKind;
import dev.sumdb4j.LocalStateException;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointHistoryTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private final TestLog log = TestLog.create("log.example", 2);
  private Verifiers key;

  @BeforeEach
  void setUp() {
    key = Verifiers.of(log.verifierKey());
    for (int i = 0; i < 9; i++) {
      log.add("k" + i, "record " + i + "\n");
    }
  }

  private HistoryEntry entry(long size, List<SeenCosignature> cosigs) throws SumdbException {
    return HistoryEntry.of(SignedTree.open("test", log.signedTree(size), key), T.plusSeconds(size), cosigs);
  }

  private CheckpointHistory open() throws Exception {
    return CheckpointHistory.open(dir, key, Duration.ofMillis(300));
  }

  private Path file() {
    return dir.resolve(CheckpointHistory.HISTORY_FILE);
  }

  private void writeThree() throws Exception {
    try (CheckpointHistory h = open()) {
      h.append(entry(3, List.of()));
      h.append(entry(5, List.of(new SeenCosignature("w.example", new KeyId(0x0a0b0c0d), 1795000000L))));
      h.append(entry(9, List.of()));
    }
  }

  @Test
  void append_thenOpen_roundTripsEveryLine() throws Exception {
    writeThree();
    try (CheckpointHistory h = open()) {
      assertEquals(List.of(entry(3, List.of()),
          entry(5, List.of(new SeenCosignature("w.example", new KeyId(0x0a0b0c0d), 1795000000L))),
          entry(9, List.of())), h.entries());
      assertEquals(9, h.last().orElseThrow().size());
    }
    assertEquals(3, Files.readAllLines(file()).size());
  }

  @Test
  void append_keepsEarlierBytes() throws Exception {
    writeThree();
    byte[] before = Files.readAllBytes(file());
    try (CheckpointHistory h = open()) {
      h.append(HistoryEntry.of(SignedTree.open("t", log.signedTree(9), key), T.plusSeconds(99), List.of()));
    }
    byte[] after = Files.readAllBytes(file());
    assertArrayEquals(before, Arrays.copyOf(after, before.length));
  }

  @Test
  void open_truncatedLastLine_reportedWithItsLineNumber() throws Exception {
    writeThree();
    byte[] b = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(b, b.length - 40)); // a run killed mid-write
    MalformedInputException e = damaged();
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("line 3 is incomplete"), e::getMessage);
    assertTrue(e.getMessage().contains(CheckpointHistory.HISTORY_FILE + ":3"), e::getMessage);
    // and nothing was changed by the failed open
    assertEquals(b.length - 40, Files.size(file()));
  }

  @Test
  void open_lastLineMissingOnlyItsNewline_stillReported() throws Exception {
    writeThree();
    byte[] b = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(b, b.length - 1));
    assertEquals(3, damaged().line());
  }

  @Test
  void open_garbledMiddleLine_reportedWithItsLineNumber() throws Exception {
    writeThree();
    List<String> lines = Files.readAllLines(file());
    Files.writeString(file(), lines.get(0) + "\n" + lines.get(1).substring(0, 30) + "\n" + lines.get(2) + "\n");
    MalformedInputException e = damaged();
    assertEquals(2, e.line());
  }

  @Test
  void open_editedHash_reportedAsNotTheNotes() throws Exception {
    writeThree();
    List<String> lines = Files.readAllLines(file());
    String other = log.tree(4).hash().toString();
    String edited = lines.get(0).replace("\"hash\":\"" + log.tree(3).hash(), "\"hash\":\"" + other);
    Files.writeString(file(), edited + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n");
    MalformedInputException e = damaged();
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("are not the note's"), e::getMessage);
  }

  @Test
  void open_noteByAnotherKey_rejected() throws Exception {
    writeThree();
    TestLog other = TestLog.create("log.example", 2);
    try (CheckpointHistory h = CheckpointHistory.open(dir, Verifiers.of(other.verifierKey()), Duration.ZERO)) {
      throw new AssertionError("opened with the wrong key: " + h);
    } catch (LocalStateException d) {
      assertEquals(List.of(file()), d.paths());
      MalformedInputException e = (MalformedInputException) d.getCause();
      assertEquals(1, e.line());
      assertTrue(e.getMessage().contains("does not verify"), e::getMessage);
    }
  }

  @Test
  void open_reorderedLines_rejected() throws Exception {
    writeThree();
    List<String> lines = Files.readAllLines(file());
    Files.writeString(file(), lines.get(1) + "\n" + lines.get(0) + "\n");
    MalformedInputException e = damaged();
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("does not extend line 1"), e::getMessage);
  }

  @Test
  void open_sameSizeDifferentHash_rejected() throws Exception {
    try (CheckpointHistory h = open()) {
      h.append(entry(4, List.of()));
    }
    // a note of size 4 with another hash, signed by the log key (a fork someone pasted in)
    byte[] forged = log.sign(new Tree(4, log.tree(5).hash()));
    HistoryEntry e = HistoryEntry.of(SignedTree.open("f", forged, key), T, List.of());
    Files.writeString(file(), e.toJsonLine(), java.nio.file.StandardOpenOption.APPEND);
    assertEquals(2, damaged().line());
  }

  /** Opening fails with damaged local state naming the history file; returns the line's failure. */
  private MalformedInputException damaged() {
    LocalStateException d = assertThrows(LocalStateException.class, this::open);
    assertEquals(List.of(file()), d.paths());
    assertEquals(FailureKind.DAMAGED_LOCAL_STATE, FailureKind.of(d));
    assertTrue(d.getMessage().contains(file().toString()), d::getMessage);
    return assertInstanceOf(MalformedInputException.class, d.getCause());
  }

  @Test
  void open_historyFileIsAFifo_damagedState_neverBlocks() throws Exception {
    Files.createDirectories(dir);
    SpecialFiles.fifo(file());
    LocalStateException d = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(LocalStateException.class, this::open));
    assertEquals(List.of(file()), d.paths());
    assertTrue(d.getMessage().contains("not a regular file"), d::getMessage);
  }

  @Test
  void parse_strict_rejectsUnknownFieldsAndVersions() throws Exception {
    String line = entry(3, List.of()).toJsonLine().strip();
    assertEquals(entry(3, List.of()), HistoryEntry.parse("f", 1, line, key));
    for (String bad : List.of(line.replace("\"version\":1", "\"version\":2"),
        line.replace("{\"version\":1,", "{\"version\":1,\"extra\":0,"),
        line.replace("\"size\":3", "\"size\":-3"),
        line.replace("\"observed\":\"", "\"observed\":\"x"),
        line.replace("\"cosignatures\":[]", "\"cosignatures\":[{\"name\":\"w\",\"keyId\":\"XYZ\",\"time\":1}]"),
        "[]", "", "{}")) {
      MalformedInputException e = assertThrows(MalformedInputException.class,
          () -> HistoryEntry.parse("f", 7, bad, key), bad);
      assertEquals(7, e.line(), bad);
    }
  }

  @Test
  void open_whileAnotherRunHoldsTheLock_waitsThenFails() throws Exception {
    try (CheckpointHistory first = open()) {
      StateLockedException e = assertThrows(StateLockedException.class, this::open);
      assertTrue(e.getMessage().contains(CheckpointHistory.LOCK_FILE), e::getMessage);
      first.append(entry(3, List.of()));
    }
    try (CheckpointHistory again = open()) {
      assertEquals(1, again.entries().size());
    }
  }

  @Test
  void open_lockReleasedWhileWaiting_proceeds() throws Exception {
    CountDownLatch locked = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
      try (CheckpointHistory h = open()) {
        locked.countDown();
        Thread.sleep(200);
        h.append(entry(3, List.of()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(locked.await(10, TimeUnit.SECONDS));
    try (CheckpointHistory h = CheckpointHistory.open(dir, key, Duration.ofSeconds(30))) {
      assertEquals(1, h.entries().size(), "the waiting run sees the holder's line");
    }
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void linksAtTheLockOrHistoryFile_neitherCreatedNorAppendedThrough() throws Exception {
    Path victim = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-victim"), "victim\n");
    try (CheckpointHistory h = open()) {
      Files.createSymbolicLink(file(), victim); // after the open, which refuses a link at the history file
      assertThrows(IOException.class, () -> h.append(entry(3, List.of())));
    }
    assertEquals("victim\n", Files.readString(victim), "appended through the link");
    Files.delete(file());
    Path dangling = dir.getParent().resolve(dir.getFileName() + "-dangling");
    Files.delete(dir.resolve(CheckpointHistory.LOCK_FILE));
    Files.createSymbolicLink(dir.resolve(CheckpointHistory.LOCK_FILE), dangling);
    assertThrows(IOException.class, this::open);
    assertFalse(Files.exists(dangling), "the lock was created through the link");
  }
}
