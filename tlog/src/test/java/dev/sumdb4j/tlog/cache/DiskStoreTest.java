package dev.sumdb4j.tlog.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.client.VerifiedLookups;
import dev.sumdb4j.tlog.tile.VerifiedTiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStoreTest extends SumdbStoreContract {
  @TempDir Path tmp;
  private int stores;

  @Override
  protected SumdbStore newStore() {
    return DiskStore.inGopath(tmp.resolve("gopath" + stores++), "sum.golang.org");
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void write_afterTheCacheWasRemovedBehindTheStore_recreatesItsDirectories() throws IOException {
    Path gopath = tmp.resolve("cleaned");
    DiskStore s = DiskStore.inGopath(gopath, "sum.golang.org");
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/000", bytes("one")));
    deleteTree(s.cacheDir());
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/001", bytes("two")));
    assertEquals(List.of("tile/8/0/001"), files(s.cacheDir()));
  }

  @Test
  void write_leavesNoTemporaryFileAndUsesTheDefaultPermissions() throws IOException {
    Path gopath = tmp.resolve("perms");
    DiskStore s = DiskStore.inGopath(gopath, "sum.golang.org");
    for (int i = 0; i < 20; i++) {
      s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5." + i, bytes("lookup " + i)));
      s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5." + i, bytes("again " + i)));
    }
    assertEquals(20, files(s.cacheDir()).size(), "no temporary file left behind");
    Path probe = Files.createFile(tmp.resolve("probe"));
    assertEquals(Files.getPosixFilePermissions(probe),
        Files.getPosixFilePermissions(s.lookupFile("rsc.io/quote@v1.5.0")),
        "a cache file gets 0666 less the umask, as the go command's");
    assertArrayEquals(bytes("again 7"), s.readLookup("rsc.io/quote@v1.5.7").orElseThrow());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  @Test
  void layout_matchesGoCommand() throws IOException {
    Path gopath = tmp.resolve("go");
    DiskStore s = DiskStore.inGopath(gopath, "sum.golang.org");
    s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5.2", bytes("lookup")));
    s.writeLookup(VerifiedLookups.unchecked("github.com/!burnt!sushi/toml@v1.5.0", bytes("lookup")));
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/x012/060.p/142", bytes("partial")));
    s.writeTile(VerifiedTiles.unchecked("tile/8/0/x012/060", bytes("full")));
    s.writeTile(VerifiedTiles.unchecked("tile/8/data/000", bytes("data")));
    assertTrue(s.compareAndSwapLatest(new byte[0], bytes("note")));
    assertEquals(List.of(
        "pkg/mod/cache/download/sumdb/sum.golang.org/lookup/github.com/!burnt!sushi/toml@v1.5.0",
        "pkg/mod/cache/download/sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2",
        "pkg/mod/cache/download/sumdb/sum.golang.org/tile/8/0/x012/060",
        "pkg/mod/cache/download/sumdb/sum.golang.org/tile/8/0/x012/060.p/142",
        "pkg/mod/cache/download/sumdb/sum.golang.org/tile/8/data/000",
        "pkg/sumdb/sum.golang.org/latest",
        "pkg/sumdb/sum.golang.org/latest.lock"), files(gopath));
    assertEquals(gopath.resolve("pkg/sumdb/sum.golang.org/latest"), s.latestFile());
    assertEquals(gopath.resolve("pkg/mod/cache/download/sumdb/sum.golang.org"), s.cacheDir());
  }

  @Test
  void layout_nestedNameAndSeparateModCache() throws IOException {
    DiskStore s = DiskStore.at(tmp.resolve("modcache"), tmp.resolve("gp/pkg/sumdb"), "localhost.localdev/sumdb");
    s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5.2", bytes("x")));
    assertTrue(s.compareAndSwapLatest(new byte[0], bytes("note")));
    assertTrue(Files.isRegularFile(
        tmp.resolve("modcache/cache/download/sumdb/localhost.localdev/sumdb/lookup/rsc.io/quote@v1.5.2")));
    assertTrue(Files.isRegularFile(tmp.resolve("gp/pkg/sumdb/localhost.localdev/sumdb/latest")));
  }

  @Test
  void of_config_usesGoPaths() throws Exception {
    SumdbConfig c = SumdbConfig.fromEnvironment(Map.of("GOENV", "off", "HOME", tmp.toString(),
        "GOMODCACHE", tmp.resolve("mc").toString()));
    DiskStore s = DiskStore.of(c);
    assertEquals(tmp.resolve("mc/cache/download/sumdb/sum.golang.org"), s.cacheDir());
    assertEquals(tmp.resolve("go/pkg/sumdb/sum.golang.org/latest"), s.latestFile());
    assertThrows(SumdbException.class, () -> DiskStore.of(SumdbConfig.builder().gosumdb("off").build()));
    assertThrows(SumdbException.class, () -> DiskStore.of(SumdbConfig.fromEnvironment(Map.of("GOENV", "off"))));
  }

  @Test
  void badName_rejected() {
    for (String name : List.of("", "..", "a/../..", "/abs", "a\\b", "a//b", "a/")) {
      assertThrows(IllegalArgumentException.class, () -> DiskStore.inGopath(tmp, name), name);
    }
  }

  /** Every cached lookup, tile and latest of each real go command cache reads back in place. */
  @Test
  void realCache_readInPlace_sameBytes() throws IOException {
    Path sets = RealData.resolve("gocache");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(sets)) {
      dirs = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
    assertFalse(dirs.isEmpty());
    int checked = 0;
    List<Path> links = new ArrayList<>();
    try {
      checked = readAll(dirs, links);
    } finally {
      for (Path link : links) {
        Files.deleteIfExists(link); // the link only, never the real data it points to
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  private int readAll(List<Path> dirs, List<Path> links) throws IOException {
    int checked = 0;
    for (Path set : dirs) {
      Path gopath = tmp.resolve("real-" + set.getFileName());
      Path cacheLink = gopath.resolve("pkg/mod/cache/download/sumdb/sum.golang.org");
      Path latestLink = gopath.resolve("pkg/sumdb/sum.golang.org");
      Files.createDirectories(cacheLink.getParent());
      Files.createDirectories(latestLink.getParent());
      links.add(Files.createSymbolicLink(cacheLink, set));
      links.add(Files.createSymbolicLink(latestLink, set));
      DiskStore store = DiskStore.inGopath(gopath, "sum.golang.org");
      for (String rel : files(set)) {
        byte[] want = Files.readAllBytes(set.resolve(rel));
        Optional<byte[]> got;
        if (rel.startsWith("lookup/")) {
          got = store.readLookup(rel.substring("lookup/".length()));
        } else if (rel.startsWith("tile/")) {
          got = store.readTile(rel);
        } else if (rel.equals("latest")) {
          got = Optional.of(store.readLatest());
        } else {
          throw new AssertionError("unexpected file in " + set + ": " + rel);
        }
        assertArrayEquals(want, got.orElseThrow(() -> new AssertionError("not found: " + rel)), set + ": " + rel);
        checked++;
      }
    }
    return checked;
  }

  @Test
  void emptyFile_readsAsMissing() throws IOException {
    DiskStore s = DiskStore.inGopath(tmp, "sum.golang.org");
    Files.createDirectories(s.lookupFile("a.b/c@v1.0.0").getParent());
    Files.write(s.lookupFile("a.b/c@v1.0.0"), new byte[0]);
    assertEquals(Optional.empty(), s.readLookup("a.b/c@v1.0.0"));
    Files.createDirectories(s.latestFile().getParent());
    Files.write(s.latestFile(), new byte[0]);
    assertArrayEquals(new byte[0], s.readLatest());
    assertTrue(s.compareAndSwapLatest(new byte[0], bytes("first")));
  }

  @Test
  void read_oversizedFile_fails() throws IOException {
    DiskStore s = DiskStore.inGopath(tmp, "sum.golang.org");
    Path f = s.lookupFile("a.b/c@v1.0.0");
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[DiskStore.MAX_LOOKUP_BYTES + 1]);
    IOException e = assertThrows(IOException.class, () -> s.readLookup("a.b/c@v1.0.0"));
    assertTrue(e.getMessage().contains("exceeds " + DiskStore.MAX_LOOKUP_BYTES + " bytes"), e.getMessage());
  }

  @Test
  void read_fifoAtLatestLookupOrTile_failsNamingThePath_neverBlocks() throws IOException {
    DiskStore s = DiskStore.inGopath(tmp.resolve("fifo"), "sum.golang.org");
    Path lookup = s.lookupFile("rsc.io/quote@v1.5.2");
    Path tile = s.tileFile("tile/8/0/000");
    for (Path p : List.of(s.latestFile(), lookup, tile)) {
      Files.createDirectories(p.getParent());
      SpecialFiles.fifo(p);
    }
    List<org.junit.jupiter.api.function.Executable> reads = List.of(s::readLatest,
        () -> s.readLookup("rsc.io/quote@v1.5.2"), () -> s.readTile("tile/8/0/000"));
    List<Path> paths = List.of(s.latestFile(), lookup, tile);
    for (int i = 0; i < reads.size(); i++) {
      org.junit.jupiter.api.function.Executable read = reads.get(i);
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(IOException.class, read));
      assertTrue(e.getMessage().contains(paths.get(i).toString()) && e.getMessage().contains("not a regular file"),
          e.getMessage());
    }
  }

  @Test
  void read_symlinkAtLatest_notFollowed() throws IOException {
    DiskStore s = DiskStore.inGopath(tmp.resolve("link"), "sum.golang.org");
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "go.sum database tree\n1\nAAAA\n");
    Files.createDirectories(s.latestFile().getParent());
    Files.createSymbolicLink(s.latestFile(), elsewhere);
    IOException e = assertThrows(IOException.class, s::readLatest);
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void read_pathThroughAFile_missing() throws IOException {
    DiskStore s = DiskStore.inGopath(tmp, "sum.golang.org");
    s.writeLookup(VerifiedLookups.unchecked("a.b/c@v1.0.0", bytes("x")));
    // "a.b/c@v1.0.0" is a file, so nothing can live beneath it
    assertEquals(Optional.empty(), s.readTile("tile/8/0/000"));
    Files.createDirectories(s.cacheDir());
    Files.write(s.cacheDir().resolve("tile"), bytes("not a directory"));
    assertEquals(Optional.empty(), s.readTile("tile/8/0/000"));
  }

  @Test
  void write_atomic_readersSeeOldOrNewOnly_noTempLeft() throws Exception {
    DiskStore s = DiskStore.inGopath(tmp, "sum.golang.org");
    byte[] a = new byte[256 * 1024];
    byte[] b = new byte[256 * 1024];
    java.util.Arrays.fill(a, (byte) 'a');
    java.util.Arrays.fill(b, (byte) 'b');
    s.writeTile(VerifiedTiles.unchecked("tile/8/data/000", a));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try {
        while (!stop.get()) {
          byte[] got = s.readTile("tile/8/data/000").orElseThrow();
          if (!java.util.Arrays.equals(got, a) && !java.util.Arrays.equals(got, b)) {
            bad.set("torn read of " + got.length + " bytes");
          }
          reads.incrementAndGet();
        }
      } catch (IOException | RuntimeException e) {
        bad.set(e.toString());
      }
    });
    reader.start();
    for (int i = 0; i < 200; i++) {
      s.writeTile(VerifiedTiles.unchecked("tile/8/data/000", i % 2 == 0 ? b : a));
    }
    stop.set(true);
    reader.join();
    assertEquals(null, bad.get());
    assertTrue(reads.get() > 0);
    assertEquals(List.of("000"), files(s.tileFile("tile/8/data/000").getParent()));
  }

  @Test
  void compareAndSwapLatest_twoStoresSameDir_serialized() throws Exception {
    Path gopath = tmp.resolve("shared");
    DiskStore s1 = DiskStore.inGopath(gopath, "sum.golang.org");
    DiskStore s2 = DiskStore.inGopath(gopath, "sum.golang.org");
    List<Thread> ts = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < 6; t++) {
      DiskStore s = t % 2 == 0 ? s1 : s2;
      Thread th = new Thread(() -> {
        try {
          for (int i = 0; i < 20; i++) {
            increment(s, 1024);
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    assertEquals(null, failure.get());
    assertEquals(120, parseCounter(s1.readLatest(), 1024));
  }

  /** Three JVMs and this one increment one counter by compare-and-swap: no update lost, no torn file. */
  @Test
  void compareAndSwapLatest_threeChildProcesses_noLostUpdateNoTornFile() throws Exception {
    Path gopath = tmp.resolve("procs");
    int filler = 64 * 1024;
    int perProcess = 30;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the workers run on the class path, whether this JVM runs the tests on the class path or in the
    // named module (then tlog's classes, tests and requirements are on the module path)
    String cp = String.join(File.pathSeparator,
        Path.of(CasWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
        Path.of(DiskStore.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path"));
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      procs.add(new ProcessBuilder(java, "-cp", cp, CasWorker.class.getName(), gopath.toString(), "sum.golang.org",
          Integer.toString(perProcess), Integer.toString(filler))
          .redirectErrorStream(true)
          .redirectOutput(tmp.resolve("worker" + i + ".log").toFile())
          .start());
    }
    DiskStore here = DiskStore.inGopath(gopath, "sum.golang.org");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        while (!stop.get()) {
          parseCounter(here.readLatest(), filler);
        }
      } catch (Throwable e) {
        readerFailure.set(e);
      }
    });
    reader.start();
    for (int i = 0; i < perProcess; i++) {
      increment(here, filler);
    }
    try {
      for (int i = 0; i < procs.size(); i++) {
        Process p = procs.get(i);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker " + i + " still running");
        assertEquals(0, p.exitValue(), "worker " + i + ": " + Files.readString(tmp.resolve("worker" + i + ".log")));
      }
    } finally {
      procs.forEach(Process::destroyForcibly);
      stop.set(true);
      reader.join();
    }
    assertEquals(null, readerFailure.get());
    assertEquals(4L * perProcess, parseCounter(here.readLatest(), filler));
    assertEquals(List.of("latest", "latest.lock"), files(here.latestFile().getParent()));
  }

  @Test
  void compareAndSwapLatest_danglingLinkAtTheLockFile_refusedAndNothingCreated() throws Exception {
    Path gopath = tmp.resolve("gp");
    DiskStore s = DiskStore.at(tmp.resolve("modcache"), gopath.resolve("pkg/sumdb"), "localhost.localdev/sumdb");
    Path lock = gopath.resolve("pkg/sumdb/localhost.localdev/sumdb/latest.lock");
    Files.createDirectories(lock.getParent());
    Path victim = tmp.resolve("victim");
    Files.createSymbolicLink(lock, victim);
    assertThrows(IOException.class, () -> s.compareAndSwapLatest(new byte[0], bytes("note")));
    assertFalse(Files.exists(victim), "the lock was created through the link");
  }

  @Test
  void writeLookup_linkToADirectoryInsideTheCache_refusedAndNothingWrittenOutside() throws Exception {
    DiskStore s = DiskStore.at(tmp.resolve("modcache"), tmp.resolve("gp/pkg/sumdb"), "localhost.localdev/sumdb");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(s.cacheDir());
    Files.createSymbolicLink(s.cacheDir().resolve("lookup"), outside);
    IOException e = assertThrows(IOException.class,
        () -> s.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5.2", bytes("x"))));
    assertEquals("cannot write the cache: a symbolic link, not a directory: " + s.cacheDir().resolve("lookup"),
        e.getMessage());
    try (var files = Files.list(outside)) {
      assertEquals(0, files.count(), "written through the link");
    }
    // a link above the cache directory (a module cache moved to another disk) is followed
    Path moved = Files.createDirectories(tmp.resolve("disk2/modcache"));
    Files.createSymbolicLink(tmp.resolve("linked"), moved);
    DiskStore l = DiskStore.at(tmp.resolve("linked"), tmp.resolve("gp2/pkg/sumdb"), "localhost.localdev/sumdb");
    l.writeLookup(VerifiedLookups.unchecked("rsc.io/quote@v1.5.2", bytes("x")));
    assertTrue(Files.isRegularFile(moved.resolve("cache/download/sumdb/localhost.localdev/sumdb/lookup/rsc.io/quote@v1.5.2")));
  }

  @Test
  void readTile_largerThanItsDownloadCap_refused() throws Exception {
    DiskStore s = DiskStore.at(tmp.resolve("modcache"), tmp.resolve("gp/pkg/sumdb"), "localhost.localdev/sumdb");
    Path f = s.tileFile("tile/8/0/000");
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[8192]);
    assertEquals(8192, s.readTile("tile/8/0/000").orElseThrow().length);
    Files.write(f, new byte[8193]); // a full height-8 hash tile is 8,192 bytes
    IOException e = assertThrows(IOException.class, () -> s.readTile("tile/8/0/000"));
    assertEquals("cache file " + f + " exceeds 8192 bytes", e.getMessage());
  }
}
