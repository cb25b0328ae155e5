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
 * <p>Usage: {@code ProxyBench DIR N LATENCY_MS}; or {@code ProxyBench hash MB}: the CPU time per byte
 * of SHA-256 alone and of {@code DirHash.hashZip} (inflate + SHA-256 + CRC-32) on a zip of MB
 * megabytes of incompressible data, stored and deflated, measured as this thread's CPU time (so
 * that other processes on the machine do not count).
 */
public final class ProxyBench {
  private ProxyBench() {}

  private static void hash(int mb) throws Exception {
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    byte[] data = new byte[mb << 20];
    new Random(1).nextBytes(data);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (int round = 0; round < 3; round++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      sha.update(data);
      sha.digest();
      long t1 = cpu.getCurrentThreadCpuTime();
      System.out.printf("SHA-256 alone: %.0f MB/s per core%n", data.length / 1e6 / ((t1 - t0) / 1e9));
    }
    for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
      Path f = Files.createTempFile("hashbench", ".zip");
      try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
        ZipEntry e = new ZipEntry("example.com/m@v1.0.0/blob");
        e.setMethod(method);
        if (method == ZipEntry.STORED) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(data);
          e.setSize(data.length);
          e.setCompressedSize(data.length);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(data);
      }
      for (int round = 0; round < 3; round++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        DirHash.hashZip(f);
        long t1 = cpu.getCurrentThreadCpuTime();
        System.out.printf("DirHash.hashZip (%s): %.0f MB/s per core%n", method == ZipEntry.STORED ? "stored" : "deflated",
            data.length / 1e6 / ((t1 - t0) / 1e9));
      }
      Files.delete(f);
    }
  }

  public static void main(String[] args) throws Exception {
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
