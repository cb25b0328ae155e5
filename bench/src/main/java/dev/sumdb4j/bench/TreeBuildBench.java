package dev.sumdb4j.bench;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.TreeHash;
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
 * Building the tree of 1M records ({@code "record <i>\n"}, data made at setup): StoredHashes.forRecord
 * for every record over an in-memory store, then TreeHash. Go counterpart: tlog.StoredHashes over a
 * slice, then tlog.TreeHash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class TreeBuildBench {
  private byte[][] records;

  /** Makes the record data. */
  @Setup
  public void setup() {
    records = BenchData.records(ProofBench.SIZE);
  }

  /** Builds the 1M-record tree and returns its hash. */
  @Benchmark
  public Hash buildTree1M() throws Exception {
    BenchData.MemoryTree t = BenchData.MemoryTree.build(records);
    return TreeHash.of(records.length, t.reader);
  }
}
