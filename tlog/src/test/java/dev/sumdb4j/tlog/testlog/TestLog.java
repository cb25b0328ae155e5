package dev.sumdb4j.tlog.testlog;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.DataTile;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.Tiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An in-memory checksum database for tests, after x/mod's client test harness: signs trees with a
 * {@link SignerKey}, serves {@code /lookup}, {@code /tile} (hash tiles with every historic partial
 * width, data tiles) and {@code /latest} as a {@link Remote}, and can {@link #fork()}, corrupt
 * what it serves, count requests and refuse reads (to prove the cache is used).
 *
 * <p>As in x/mod's harness, a lookup body is fixed when its record is added: the record and the
 * signed tree of the size right after it.
 */
public final class TestLog implements Remote {
  private final SignerKey signer;
  private final int height;
  private final List<String> records;
  private final List<Hash> hashes;
  private final Map<String, byte[]> lookups;
  private final Map<String, byte[]> overrides = new HashMap<>();
  private final Set<String> corruptPaths = new HashSet<>();
  private final List<String> requests = new ArrayList<>();
  private boolean corruptAllTiles;
  private boolean servePartials = true;
  private Predicate<String> refuse = p -> false;

  private TestLog(SignerKey signer, int height, List<String> records, List<Hash> hashes, Map<String, byte[]> lookups) {
    this.signer = signer;
    this.height = height;
    this.records = records;
    this.hashes = hashes;
    this.lookups = lookups;
  }

  /** An empty log signing with {@code signer}, serving tiles of {@code height}. */
  public TestLog(SignerKey signer, int height) {
    this(signer, height, new ArrayList<>(), new ArrayList<>(), new HashMap<>());
  }

  /** An empty log with a fresh key named {@code name}. */
  public static TestLog create(String name, int height) {
    try {
      return new TestLog(SignerKey.generate(name, new SecureRandom()), height);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The key that verifies this log's notes. */
  public VerifierKey verifierKey() {
    return signer.verifierKey();
  }

  /** The tile height. */
  public int height() {
    return height;
  }

  /** A split view: a copy of this log with the same key whose future records diverge. */
  public synchronized TestLog fork() {
    return new TestLog(signer, height, new ArrayList<>(records), new ArrayList<>(hashes), new HashMap<>(lookups));
  }

  /**
   * Appends a record served at {@code /lookup/<lookupKey>} (an escaped {@code path@version}) and
   * returns its id.
   */
  public synchronized long add(String lookupKey, String text) {
    long id = records.size();
    try {
      hashes.addAll(StoredHashes.forRecord(id, text.getBytes(StandardCharsets.UTF_8), reader()));
      records.add(text);
      lookups.put(lookupKey, new LookupResponse(id, text, signedTree()).format());
    } catch (IOException | SumdbException e) {
      throw new IllegalStateException(e);
    }
    return id;
  }

  /** Appends the record of module {@code path@version} with its h1 and go.mod h1 hashes. */
  public long addModule(String path, String version, String h1, String goModH1) {
    try {
      String key = ModulePaths.escapePath(path) + "@" + ModulePaths.escapeVersion(version);
      return add(key, path + " " + version + " " + h1 + "\n" + path + " " + version + "/go.mod " + goModH1 + "\n");
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The number of records. */
  public synchronized long size() {
    return records.size();
  }

  /** The current tree. */
  public synchronized Tree tree() {
    return tree(records.size());
  }

  /** The tree of the first {@code size} records. */
  public synchronized Tree tree(long size) {
    try {
      return new Tree(size, TreeHash.of(size, reader()));
    } catch (IOException | SumdbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The current tree's signed note. */
  public synchronized byte[] signedTree() {
    return signedTree(records.size());
  }

  /** The signed note of the tree of the first {@code size} records. */
  public synchronized byte[] signedTree(long size) {
    return sign(tree(size));
  }

  /** Signs any tree with this log's key (to forge notes a real log would never sign). */
  public byte[] sign(Tree tree) {
    return signText(new String(Checkpoint.sumdb(tree).format(), StandardCharsets.UTF_8));
  }

  /** Signs arbitrary note text with this log's key. */
  public byte[] signText(String text) {
    try {
      return Note.sign(Note.of(text), signer);
    } catch (SumdbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lookup body currently served for {@code lookupKey}, or null. */
  public synchronized byte[] lookupBody(String lookupKey) {
    byte[] b = lookups.get(lookupKey);
    return b == null ? null : b.clone();
  }

  /** Re-signs the lookup of {@code lookupKey} with the current tree. */
  public synchronized void refreshLookup(String lookupKey) {
    LookupResponse r;
    try {
      r = LookupResponse.parse(lookupKey, lookups.get(lookupKey));
    } catch (MalformedInputException e) {
      throw new IllegalStateException(e);
    }
    lookups.put(lookupKey, new LookupResponse(r.id(), r.text(), signedTree()).format());
  }

  /** Serves {@code body} at {@code path} (e.g. {@code /lookup/...}), whatever the log holds. */
  public synchronized void override(String path, byte[] body) {
    overrides.put(path, body.clone());
  }

  /**
   * Serves the lookup of {@code lookupKey} with {@code from} replaced by {@code to} in its record
   * text, keeping the genuine signed note (a record the log never logged).
   */
  public synchronized void corruptRecord(String lookupKey, String from, String to) {
    try {
      LookupResponse r = LookupResponse.parse(lookupKey, lookups.get(lookupKey));
      overrides.put("/lookup/" + lookupKey, new LookupResponse(r.id(), r.text().replace(from, to), r.signedNote()).format());
    } catch (MalformedInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves the lookup of {@code lookupKey} with one bit of its note's signature flipped. */
  public synchronized void corruptNote(String lookupKey) {
    // Flip one bit of the Ed25519 signature itself and re-encode, so the note stays well-formed
    // (canonical base64) and only the signature check can catch it.
    String text = new String(lookups.get(lookupKey), java.nio.charset.StandardCharsets.UTF_8);
    int lineStart = text.lastIndexOf('\n', text.length() - 2) + 1;
    int b64Start = text.lastIndexOf(' ') + 1;
    byte[] sig = java.util.Base64.getDecoder().decode(text.substring(b64Start, text.length() - 1));
    sig[4 + 10] ^= 0x01; // after the 4-byte key hash
    String forged = text.substring(0, b64Start) + java.util.Base64.getEncoder().encodeToString(sig) + "\n";
    if (lineStart <= 0 || b64Start <= lineStart) {
      throw new AssertionError("bad math in corruptNote: no signature line in " + lookupKey);
    }
    overrides.put("/lookup/" + lookupKey, forged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Flips the top bit of every byte served at {@code path}. */
  public synchronized void corrupt(String path) {
    corruptPaths.add(path);
  }

  /** Flips the top bit of every byte of every tile served (x/mod's TestClientBadTiles). */
  public synchronized void corruptAllTiles(boolean on) {
    corruptAllTiles = on;
  }

  /** Whether partial hash tiles are served (if not, 404: clients must fall back to full tiles). */
  public synchronized void servePartials(boolean on) {
    servePartials = on;
  }

  /** Refuses (with an IOException) every read whose path {@code refused} accepts. */
  public synchronized void refuse(Predicate<String> refused) {
    refuse = refused;
  }

  /** Refuses every read. */
  public void refuseAll() {
    refuse(p -> true);
  }

  /** Refuses nothing. */
  public void allowAll() {
    refuse(p -> false);
  }

  /** Every path requested so far, in order (refused ones included). */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many requests had a path starting with {@code prefix}. */
  public synchronized long requestCount(String prefix) {
    return requests.stream().filter(p -> p.startsWith(prefix)).count();
  }

  /** Forgets the requests seen so far. */
  public synchronized void clearRequests() {
    requests.clear();
  }

  @Override
  public synchronized byte[] get(String path) throws IOException {
    requests.add(path);
    if (refuse.test(path)) {
      throw new IOException("disallowed remote read " + path);
    }
    byte[] body = serve(path);
    if (corruptPaths.contains(path) || (corruptAllTiles && path.startsWith("/tile/"))) {
      body = body.clone();
      for (int i = 0; i < body.length; i++) {
        body[i] ^= (byte) 0x80;
      }
    }
    return body;
  }

  private byte[] serve(String path) throws IOException {
    if (overrides.containsKey(path)) {
      return overrides.get(path).clone();
    }
    if (path.equals("/latest")) {
      return signedTree();
    }
    if (path.startsWith("/lookup/")) {
      byte[] b = lookups.get(path.substring("/lookup/".length()));
      if (b == null) {
        throw new NotFoundException(path, "not found: " + path);
      }
      return b.clone();
    }
    if (path.startsWith("/tile/")) {
      Tile t;
      try {
        t = Tile.parsePath(path.substring(1));
      } catch (MalformedInputException e) {
        throw new IOException("400 invalid tile syntax " + path);
      }
      if (t.height() != height || (!t.isFull() && !servePartials)) {
        throw new NotFoundException(path, "not found: " + path);
      }
      long start = t.index() << height;
      if (t.level() < 0) {
        if (start + t.width() > records.size()) {
          throw new NotFoundException(path, "not found: " + path);
        }
        return DataTile.format(records.subList((int) start, (int) start + t.width()));
      }
      long levelSize = (long) t.level() * height >= 63 ? 0 : records.size() >>> (t.level() * height);
      if (start + t.width() > levelSize) {
        throw new NotFoundException(path, "not found: " + path);
      }
      try {
        return Tiles.readTileData(t, reader());
      } catch (SumdbException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new NotFoundException(path, "not found: " + path);
  }

  private HashReader reader() {
    return indexes -> {
      List<Hash> out = new ArrayList<>();
      for (long x : indexes) {
        out.add(hashes.get((int) x));
      }
      return out;
    };
  }
}
