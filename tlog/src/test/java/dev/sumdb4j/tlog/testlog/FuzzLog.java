package dev.sumdb4j.tlog.testlog;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.DataTile;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.Tiles;
import dev.sumdb4j.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fixed, honest log the fuzz targets verify against (FUZZING.md): a deterministic key and
 * {@value #RECORDS} module records, tiles of height {@value #HEIGHT}. Its seeds (signed notes,
 * lookups, tiles, proofs) are made by {@code FuzzSeeds} and stay valid while this class is unchanged.
 * Anything a verifier accepts must be this log's data.
 */
public final class FuzzLog {
  public static final int HEIGHT = 2;
  public static final int RECORDS = 13;
  public static final String NAME = "example.com/fuzzdb";

  private static final FuzzLog INSTANCE = new FuzzLog();

  private final SignerKey signer;
  private final TestLog log;
  private final List<String> records = new ArrayList<>();
  private final List<String> lookupKeys = new ArrayList<>();
  private final List<Hash> hashes = new ArrayList<>();
  private final byte[] latest;

  private FuzzLog() {
    try {
      byte[] seed = new byte[32];
      for (int i = 0; i < seed.length; i++) {
        seed[i] = (byte) (i * 7 + 1);
      }
      signer = SignerKey.fromSeed(NAME, seed);
      log = new TestLog(signer, HEIGHT);
      HashReader own = idx -> {
        List<Hash> out = new ArrayList<>();
        for (long i : idx) {
          out.add(hashes.get((int) i));
        }
        return out;
      };
      for (int i = 0; i < RECORDS; i++) {
        String path = "example.com/m" + (i % 5);
        String version = "v1." + i + ".0";
        String h1 = "h1:" + Codecs.base64(sha256("zip " + i));
        String goMod = "h1:" + Codecs.base64(sha256("go.mod " + i));
        long id = log.addModule(path, version, h1, goMod);
        String text = path + " " + version + " " + h1 + "\n" + path + " " + version + "/go.mod " + goMod + "\n";
        hashes.addAll(StoredHashes.forRecord(id, text.getBytes(StandardCharsets.UTF_8), own));
        records.add(text);
        lookupKeys.add(path + "@" + version);
      }
      latest = log.signedTree();
      if (!log.tree().equals(tree(RECORDS))) {
        throw new IllegalStateException("bad math: FuzzLog's tree differs from TestLog's");
      }
    } catch (IOException | SumdbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixed log. */
  public static FuzzLog get() {
    return INSTANCE;
  }

  /** The log's server (serves lookups, tiles of height {@value #HEIGHT}, /latest). */
  public TestLog log() {
    return log;
  }

  /** The log's key. */
  public SignerKey signer() {
    return signer;
  }

  /** The log's key as the only known verifier. */
  public Verifiers verifiers() {
    return Verifiers.of(signer.verifierKey());
  }

  /** The record text of record {@code id}. */
  public String record(long id) {
    return records.get((int) id);
  }

  /** The lookup keys ({@code path@version}) of the records, by id. */
  public List<String> lookupKeys() {
    return Collections.unmodifiableList(lookupKeys);
  }

  /** The number of stored hashes of the whole log. */
  public long storedHashCount() {
    return hashes.size();
  }

  /** The honest stored hash at {@code index}. */
  public Hash storedHash(long index) {
    return hashes.get((int) index);
  }

  /** The honest tree of the first {@code size} records. */
  public Tree tree(long size) {
    if (size == 0) {
      return new Tree(0, Hash.emptyTree());
    }
    try {
      return new Tree(size, TreeHash.of(size, this::readHashes));
    } catch (IOException | SumdbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The log's signed tree note (also its {@code /latest}). */
  public byte[] latest() {
    return latest.clone();
  }

  /**
   * The honest body at {@code path} ({@code /latest}, {@code /lookup/...}, {@code /tile/...}),
   * as {@link TestLog#get} serves it but without recording the request.
   */
  public byte[] serve(String path) throws IOException {
    if (path.equals("/latest")) {
      return latest();
    }
    if (path.startsWith("/lookup/")) {
      byte[] b = log.lookupBody(path.substring("/lookup/".length()));
      if (b == null) {
        throw new NotFoundException(path, "not found: " + path);
      }
      return b;
    }
    Tile t;
    try {
      t = Tile.parsePath(path.substring(1));
    } catch (MalformedInputException e) {
      throw new IOException("400 invalid tile syntax " + path);
    }
    long start = t.index() << t.height();
    if (!path.startsWith("/tile/") || t.height() != HEIGHT || start + t.width() > RECORDS) {
      throw new NotFoundException(path, "not found: " + path);
    }
    if (t.level() < 0) {
      return DataTile.format(records.subList((int) start, (int) start + t.width()));
    }
    try {
      return Tiles.readTileData(t, this::readHashes);
    } catch (SumdbException e) {
      throw new NotFoundException(path, "not found: " + path + ": " + e.getMessage());
    }
  }

  /** A reader of the log's honest stored hashes. */
  public HashReader hashReader() {
    return this::readHashes;
  }

  private List<Hash> readHashes(long[] idx) throws SumdbException {
    List<Hash> out = new ArrayList<>();
    for (long i : idx) {
      if (i < 0 || i >= hashes.size()) {
        throw new SumdbException("index " + i + " not in the log");
      }
      out.add(hashes.get((int) i));
    }
    return out;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
