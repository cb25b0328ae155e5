package dev.sumdb4j.bench;

import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
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
 * Verifying a real sum.golang.org checkpoint: Note.open with the sum.golang.org key (one Ed25519
 * verification), then parsing the tree. Go counterpart: note.Open + tlog.ParseTree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NoteBench {
  private byte[] message;
  private Verifiers known;
  private VerifierKey key;
  private byte[] signedText;
  private byte[] signature;

  /** Reads the checkpoint; aborts this benchmark (only) when the real data is absent. */
  @Setup
  public void setup() throws Exception {
    Path dir = BenchData.realData();
    if (dir == null || !Files.isRegularFile(dir.resolve(BenchData.CHECKPOINT))) {
      throw new IllegalStateException("real data absent (set -Dsumdb4j.realdata=<dir>): skipping NoteBench");
    }
    message = Files.readAllBytes(dir.resolve(BenchData.CHECKPOINT));
    key = VerifierKey.parse(BenchData.SUM_GOLANG_ORG_KEY);
    known = Verifiers.of(key);
    Note n = Note.open(message, known); // fails fast if it does not verify
    signedText = n.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] sig = java.util.Base64.getDecoder().decode(n.signatures().get(0).base64()); // key hash || signature
    signature = java.util.Arrays.copyOfRange(sig, 4, sig.length);
    if (!verifyEd25519()) {
      throw new IllegalStateException("signature does not verify alone");
    }
  }

  /** Opens the signed checkpoint and parses its tree. */
  @Benchmark
  public Checkpoint openCheckpoint() throws Exception {
    Note n = Note.open(message, known);
    return Checkpoint.parse("bench", n.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The Ed25519 verification alone (VerifierKey.verify of the note text). */
  @Benchmark
  public boolean verifyEd25519() {
    return key.verify(signedText, signature);
  }
}
