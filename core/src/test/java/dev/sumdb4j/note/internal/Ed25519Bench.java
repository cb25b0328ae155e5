package dev.sumdb4j.note.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * A rough CPU-time benchmark of Ed25519 verification (ours and Bouncy Castle's), not a test.
 * Run after {@code mvn test-compile}:
 * {@code java -cp core/target/classes:core/target/test-classes:<bcprov jar> dev.sumdb4j.note.internal.Ed25519Bench}.
 * Go's {@code crypto/ed25519.Verify} measured the same way on our 2-core machine: about 12-13k/s;
 * ours about 18k/s; Bouncy Castle's {@code Ed25519.verify} with a cached public point about 9k/s.
 */
public final class Ed25519Bench {
  private Ed25519Bench() {}

  public static void main(String[] args) {
    byte[] seed = new byte[32];
    seed[0] = 5;
    byte[] pub = Ed25519.publicKeyOf(seed);
    byte[] msg = "go.sum database tree\n42965376\nabcdefghijklmnopqrstuvwxyzabcdefghijklmnopq=\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] sig = Ed25519.sign(seed, pub, msg);
    Ed25519.PublicKey ours = Ed25519.decodePublicKey(pub);
    org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint bc =
        org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(pub, 0);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      int n = 20000;
      boolean ok = true;
      long t = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        ok &= ours.verify(msg, 0, msg.length, sig, 0);
      }
      double a = n * 1e9 / (mx.getCurrentThreadCpuTime() - t);
      t = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        ok &= org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, 0, bc, msg, 0, msg.length);
      }
      double b = n * 1e9 / (mx.getCurrentThreadCpuTime() - t);
      System.out.printf("ok=%b ours %.0f/cpu-s, bouncycastle %.0f/cpu-s%n", ok, a, b);
    }
  }
}
