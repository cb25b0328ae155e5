package dev.sumdb4j.bench;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Inputs shared by the benchmarks: the real-data directory and in-memory trees. */
final class BenchData {
  /** The checkpoint every note benchmark verifies (a real sum.golang.org signed tree head). */
  static final String CHECKPOINT = "checkpoints/58253265.note";
  /** The module zip the dirhash benchmark hashes (a real proxy.golang.org zip). */
  static final String MODULE_ZIP = "modules/rsc.io/sampler/@v/v1.3.0.zip";
  /** The verifier key of sum.golang.org. */
  static final String SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  private BenchData() {}

  /**
   * The real-data directory: -Dsumdb4j.realdata, $SUMDB4J_REALDATA, or ../shared/realdata from the
   * working directory or one of its parents; null when absent.
   */
  static Path realData() {
    for (String c : new String[] {System.getProperty("sumdb4j.realdata"), System.getenv("SUMDB4J_REALDATA")}) {
      if (c != null && Files.isDirectory(Paths.get(c, "checkpoints"))) {
        return Paths.get(c);
      }
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared/realdata");
      if (Files.isDirectory(c.resolve("checkpoints"))) {
        return c;
      }
      c = p.resolve("../shared/realdata").normalize();
      if (Files.isDirectory(c.resolve("checkpoints"))) {
        return c;
      }
    }
    return null;
  }

  /** The data of record i: {@code "record <i>\n"} (as in the vectors). */
  static byte[] record(long i) {
    return ("record " + i + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** An append-only in-memory store of stored hashes. */
  static final class MemoryTree {
    final List<Hash> stored;
    final HashReader reader;

    MemoryTree(int expectedRecords) {
      stored = new ArrayList<>(2 * expectedRecords);
      reader = indexes -> {
        List<Hash> out = new ArrayList<>(indexes.length);
        for (long x : indexes) {
          out.add(stored.get((int) x));
        }
        return out;
      };
    }

    /** Appends record n (the next one) with StoredHashes.forRecord. */
    void append(long n, byte[] data) throws IOException, SumdbException {
      stored.addAll(StoredHashes.forRecord(n, data, reader));
    }

    /** Builds the tree of records 0..n-1 with the given data. */
    static MemoryTree build(byte[][] records) throws IOException, SumdbException {
      MemoryTree t = new MemoryTree(records.length);
      for (int i = 0; i < records.length; i++) {
        t.append(i, records[i]);
      }
      return t;
    }
  }

  /** The data of records 0..n-1. */
  static byte[][] records(int n) {
    byte[][] r = new byte[n][];
    for (int i = 0; i < n; i++) {
      r[i] = record(i);
    }
    return r;
  }
}
