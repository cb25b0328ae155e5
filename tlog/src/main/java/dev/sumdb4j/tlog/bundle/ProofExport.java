package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.tile.TileHashReader;
import dev.sumdb4j.tlog.tile.TileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link ProofBundle} for authenticated lookup results from authenticated tiles. */
public final class ProofExport {
  private ProofExport() {}

  /**
   * Proves every record of {@code results} in {@code tree} (a signed tree, not the empty one) with
   * hashes read through a {@link TileHashReader} over {@code tiles}, checks each proof, and returns
   * the bundle (one entry per distinct record, in input order).
   *
   * @param tree the signed tree the proofs are made in
   * @param results the records to prove, from lookups
   * @param tiles reads the tree's tiles (this method authenticates them)
   * @throws SumdbException if a record is not in the tree or tiles fail authentication
   * @throws IOException if tiles cannot be read
   * @return the bundle
   */
  public static ProofBundle prove(SignedTree tree, List<LookupResult> results, TileReader tiles)
      throws IOException, SumdbException {
    if (tree.isEmpty()) {
      throw new IllegalArgumentException("cannot prove records in the empty tree");
    }
    return prove(tree, results, new TileHashReader(tree.tree(), tiles));
  }

  /**
   * Proves every record of {@code results} in {@code tree} (a signed tree, not the empty one) with
   * {@code hashes}, authentic hashes of that tree (such as {@code SumdbClient.hashReader()} when
   * {@code tree} is the client's latest), checks each proof against the tree's hash, and returns the
   * bundle (one entry per distinct record, in input order).
   *
   * @param tree the signed tree the proofs are made in
   * @param results the records to prove, from lookups
   * @param hashes authentic hashes of {@code tree}
   * @throws SumdbException if a record is not in the tree or a proof does not check
   * @throws IOException if hashes cannot be read
   * @return the bundle
   */
  public static ProofBundle prove(SignedTree tree, List<LookupResult> results, HashReader hashes)
      throws IOException, SumdbException {
    if (tree.isEmpty()) {
      throw new IllegalArgumentException("cannot prove records in the empty tree");
    }
    Map<Long, ProofBundle.Entry> entries = new LinkedHashMap<>();
    for (LookupResult r : results) {
      if (entries.containsKey(r.recordId())) {
        continue;
      }
      if (r.recordId() >= tree.size()) {
        throw new ProofException("record " + r.recordId() + " (" + r.module() + ") is not in tree of size "
            + tree.size());
      }
      RecordProof p = RecordProof.prove(tree.size(), r.recordId(), hashes);
      Hash leaf = Hash.ofRecord(r.recordText().getBytes(StandardCharsets.UTF_8));
      RecordProof.check(p, tree.size(), tree.hash(), r.recordId(), leaf);
      entries.put(r.recordId(), new ProofBundle.Entry(r.recordId(), r.recordText(), p.hashes()));
    }
    return ProofBundle.of(tree.note(), new ArrayList<>(entries.values()));
  }
}
