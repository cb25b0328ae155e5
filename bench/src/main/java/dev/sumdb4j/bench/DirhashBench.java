package dev.sumdb4j.bench;

import dev.sumdb4j.dirhash.DirHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The h1 hash of a real module zip (rsc.io/sampler v1.3.0, 14 kB, from the real data) with
 * DirHash.hashZip. Go counterpart: dirhash.HashZip(zip, dirhash.Hash1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DirhashBench {
  private Path zip;

  /** Locates the zip; aborts this benchmark (only) when the real data is absent. */
  @Setup
  public void setup() {
    Path dir = BenchData.realData();
    if (dir == null || !Files.isRegularFile(dir.resolve(BenchData.MODULE_ZIP))) {
      throw new IllegalStateException("real data absent (set -Dsumdb4j.realdata=<dir>): skipping DirhashBench");
    }
    zip = dir.resolve(BenchData.MODULE_ZIP);
  }

  /** Hashes the zip. */
  @Benchmark
  public String hashZip() throws Exception {
    return DirHash.hashZip(zip);
  }
}
