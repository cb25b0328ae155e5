package dev.sumdb4j.tlog.client;

import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.TreeProof;
import dev.sumdb4j.tlog.bundle.ProofExport;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.proof.TlogProof;
import dev.sumdb4j.tlog.testlog.FuzzLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes the fuzz targets' seeds (FUZZING.md).
 *
 * <p>{@code FuzzSeeds inputs <tlog/src/test/resources>}: the committed regression inputs of the tlog
 * targets, made from the fixed {@link FuzzLog} (deterministic: rerunning rewrites the same bytes).
 *
 * <p>{@code FuzzSeeds realdata <realdata dir> <repo root>}: extra seeds read in place from
 * ../shared/realdata into each module's {@code .cifuzz-corpus/} (git-ignored, never committed),
 * the corpus Jazzer fuzzes from.
 */
public final class FuzzSeeds {
  private static final FuzzLog LOG = FuzzLog.get();

  private FuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("inputs")) {
      inputs(Paths.get(args[1]).resolve("dev/sumdb4j/tlog"));
    } else if (args.length == 3 && args[0].equals("realdata")) {
      realdata(Paths.get(args[1]), Paths.get(args[2]));
    } else {
      throw new IllegalArgumentException("usage: FuzzSeeds inputs <resources> | realdata <realdata> <root>");
    }
  }

  private static void write(Path dir, String name, byte[] data) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), data);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void inputs(Path res) throws Exception {
    Path cp = res.resolve("checkpoint/CheckpointFuzzTestInputs");
    for (long n : new long[] {1, 5, 13}) {
      write(cp.resolve("checkpoint"), "tree-" + n, Checkpoint.sumdb(LOG.tree(n)).format());
    }
    write(cp.resolve("checkpoint"), "other-origin-extensions",
        new Checkpoint("example.com/log", 13, LOG.tree(13).hash(), List.of("ext one", "— ext two")).format());
    write(cp.resolve("checkpoint"), "tree-trailing", concat(Checkpoint.sumdb(LOG.tree(5)).format(), utf8("extra\n")));
    write(cp.resolve("checkpoint"), "missing-hash", utf8("go.sum database tree\n5\n"));
    for (int id : new int[] {0, 7, 12}) {
      write(cp.resolve("lookupResponse"), "record-" + id, LOG.log().lookupBody(LOG.lookupKeys().get(id)));
    }
    write(cp.resolve("lookupResponse"), "no-note", new LookupResponse(3, LOG.record(3), new byte[0]).format());
    write(cp.resolve("lookupResponse"), "bad-id", utf8("07\n" + LOG.record(7) + "\n"));
    byte[] trailer = {8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1};
    write(cp.resolve("dataTile"), "tile-2-data-000", concat(LOG.serve("/tile/2/data/000"), trailer));
    write(cp.resolve("dataTile"), "tile-2-data-003.p-1", concat(LOG.serve("/tile/2/data/003.p/1"), trailer));
    write(cp.resolve("dataTile"), "short", concat(utf8(LOG.record(0)), trailer));

    Path tile = res.resolve("tile/TileFuzzTestInputs");
    for (String p : List.of("tile/8/0/001", "tile/8/1/000.p/5", "tile/2/data/x001/234", "tile/8/0/x123/x456/789.p/255",
        "tile/8/0/1000", "tile/8/0/001.p/256", "tile/30/-1/000")) {
      write(tile.resolve("tilePath"), p.replace('/', '_'), utf8(p));
    }
    for (int i = 0; i < 4; i++) {
      byte[] b = new byte[64 + 32 * i];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (j * (i + 3) + i);
      }
      write(tile.resolve("tileHashReader"), "mixed-" + i, b);
    }
    write(tile.resolve("tileHashReader"), "honest", new byte[96]);

    Path client = res.resolve("client/ClientFuzzTestInputs");
    for (int id : new int[] {7, 3}) {
      write(client.resolve("lookup"), "record-" + id, LOG.log().lookupBody(LOG.lookupKeys().get(id)));
    }
    write(client.resolve("lookup"), "record-7-latest-note",
        new LookupResponse(7, LOG.record(7), LOG.latest()).format());
    write(client.resolve("lookup"), "record-7-old-note",
        new LookupResponse(7, LOG.record(7), LOG.log().signedTree(3)).format());
    for (long n : new long[] {3, 5, 8, 13}) {
      write(client.resolve("latest"), "tree-" + n, LOG.log().signedTree(n));
    }
    write(client.resolve("latest"), "forged-size", LOG.log().signText("go.sum database tree\n14\n"
        + LOG.tree(13).hash() + "\n").clone());
    SignedTree t5 = SignedTree.open("t5", LOG.log().signedTree(5), LOG.verifiers());
    SignedTree t13 = SignedTree.open("t13", LOG.latest(), LOG.verifiers());
    TreeProof p = TreeProof.prove(13, 5, LOG.hashReader());
    write(client.resolve("evidence"), "no-conflict", utf8(Evidence.of(t5, t13, t5.hash(), p).toJson()));
    write(client.resolve("evidence"), "wrong-hash", utf8(Evidence.of(t5, t13, LOG.tree(4).hash(), p).toJson()));
    write(client.resolve("evidence"), "same-size", utf8(Evidence.sameSize(t13, t13).toJson()));

    Path proof = res.resolve("proof/TlogProofFuzzTestInputs/tlogProof");
    for (int[] c : new int[][] {{7, 13}, {0, 1}, {12, 13}, {4, 8}}) {
      TlogProof tp = TlogProof.of(c[0], RecordProof.prove(c[1], c[0], LOG.hashReader()).hashes(),
          LOG.log().signedTree(c[1]), c[0] == 4 ? Optional.of(utf8("extra")) : Optional.empty());
      write(proof, "record-" + c[0] + "-tree-" + c[1], concat(tp.format(), new byte[] {(byte) (c[0] + 1)}));
    }

    SumdbClient sc = SumdbClient.builder().verifierKey(LOG.signer().verifierKey()).remote(LOG::serve)
        .tileHeight(FuzzLog.HEIGHT).executor(Runnable::run).build();
    List<LookupResult> results = new ArrayList<>();
    for (int id : new int[] {2, 7, 12}) {
      String key = LOG.lookupKeys().get(id);
      results.add(sc.lookup(key.substring(0, key.indexOf('@')), key.substring(key.indexOf('@') + 1)));
    }
    Path bundle = res.resolve("bundle/ProofBundleFuzzTestInputs/proofBundle");
    write(bundle, "three-records", utf8(ProofExport.prove(t13, results, LOG.hashReader()).toJson()));
    write(bundle, "one-record", utf8(ProofExport.prove(t13, results.subList(1, 2), LOG.hashReader()).toJson()));
  }

  /** Realdata files of the given kind, read in place (at most {@code max}). */
  private static List<Path> files(Path dir, String suffix, int max) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix))
          .sorted().limit(max).toList();
    }
  }

  private static String name(Path realdata, Path f) {
    return realdata.relativize(f).toString().replace('/', '_');
  }

  private static void realdata(Path rd, Path root) throws IOException {
    Path core = root.resolve("core/.cifuzz-corpus");
    Path tlog = root.resolve("tlog/.cifuzz-corpus");
    List<Path> notes = new ArrayList<>(files(rd.resolve("checkpoints"), ".note", 40));
    notes.addAll(files(rd.resolve("gocache"), "latest", 10));
    List<Path> lookups = new ArrayList<>(files(rd.resolve("lookups"), "", 20));
    for (Path f : files(rd.resolve("gocache"), "", 100000)) {
      if (f.toString().contains("/lookup/") && lookups.size() < 60) {
        lookups.add(f);
      }
    }
    for (Path f : notes) {
      byte[] b = Files.readAllBytes(f);
      write(core.resolve("dev.sumdb4j.note.NoteFuzzTest/open"), name(rd, f), b);
      write(tlog.resolve("dev.sumdb4j.tlog.client.ClientFuzzTest/latest"), name(rd, f), b);
      int blank = indexOf(b, utf8("\n\n"));
      if (blank > 0) {
        write(tlog.resolve("dev.sumdb4j.tlog.checkpoint.CheckpointFuzzTest/checkpoint"), name(rd, f),
            Arrays.copyOf(b, blank + 1));
      }
    }
    for (Path f : lookups) {
      byte[] b = Files.readAllBytes(f);
      write(tlog.resolve("dev.sumdb4j.tlog.checkpoint.CheckpointFuzzTest/lookupResponse"), name(rd, f), b);
      write(tlog.resolve("dev.sumdb4j.tlog.client.ClientFuzzTest/lookup"), name(rd, f), b);
      write(core.resolve("dev.sumdb4j.note.NoteFuzzTest/open"), name(rd, f),
          Arrays.copyOfRange(b, Math.max(0, indexOf(b, utf8("\n\n")) + 2), b.length));
    }
    int tiles = 0;
    int dataTiles = 0;
    for (Path f : files(rd.resolve("gocache"), "", 100000)) {
      String rel = rd.relativize(f).toString();
      int at = rel.indexOf("/tile/");
      if (at < 0) {
        continue;
      }
      String path = rel.substring(at + 1);
      if (tiles++ < 40) {
        write(tlog.resolve("dev.sumdb4j.tlog.tile.TileFuzzTest/tilePath"), name(rd, f), utf8(path));
      }
      if (path.contains("/data/") && dataTiles++ < 20) {
        byte[] trailer = {8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 255, 7};
        write(tlog.resolve("dev.sumdb4j.tlog.checkpoint.CheckpointFuzzTest/dataTile"), name(rd, f),
            concat(Files.readAllBytes(f), trailer));
      }
    }
    for (Path f : files(rd.resolve("gosum"), "", 20)) {
      write(core.resolve("dev.sumdb4j.gosum.GoSumFuzzTest/parse"), name(rd, f), Files.readAllBytes(f));
    }
    for (Path f : files(rd.resolve("modules"), ".zip", 10)) {
      write(core.resolve("dev.sumdb4j.dirhash.DirHashFuzzTest/hashZip"), name(rd, f), Files.readAllBytes(f));
    }
    for (Path f : files(rd.resolve("proofs"), ".tlog-proof", 10)) {
      write(tlog.resolve("dev.sumdb4j.tlog.proof.TlogProofFuzzTest/tlogProof"), name(rd, f),
          concat(Files.readAllBytes(f), new byte[] {0}));
    }
    write(core.resolve("dev.sumdb4j.note.NoteFuzzTest/verifierKey"), "sumdb",
        utf8("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"));
  }

  private static int indexOf(byte[] b, byte[] sub) {
    outer:
    for (int i = 0; i + sub.length <= b.length; i++) {
      for (int j = 0; j < sub.length; j++) {
        if (b[i + j] != sub[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
