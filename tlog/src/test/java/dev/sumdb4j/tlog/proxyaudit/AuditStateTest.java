package dev.sumdb4j.tlog.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy audit's state file: group commit (one fsync for many lines, all of them durable on
 * close), lines written at once (a killed process loses none), and after a crash any prefix of the
 * file reads back as a prefix of the records, a torn last line dropped whatever its bytes.
 */
class AuditStateTest {
  @TempDir Path tmp;

  static StateEntry entry(int i) {
    String hex = String.format("%064x", i);
    try {
      return new StateEntry(ModuleVersion.of("example.com/m" + i, "v1." + (i % 7) + "." + i),
          "h1:" + java.util.Base64.getEncoder().encodeToString(hex.substring(0, 32).getBytes(StandardCharsets.UTF_8)),
          "h1:" + java.util.Base64.getEncoder().encodeToString(hex.substring(32).getBytes(StandardCharsets.UTF_8)),
          i, i + 1 + i % 5, hex, 1000 + i);
    } catch (dev.sumdb4j.MalformedInputException e) {
      throw new AssertionError(e);
    }
  }

  /** What Jackson's tree writes for {@code e} (how the state lines were written before). */
  private static String jackson(StateEntry e) {
    var n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    n.put("module", e.module().path());
    n.put("version", e.module().version());
    n.put("zip", e.zipHash());
    n.put("mod", e.modHash());
    n.put("record", e.recordId());
    n.put("tree", e.treeSize());
    n.put("zipSha256", e.zipSha256());
    n.put("zipSize", e.zipSize());
    return n.toString() + "\n";
  }

  /** A state line is byte for byte what Jackson writes, whatever the strings hold, and parses back. */
  @Property(tries = 300)
  void stateLine_isJacksonsJson(@ForAll String zip, @ForAll String mod, @ForAll @IntRange(min = 0) int id)
      throws Exception {
    StateEntry e = new StateEntry(ModuleVersion.of("example.com/A-b_c~d.e/v2", "v2.0.0-20230101000000-abcdefabcdef"),
        "h1:" + zip, "h1:" + mod + "\"\\\n\u0001\u007f\u00e9\ud83d\ude00", id, id + 1L, "0".repeat(64), Long.MAX_VALUE);
    assertEquals(jackson(e), e.toJsonLine());
    assertEquals(e, StateEntry.parse("state", 1, e.toJsonLine()));
    assertEquals(jackson(entry(id % 1000)), entry(id % 1000).toJsonLine());
  }

  /** A syncer that counts fsyncs (and does them). */
  static final class Counting implements GroupCommitLog.Syncer {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void sync(java.nio.channels.FileChannel ch) throws IOException {
      calls.incrementAndGet();
      ch.force(false);
    }
  }

  @Test
  void manyLines_shareFsyncs_andAllAreDurableOnClose() throws Exception {
    Counting c = new Counting();
    int n = 2000;
    Path dir = tmp.resolve("s");
    try (AuditState s = AuditState.open(dir, c, 3_600_000, 100)) {
      for (int i = 0; i < n; i++) {
        s.append(entry(i));
      }
    }
    // one fsync per line before; now one per batch of at least 100 lines, and one on close
    assertTrue(c.calls.get() >= 1 && c.calls.get() <= n / 100 + 1, c.calls.get() + " fsyncs for " + n + " lines");
    List<String> lines = Files.readAllLines(dir.resolve(AuditState.VERIFIED_FILE));
    assertEquals(n, lines.size());
    try (AuditState s = AuditState.open(dir)) {
      assertEquals(n, s.entries().size());
      assertEquals(entry(1234), s.get(entry(1234).module()).orElseThrow());
    }
  }

  @Test
  void theDefaultBounds_shareFsyncs() throws Exception {
    Counting c = new Counting();
    int n = 4 * AuditState.SYNC_MAX_LINES;
    try (AuditState s = AuditState.open(tmp.resolve("s"), c, AuditState.SYNC_MAX_DELAY_MS, AuditState.SYNC_MAX_LINES)) {
      for (int i = 0; i < n; i++) {
        s.append(entry(i));
      }
    }
    assertTrue(c.calls.get() < n / 4, c.calls.get() + " fsyncs for " + n + " lines");
  }

  @Test
  void appendedLines_areInTheFileAtOnce_andDurableWithinTheDelay_orOnSync() throws Exception {
    Counting c = new Counting();
    Path dir = tmp.resolve("s");
    try (AuditState s = AuditState.open(dir, c, 20, 1_000_000)) {
      s.append(entry(1));
      // written at once, before any fsync: a killed process loses nothing
      assertEquals(entry(1).toJsonLine(), Files.readString(dir.resolve(AuditState.VERIFIED_FILE)));
      long deadline = System.nanoTime() + 30_000_000_000L; // eventually, not a timing bound
      while (c.calls.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, c.calls.get(), "the background fsync after the delay");
      s.append(entry(2));
      s.sync();
      assertTrue(c.calls.get() >= 2);
    }
  }

  @Test
  void concurrentAppends_neverInterleave() throws Exception {
    Path dir = tmp.resolve("s");
    int threads = 8;
    int each = 300;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    try (AuditState s = AuditState.open(dir, c -> c.force(false), 1, 7)) {
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        Thread th = new Thread(() -> {
          try {
            go.await();
            for (int i = 0; i < each; i++) {
              s.append(entry(base + i));
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        th.start();
        ts.add(th);
      }
      go.countDown();
      for (Thread th : ts) {
        th.join();
      }
    }
    assertEquals(List.of(), errors);
    try (AuditState s = AuditState.open(dir)) {
      assertEquals(threads * each, s.entries().size());
      assertEquals(0, s.droppedTail());
    }
  }

  @Test
  void aFailedFsync_failsEveryLaterAppend_andClose() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AuditState s = AuditState.open(tmp.resolve("s"), ch -> {
      calls.incrementAndGet();
      throw new IOException("no space left on device");
    }, 3_600_000, 1_000_000);
    s.append(entry(1));
    IOException e = assertThrows(IOException.class, s::sync);
    assertTrue(e.getMessage().contains("fsync failed") && e.getMessage().contains("no space left"), e.getMessage());
    assertThrows(IOException.class, () -> s.append(entry(2)));
    assertThrows(IOException.class, s::close);
    assertEquals(1, calls.get());
  }

  @Test
  void runsLine_comesAfterTheVerifiedLinesAreDurable() throws Exception {
    Counting c = new Counting();
    Path dir = tmp.resolve("s");
    try (AuditState s = AuditState.open(dir, c, 3_600_000, 1_000_000)) {
      s.append(entry(1));
      assertEquals(0, c.calls.get());
      s.appendRun("{\"tree\":2}");
      assertEquals(1, c.calls.get());
    }
  }

  @Test
  void tornTail_ofAnyBytes_isDropped_andCutOffTheFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("s"));
    Path file = dir.resolve(AuditState.VERIFIED_FILE);
    byte[] good = (entry(1).toJsonLine() + entry(2).toJsonLine()).getBytes(StandardCharsets.UTF_8);
    // a crash can leave a block of zeros or garbage after the last complete line
    byte[] tail = {0, 0, 0, (byte) 0xC3, (byte) 0xFF, '{', '"', 'm'};
    byte[] all = Arrays.copyOf(good, good.length + tail.length);
    System.arraycopy(tail, 0, all, good.length, tail.length);
    Files.write(file, all);
    try (AuditState s = AuditState.open(dir)) {
      assertEquals(tail.length, s.droppedTail());
      assertEquals(2, s.entries().size());
      s.append(entry(3));
    }
    try (AuditState s = AuditState.open(dir)) {
      assertEquals(0, s.droppedTail());
      assertEquals(3, s.entries().size());
    }
  }

  /** Any cut of the file (a crash after any byte) reads back as the records of its complete lines. */
  @Property(tries = 200)
  void anyPrefixOfTheFile_readsBackAsAPrefixOfTheRecords(@ForAll @IntRange(min = 0, max = 40) int n,
      @ForAll @IntRange(min = 0, max = 1_000_000) int cutPermille) throws Exception {
    Path base = Files.createTempDirectory("state-prefix");
    try {
      Path dir = base.resolve("written");
      List<StateEntry> records = new ArrayList<>();
      try (AuditState s = AuditState.open(dir, c -> c.force(false), 3_600_000, 7)) {
        for (int i = 0; i < n; i++) {
          StateEntry e = entry(i * 31 + n);
          records.add(e);
          s.append(e);
        }
      }
      byte[] file = Files.readAllBytes(dir.resolve(AuditState.VERIFIED_FILE));
      int cut = (int) ((long) file.length * cutPermille / 1_000_000);
      Path crashed = Files.createDirectories(base.resolve("crashed"));
      Files.write(crashed.resolve(AuditState.VERIFIED_FILE), Arrays.copyOf(file, cut));
      int complete = 0;
      int kept = 0;
      for (int i = 0; i < cut; i++) {
        if (file[i] == '\n') {
          complete++;
          kept = i + 1;
        }
      }
      Map<ModuleVersion, StateEntry> want = new LinkedHashMap<>();
      records.subList(0, complete).forEach(e -> want.put(e.module(), e));
      try (AuditState s = AuditState.open(crashed)) {
        assertEquals(want, s.entries());
        assertEquals(cut - kept, s.droppedTail());
      }
      assertArrayEquals(Arrays.copyOf(file, kept), Files.readAllBytes(crashed.resolve(AuditState.VERIFIED_FILE)));
    } finally {
      try (var w = Files.walk(base)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
