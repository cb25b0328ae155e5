package dev.sumdb4j.tlog.vectors;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.testdata.vectors.TlogVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The record tree of {@code tlog/tree.json}, built by our StoredHashes into an in-memory store. */
final class RecordTree {
  static final TlogVectors.TreeFile VECTORS = TlogVectors.tree();
  private static final RecordTree INSTANCE = build(VECTORS.recordHashes().size());

  final List<Hash> stored = new ArrayList<>();
  final HashReader reader = indexes -> {
    List<Hash> out = new ArrayList<>(indexes.length);
    for (long i : indexes) {
      out.add(stored.get(Math.toIntExact(i)));
    }
    return out;
  };

  private RecordTree() {}

  /** The 300-record tree (built once). */
  static RecordTree get() {
    return INSTANCE;
  }

  static byte[] record(long i) {
    return VECTORS.recordText(i).getBytes(StandardCharsets.UTF_8);
  }

  static Hash recordHash(long i) {
    return Hash.ofRecord(record(i));
  }

  Hash treeHash(long size) throws IOException, SumdbException {
    return TreeHash.of(size, reader);
  }

  static Hash parse(String base64) {
    try {
      return Hash.parse(base64);
    } catch (MalformedInputException e) {
      throw new AssertionError("bad hash in vectors: " + base64, e);
    }
  }

  static List<Hash> parseAll(List<String> base64) {
    List<Hash> out = new ArrayList<>();
    for (String s : base64) {
      out.add(parse(s));
    }
    return out;
  }

  private static RecordTree build(int n) {
    RecordTree t = new RecordTree();
    try {
      for (long i = 0; i < n; i++) {
        t.stored.addAll(StoredHashes.forRecord(i, record(i), t.reader));
      }
    } catch (IOException | SumdbException e) {
      throw new AssertionError("building the record tree", e);
    }
    return t;
  }
}
