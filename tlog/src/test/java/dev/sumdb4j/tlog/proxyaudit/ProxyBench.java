package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The server side of testdata/proxyaudit/bench.sh: N generated module versions (zips of 20-200
 * KB, mostly incompressible) logged in a TestLog and served, with the log, by a TestProxy that
 * delays every answer by LATENCY ms. Writes DIR/modules.txt (path@version lines) and DIR/env
 * (GOPROXY and GOSUMDB values), then DIR/ready, and serves until killed.
 *
 * <p>Usage: {@code ProxyBench DIR N LATENCY_MS}; or {@code ProxyBench hash MB}: where the CPU time of
 * hashing a module zip goes (SHA-256, CRC-32, {@code Inflater} alone with several buffers and inputs,
 * {@code DirHash.hashZip}) on MB megabytes of incompressible data and MB/2 of Go source, measured as
 * this thread's CPU time (so that other processes on the machine do not count); markdown rows.
 */
public final class ProxyBench {
  private ProxyBench() {}

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** A measured step: returns the bytes it produced (or consumed). */
  private interface Step {
    long run() throws Exception;
  }

  /** Prints the median of 5 runs of {@code step} in MB/s of this thread's CPU time. */
  private static void measure(String label, Step step) throws Exception {
    step.run(); // warm up
    double[] rates = new double[5];
    for (int i = 0; i < rates.length; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      long bytes = step.run();
      long t1 = CPU.getCurrentThreadCpuTime();
      rates[i] = bytes / 1e6 / ((t1 - t0) / 1e9);
    }
    java.util.Arrays.sort(rates);
    System.out.printf(java.util.Locale.ROOT, "| %s | %.0f | %.0f-%.0f |%n", label, rates[2], rates[0], rates[4]);
  }

  /** The raw deflate stream of {@code data} (as in a zip entry). */
  private static byte[] deflate(byte[] data) {
    java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2);
    byte[] buf = new byte[1 << 20];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /** Inflates {@code in} (given whole) into an output buffer of {@code outSize}; returns the bytes out. */
  private static long inflate(java.nio.ByteBuffer in, int outSize, boolean hash) throws Exception {
    java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    inf.setInput(in.duplicate());
    byte[] out = new byte[outSize];
    long total = 0;
    while (!inf.finished()) {
      int n = inf.inflate(out);
      if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
        break;
      }
      if (hash) {
        sha.update(out, 0, n);
        crc.update(out, 0, n);
      }
      total += n;
    }
    inf.end();
    return total;
  }

  /**
   * A sketch of {@code DirHash.hashZip} that reads the zip as one mapped buffer (central directory
   * and local headers parsed here, no zip64, no checks beyond the CRC) and inflates every entry with
   * one reused {@code Inflater}: what hashing costs without {@code java.util.zip.ZipFile}'s streams.
   * Measurement only; it must give DirHash's hash.
   */
  static String mappedHashZip(Path zip, int outSize) throws Exception {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(zip)) {
      java.nio.ByteBuffer m = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size())
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int eocd = m.limit() - 22;
      while (m.getInt(eocd) != 0x06054b50) {
        eocd--;
      }
      int count = Short.toUnsignedInt(m.getShort(eocd + 10));
      int p = m.getInt(eocd + 16);
      java.util.TreeMap<String, int[]> entries = new java.util.TreeMap<>();
      for (int i = 0; i < count; i++) {
        if (m.getInt(p) != 0x02014b50) {
          throw new java.io.IOException("bad central directory");
        }
        int method = Short.toUnsignedInt(m.getShort(p + 10));
        int crc = m.getInt(p + 16);
        int csize = m.getInt(p + 20);
        int nameLen = Short.toUnsignedInt(m.getShort(p + 28));
        int skip = Short.toUnsignedInt(m.getShort(p + 30)) + Short.toUnsignedInt(m.getShort(p + 32));
        int local = m.getInt(p + 42);
        byte[] name = new byte[nameLen];
        m.get(p + 46, name);
        int data = local + 30 + Short.toUnsignedInt(m.getShort(local + 26)) + Short.toUnsignedInt(m.getShort(local + 28));
        entries.put(new String(name, StandardCharsets.UTF_8), new int[] {method, crc, csize, data});
        p += 46 + nameLen + skip;
      }
      java.security.MessageDigest summary = java.security.MessageDigest.getInstance("SHA-256");
      java.security.MessageDigest file = java.security.MessageDigest.getInstance("SHA-256");
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
      byte[] out = new byte[outSize];
      for (var e : entries.entrySet()) {
        int[] x = e.getValue();
        java.nio.ByteBuffer data = m.slice(x[3], x[2]);
        file.reset();
        crc.reset();
        if (x[0] == ZipEntry.STORED) {
          crc.update(data.duplicate());
          file.update(data);
        } else {
          inf.reset();
          inf.setInput(data);
          while (!inf.finished()) {
            int n = inf.inflate(out);
            if (n == 0 && inf.needsInput()) {
              throw new java.io.IOException("truncated entry " + e.getKey());
            }
            file.update(out, 0, n);
            crc.update(out, 0, n);
          }
        }
        if ((int) crc.getValue() != x[1]) {
          throw new java.io.IOException("crc of " + e.getKey());
        }
        summary.update((java.util.HexFormat.of().formatHex(file.digest()) + "  " + e.getKey() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      inf.end();
      return "h1:" + java.util.Base64.getEncoder().encodeToString(summary.digest());
    }
  }

  /** The .go files of the Go distribution's source, up to {@code max} bytes (none if absent). */
  private static java.util.Map<String, byte[]> goSource(long max) throws Exception {
    java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
    Path src = Path.of("/usr/lib/go/src");
    src = Files.isDirectory(src) ? src.toRealPath() : src;
    if (!Files.isDirectory(src)) {
      return files;
    }
    long total = 0;
    try (var walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".go") && Files.isRegularFile(f))
          .sorted()::iterator) {
        byte[] b = Files.readAllBytes(p);
        files.put(src.relativize(p).toString(), b);
        total += b.length;
        if (total >= max) {
          break;
        }
      }
    }
    return files;
  }

  private static Path zip(java.util.Map<String, byte[]> files, int method) throws Exception {
    Path f = Files.createTempFile("hashbench", ".zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
      for (var e : files.entrySet()) {
        ZipEntry ze = new ZipEntry("example.com/m@v1.0.0/" + e.getKey());
        ze.setMethod(method);
        if (method == ZipEntry.STORED) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(e.getValue());
          ze.setSize(e.getValue().length);
          ze.setCompressedSize(e.getValue().length);
          ze.setCrc(crc.getValue());
        }
        z.putNextEntry(ze);
        z.write(e.getValue());
      }
    }
    return f;
  }

  /**
   * What hashing a module zip costs per byte of content and where the time goes: SHA-256 and
   * CRC-32 alone, {@code Inflater} alone (the physics: zlib's inflate) on incompressible data and on
   * Go source, with small and large buffers, from a heap array or a mapped file, and {@code
   * DirHash.hashZip} (java.util.zip.ZipFile) against the same work done from a mapped file. Prints
   * markdown rows: MB/s of content per core, this thread's CPU time, median and range of 5.
   */
  private static void hash(int mb) throws Exception {
    byte[] random = new byte[mb << 20];
    new Random(1).nextBytes(random);
    java.util.Map<String, byte[]> go = goSource((long) mb << 19); // half as much Go source
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] b : go.values()) {
      all.write(b);
    }
    byte[] goText = all.toByteArray();
    byte[] randomDeflated = deflate(random);
    byte[] goDeflated = deflate(goText);
    System.out.printf(java.util.Locale.ROOT, "random: %d MB (deflated %.3f of it); Go source: %d files, %d MB"
        + " (deflated %.3f of it)%n", random.length >> 20, (double) randomDeflated.length / random.length,
        go.size(), goText.length >> 20, goText.length == 0 ? 0 : (double) goDeflated.length / goText.length);
    System.out.println("| step (single thread) | MB/s of content per core | range |");
    System.out.println("|---|---:|---:|");
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    measure("SHA-256 alone", () -> {
      sha.update(random);
      sha.digest();
      return random.length;
    });
    measure("CRC-32 alone", () -> {
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(random);
      return random.length + crc.getValue() * 0;
    });
    Path raw = Files.createTempFile("hashbench", ".deflate");
    Path rawGo = Files.createTempFile("hashbench", ".deflate");
    Files.write(raw, randomDeflated);
    Files.write(rawGo, goDeflated);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(raw);
        java.nio.channels.FileChannel chGo = java.nio.channels.FileChannel.open(rawGo)) {
      java.nio.ByteBuffer mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
      java.nio.ByteBuffer mappedGo = chGo.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, chGo.size());
      for (int size : new int[] {8 << 10, 64 << 10, 1 << 20}) {
        measure("Inflater alone, random (stored blocks), heap input, " + (size >> 10) + " KB out",
            () -> inflate(java.nio.ByteBuffer.wrap(randomDeflated), size, false));
      }
      measure("Inflater alone, random, mapped input, 64 KB out", () -> inflate(mapped, 64 << 10, false));
      if (goText.length > 0) {
        for (int size : new int[] {8 << 10, 64 << 10, 1 << 20}) {
          measure("Inflater alone, Go source, heap input, " + (size >> 10) + " KB out",
              () -> inflate(java.nio.ByteBuffer.wrap(goDeflated), size, false));
        }
        measure("Inflater alone, Go source, mapped input, 64 KB out", () -> inflate(mappedGo, 64 << 10, false));
      }
      measure("mapped + Inflater + SHA-256 + CRC-32, random, 64 KB out", () -> inflate(mapped, 64 << 10, true));
      measure("mapped + Inflater + SHA-256 + CRC-32, random, 1 MB out", () -> inflate(mapped, 1 << 20, true));
      if (goText.length > 0) {
        measure("mapped + Inflater + SHA-256 + CRC-32, Go source, 64 KB out", () -> inflate(mappedGo, 64 << 10, true));
        measure("mapped + Inflater + SHA-256 + CRC-32, Go source, 1 MB out", () -> inflate(mappedGo, 1 << 20, true));
      }
    } finally {
      Files.delete(raw);
      Files.delete(rawGo);
    }
    java.util.Map<String, byte[]> blob = java.util.Map.of("blob", random);
    for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
      Path f = zip(blob, method);
      String label = method == ZipEntry.STORED ? "stored" : "deflated";
      measure("DirHash.hashZip, random, one entry, " + label, () -> {
        DirHash.hashZip(f);
        return random.length;
      });
      if (!mappedHashZip(f, 64 << 10).equals(DirHash.hashZip(f))) {
        throw new AssertionError("the mapped sketch hashes differently");
      }
      measure("mapped sketch of hashZip, random, one entry, " + label, () -> {
        mappedHashZip(f, 64 << 10);
        return random.length;
      });
      Files.delete(f);
    }
    if (!go.isEmpty()) {
      Path f = zip(go, ZipEntry.DEFLATED);
      measure("DirHash.hashZip, Go source, " + go.size() + " entries, deflated", () -> {
        DirHash.hashZip(f);
        return goText.length;
      });
      if (!mappedHashZip(f, 64 << 10).equals(DirHash.hashZip(f))) {
        throw new AssertionError("the mapped sketch hashes differently");
      }
      for (int size : new int[] {8 << 10, 64 << 10, 1 << 20}) {
        measure("mapped sketch of hashZip, Go source, " + go.size() + " entries, deflated, " + (size >> 10)
            + " KB out", () -> {
              mappedHashZip(f, size);
              return goText.length;
            });
      }
      Files.delete(f);
    }
  }

  /**
   * {@code ProxyBench state N THREADS DIR}: N state lines appended by THREADS threads, as the audit's
   * workers append them, once with one write and one fsync per line (the state before group
   * commit) and once through {@link AuditState} (group commit); prints wall time, the process's CPU
   * time and the fsyncs.
   */
  private static void state(int n, int threads, Path dir) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < 2; round++) {
      for (boolean group : new boolean[] {false, true}) {
        Path d = dir.resolve((group ? "group-" : "each-") + round);
        java.util.concurrent.atomic.AtomicInteger fsyncs = new java.util.concurrent.atomic.AtomicInteger();
        GroupCommitLog.Syncer counting = c -> {
          fsyncs.incrementAndGet();
          c.force(false);
        };
        java.nio.channels.FileChannel each = null;
        AuditState st = null;
        if (group) {
          st = AuditState.open(d, counting, AuditState.SYNC_MAX_DELAY_MS, AuditState.SYNC_MAX_LINES);
        } else {
          Files.createDirectories(d);
          each = java.nio.channels.FileChannel.open(d.resolve(AuditState.VERIFIED_FILE),
              java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        }
        AuditState state = st;
        java.nio.channels.FileChannel ch = each;
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
          ts[t] = new Thread(() -> {
            try {
              for (int i; (i = next.getAndIncrement()) < n; ) {
                StateEntry e = AuditStateTest.entry(i);
                if (state != null) {
                  state.append(e);
                } else {
                  synchronized (ch) { // as AuditState.append was: one write and an fsync, under its lock
                    ch.write(java.nio.ByteBuffer.wrap(e.toJsonLine().getBytes(StandardCharsets.UTF_8)));
                    counting.sync(ch);
                  }
                }
              }
            } catch (Exception x) {
              throw new RuntimeException(x);
            }
          });
          ts[t].start();
        }
        for (Thread t : ts) {
          t.join();
        }
        if (state != null) {
          state.close();
        } else {
          ch.close();
        }
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        System.out.printf(java.util.Locale.ROOT, "| %s | %d | %.2f s | %.2f s | %d |%n",
            group ? "group commit (AuditState)" : "one fsync per line", n, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9,
            fsyncs.get());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("state")) {
      state(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
      return;
    }
    if (args[0].equals("hash")) {
      hash(Integer.parseInt(args[1]));
      return;
    }
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long latency = Long.parseLong(args[2]);
    Files.createDirectories(dir);
    TestLog log = TestLog.create("bench.proxyaudit.test", 8);
    TestProxy proxy = new TestProxy();
    proxy.remote(log);
    Random random = new Random(42);
    StringBuilder list = new StringBuilder();
    long bytes = 0;
    Path tmp = Files.createTempFile(dir, "zip", ".tmp");
    for (int i = 0; i < n; i++) {
      ModuleVersion mv = new ModuleVersion("example.com/bench/m" + i, "v1." + (i % 7) + ".0");
      String prefix = mv.path() + "@" + mv.version() + "/";
      byte[] mod = ("module " + mv.path() + "\n\ngo 1.19\n").getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(b)) {
        z.putNextEntry(new ZipEntry(prefix + "go.mod"));
        z.write(mod);
        z.putNextEntry(new ZipEntry(prefix + "LICENSE"));
        z.write("Copyright the bench authors\n".repeat(40).getBytes(StandardCharsets.UTF_8));
        z.putNextEntry(new ZipEntry(prefix + "data/blob.bin"));
        byte[] blob = new byte[20_000 + random.nextInt(180_000)];
        random.nextBytes(blob);
        z.write(blob);
        z.putNextEntry(new ZipEntry(prefix + "m.go"));
        z.write(("package m\n\nconst N = " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      byte[] zip = b.toByteArray();
      bytes += zip.length;
      Files.write(tmp, zip);
      log.addModule(mv.path(), mv.version(), DirHash.hashZip(tmp), DirHash.hashGoMod(mod));
      proxy.module(mv, mod, zip);
      proxy.put(ModuleProxy.modPath(mv).replace(".mod", ".info"),
          ("{\"Version\":\"" + mv.version() + "\",\"Time\":\"2020-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
      list.append(mv).append('\n');
    }
    Files.delete(tmp);
    // as on sum.golang.org, every lookup answer carries the newest signed tree (TestLog signs the
    // tree of the moment a record is added, which would make the client prove N different trees)
    for (String line : list.toString().split("\n")) {
      log.refreshLookup(ModuleVersion.parse(line).escaped());
    }
    proxy.latency(latency);
    Files.writeString(dir.resolve("modules.txt"), list);
    Files.writeString(dir.resolve("env"), "GOPROXY=" + proxy.url() + "\nGOSUMDB=" + log.verifierKey() + " "
        + proxy.url() + "\nBYTES=" + bytes + "\n");
    Files.writeString(dir.resolve("ready"), "");
    System.out.println("serving " + n + " module versions (" + bytes + " bytes of zips) at " + proxy.url());
    Thread.sleep(Long.MAX_VALUE);
  }
}
