package dev.sumdb4j.bench;

import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.TreeProof;
import java.util.SplittableRandom;
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
 * Checking inclusion and consistency proofs in a tree of 1M records ({@code "record <i>\n"}), for
 * 1024 random indexes / old sizes (fixed seed), cycled. The proofs are made once at setup; only
 * RecordProof.check / TreeProof.check are timed. Go counterpart: tlog.CheckRecord / tlog.CheckTree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ProofBench {
  static final int SIZE = 1 << 20;
  private static final int CASES = 1024;

  private Hash treeHash;
  private final long[] index = new long[CASES];
  private final Hash[] leaf = new Hash[CASES];
  private final RecordProof[] recordProof = new RecordProof[CASES];
  private final long[] oldSize = new long[CASES];
  private final Hash[] oldHash = new Hash[CASES];
  private final TreeProof[] treeProof = new TreeProof[CASES];
  private int next;

  /** Builds the tree and the proofs. */
  @Setup
  public void setup() throws Exception {
    byte[][] records = BenchData.records(SIZE);
    BenchData.MemoryTree t = BenchData.MemoryTree.build(records);
    treeHash = TreeHash.of(SIZE, t.reader);
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < CASES; i++) {
      index[i] = rnd.nextLong(SIZE);
      leaf[i] = Hash.ofRecord(records[(int) index[i]]);
      recordProof[i] = RecordProof.prove(SIZE, index[i], t.reader);
      oldSize[i] = 1 + rnd.nextLong(SIZE);
      oldHash[i] = TreeHash.of(oldSize[i], t.reader);
      treeProof[i] = TreeProof.prove(SIZE, oldSize[i], t.reader);
    }
  }

  /** RecordProof.check of a random record. */
  @Benchmark
  public int checkInclusion() throws Exception {
    int i = next++ & (CASES - 1);
    RecordProof.check(recordProof[i], SIZE, treeHash, index[i], leaf[i]);
    return i;
  }

  /** TreeProof.check from a random old size. */
  @Benchmark
  public int checkConsistency() throws Exception {
    int i = next++ & (CASES - 1);
    TreeProof.check(treeProof[i], SIZE, treeHash, oldSize[i], oldHash[i]);
    return i;
  }
}
