package dev.sumdb4j.tlog.audit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures {@code audit verify} (not a test): {@code gen DIR N} writes a generated N-record mirror;
 * {@code verify DIR THREADS [ROUNDS [timeline]]} verifies it and prints records/s and the peak
 * heap (with {@code timeline}, also the rate every half second). Run verify with e.g. {@code
 * -Xmx256m}; see BENCHMARKS.md.
 */
public final class VerifyBench {
  private VerifyBench() {}

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Prints, every half second, the records checked so far and the rate and CPU since the last line. */
  private static Thread ticker(java.util.concurrent.atomic.AtomicLong tiles,
      com.sun.management.OperatingSystemMXBean os, long t0, long c0) {
    Thread t = new Thread(() -> {
      long lastRecords = 0;
      long lastT = t0;
      long lastC = c0;
      try {
        while (true) {
          Thread.sleep(500);
          long now = System.nanoTime();
          long c = os.getProcessCpuTime();
          long records = tiles.get() << 8;
          System.out.printf("  t=%5.1f s: %6.2fM records, %.2fM records/s, %.2f CPU-s per million%n",
              (now - t0) / 1e9, records / 1e6, (records - lastRecords) / 1e3 / ((now - lastT) / 1e6),
              records == lastRecords ? 0.0 : (c - lastC) / 1e3 / (records - lastRecords));
          lastRecords = records;
          lastT = now;
          lastC = c;
        }
      } catch (InterruptedException e) {
        // the round ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("gen")) {
      long n = Long.parseLong(args[2]);
      long t0 = System.nanoTime();
      GeneratedLog.of(n, 5).view().writeMirror(dir);
      System.out.printf("generated %d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      return;
    }
    int threads = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    boolean timeline = args.length > 4 && args[4].equals("timeline");
    System.out.printf("load average before: %s%n", loadAverage());
    System.out.printf("SHA-256: %s%n", BulkSha256.directAvailable() ? "direct (JDK block function)"
        : "MessageDigest (run java with --add-opens java.base/sun.security.provider=ALL-UNNAMED for the direct path)");
    double bestCpu = Double.MAX_VALUE;
    double bestWall = Double.MAX_VALUE;
    double firstCpu = 0;
    double firstWall = 0;
    long records = 0;
    for (int i = 0; i < rounds; i++) {
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      java.util.concurrent.atomic.AtomicLong tiles = new java.util.concurrent.atomic.AtomicLong();
      Thread ticker = timeline ? ticker(tiles, os, t0, c0) : null;
      VerifyReport r = MirrorVerifier.of(MirrorDir.at(dir), GeneratedLog.verifiers(), threads, 10,
          timeline ? (done, total) -> tiles.set(done) : AuditProgress.NONE).run();
      if (ticker != null) {
        ticker.interrupt();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - c0) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          peak += p.getPeakUsage().getUsed();
        }
      }
      records = r.records();
      double m = r.records() / 1e6;
      if (i == 0) {
        firstCpu = cpu;
        firstWall = s;
      }
      bestCpu = Math.min(bestCpu, cpu);
      bestWall = Math.min(bestWall, s);
      System.out.printf("round %d: ok=%s records=%d wall=%.2f s rate=%.2fM records/s cpu=%.2f s "
          + "(%.3f CPU-s per million) peakHeap=%d MB maxHeap=%d MB%n", i, r.ok(), r.records(), s,
          m / s, cpu, cpu / m, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
    double m = records / 1e6;
    System.out.printf("summary: threads=%d records=%d first round (cold JIT) %.3f CPU-s/M %.2fM/s; "
        + "best warm %.3f CPU-s/M, best wall %.2fM/s%n", threads, records, firstCpu / m,
        m / firstWall, bestCpu / m, m / bestWall);
    System.out.printf("load average after: %s%n", loadAverage());
    long dataBytes;
    try (var st = Files.walk(dir.resolve("tile/8/data"))) {
      dataBytes = st.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("data tiles: %d bytes%n", dataBytes);
  }
}
