package dev.sumdb4j.note.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.note.VerifierKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Differential test of our Ed25519 verification against Go's {@code crypto/ed25519.Verify}, on
 * adversarial vectors written by testdata/gen/ed25519 (honest signatures, flipped bits, S + nL,
 * S with high bits, non-canonical and small/mixed-order R, mixed/small-order and non-canonical
 * keys, wrong lengths, Wycheproof special values). For every case: our key parse refuses exactly
 * the keys we document as refused (not a point, non-canonical, small order); for the others our
 * verdict equals Go's, and our {@code [S]B - [k]A} equals the generator's big-integer oracle.
 * All disagreements are reported together.
 */
class Ed25519GoDifferentialTest {
  private static final String VECTORS = "ed25519-go-verdicts.tsv.gz";
  private static final Set<String> REFUSED = Set.of("notpoint", "noncanonical", "smallorder");
  /** Categories also checked through the public {@link VerifierKey#verify} (lengths included). */
  private static final Set<String> PUBLIC_PATH = Set.of("honest", "sigLength", "wycheproof", "keyMixedOrder");
  private static final Set<String> ACCEPTED = Set.of("prime", "mixedorder");
  private static final Set<String> CATEGORIES = Set.of("honest", "flipR", "flipS", "flipMsg", "flipKey",
      "randomR", "randomSig", "sPlusL", "sPlus2L", "sPlusNL", "sHighBits", "sSpecial", "rSmallOrder",
      "rMixedOrder", "rNonCanonical", "rIdentity", "keyMixedOrder", "keySmallOrder", "keyNonCanonical",
      "keyRandom", "sigLength", "wycheproof", "wycheproofSpecial");

  private record Case(int line, String category, String keyClass, byte[] pub, byte[] msg, byte[] sig,
      boolean go, String rPrime) {}

  private static List<Case> load() throws IOException {
    HexFormat hex = HexFormat.of();
    List<Case> cases = new ArrayList<>();
    try (InputStream in = Ed25519GoDifferentialTest.class.getResourceAsStream(VECTORS)) {
      assertTrue(in != null, "missing resource " + VECTORS);
      BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        assertEquals(7, f.length, VECTORS + ":" + n + ": want 7 fields");
        assertTrue(f[5].equals("0") || f[5].equals("1"), VECTORS + ":" + n + ": bad verdict");
        assertTrue(REFUSED.contains(f[1]) || ACCEPTED.contains(f[1]), VECTORS + ":" + n + ": bad key class");
        cases.add(new Case(n, f[0], f[1], hex.parseHex(f[2]), hex.parseHex(f[3]), hex.parseHex(f[4]),
            f[5].equals("1"), f[6]));
      }
    }
    return cases;
  }

  @Test
  void verify_goDifferentialVectors_agreesWithGoOnEveryCase() throws IOException {
    List<Case> cases = load();
    HexFormat hex = HexFormat.of();
    List<String> disagreements = new ArrayList<>();
    Map<String, int[]> stats = new TreeMap<>(); // category -> {cases, go valid, checked by our verifier}
    for (Case c : cases) {
      int[] st = stats.computeIfAbsent(c.category(), k -> new int[3]);
      st[0]++;
      st[1] += c.go() ? 1 : 0;
      String where = "line " + c.line() + " [" + c.category() + ", key " + c.keyClass() + "] ";
      VerifierKey key;
      try {
        key = VerifierKey.ed25519("differential", c.pub());
      } catch (MalformedInputException e) {
        key = null;
      }
      boolean refusedByDoc = REFUSED.contains(c.keyClass());
      if (key == null) {
        if (!refusedByDoc) {
          disagreements.add(where + "we refuse a key Go accepts and we document as accepted: " + hex.formatHex(c.pub()));
        }
        continue;
      }
      if (refusedByDoc) {
        disagreements.add(where + "we accept a key we document as refused: " + hex.formatHex(c.pub()));
      }
      st[2]++;
      // VerifierKey.verify is publicKey.verify(message, 0, length, signature, 0); calling the
      // latter directly shares one set of tables (their build dominates this test's time).
      Ed25519.PublicKey pk = Ed25519.decodePublicKey(c.pub());
      boolean ours = pk.verify(c.msg(), 0, c.msg().length, c.sig(), 0);
      if (ours != c.go()) {
        disagreements.add(where + "verdict " + ours + ", Go says " + c.go());
      }
      if (PUBLIC_PATH.contains(c.category()) && key.verify(c.msg(), c.sig()) != c.go()) {
        disagreements.add(where + "VerifierKey.verify says " + !c.go() + ", Go says " + c.go());
      }
      if (!c.rPrime().equals("-")) {
        byte[] r = pk.verifier().computeR(c.msg(), 0, c.msg().length, c.sig(), 0);
        String got = r == null ? "null" : hex.formatHex(r);
        if (!got.equals(c.rPrime())) {
          disagreements.add(where + "[S]B-[k]A = " + got + ", oracle says " + c.rPrime());
        }
      } else if (c.sig().length == 64) {
        byte[] r = pk.verifier().computeR(c.msg(), 0, c.msg().length, c.sig(), 0);
        if (r != null) {
          disagreements.add(where + "computed [S]B-[k]A although S >= L");
        }
      }
    }
    if (!disagreements.isEmpty()) {
      fail(disagreements.size() + " disagreement(s) with Go in " + cases.size() + " cases:\n"
          + String.join("\n", disagreements));
    }
    // The vectors must exercise what they claim to: every category, both verdicts where Go has them.
    assertTrue(cases.size() >= 5000, "only " + cases.size() + " cases");
    assertEquals(CATEGORIES, stats.keySet(), "categories in " + VECTORS);
    for (String cat : List.of("honest", "rIdentity", "rSmallOrder", "rMixedOrder", "keyMixedOrder")) {
      int[] st = stats.get(cat);
      assertTrue(st[1] > 0 && st[1] < st[0] || cat.equals("honest") || cat.equals("rIdentity"),
          cat + " lacks a verdict: " + st[1] + " valid of " + st[0]);
      assertTrue(st[2] == st[0], cat + ": " + (st[0] - st[2]) + " cases with a refused key");
    }
    for (String cat : List.of("keySmallOrder", "keyNonCanonical")) {
      assertEquals(0, stats.get(cat)[2], cat + " keys must all be refused");
    }
    assertTrue(stats.get("keySmallOrder")[1] > 0, "no Go-accepted forgery under a small-order key");
  }

  /** Threads racing to build one key's tables, then verifying on it, all get the right verdicts. */
  @Test
  void verify_freshKeySharedByThreads_sameVerdicts() throws Exception {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    byte[] pub = Ed25519.publicKeyOf(seed);
    int n = 64;
    byte[][] msgs = new byte[n][];
    byte[][] sigs = new byte[n][];
    for (int i = 0; i < n; i++) {
      msgs[i] = ("message " + i).getBytes(StandardCharsets.UTF_8);
      sigs[i] = Ed25519.sign(seed, pub, msgs[i]);
      if (i % 2 == 1) {
        sigs[i][i % 64] ^= 1; // odd messages get a broken signature
      }
    }
    for (int round = 0; round < 5; round++) {
      Ed25519.PublicKey key = Ed25519.decodePublicKey(pub); // fresh: no tables yet
      int threads = 4;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int offset = t;
          results.add(pool.submit(() -> {
            start.await();
            int wrong = 0;
            for (int j = 0; j < n; j++) {
              int i = (j + offset * 16) % n;
              if (key.verify(msgs[i], 0, msgs[i].length, sigs[i], 0) != (i % 2 == 0)) {
                wrong++;
              }
            }
            return wrong;
          }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
          assertEquals(0, f.get(), "wrong verdicts in round " + round);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
