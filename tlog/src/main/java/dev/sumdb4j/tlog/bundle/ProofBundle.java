package dev.sumdb4j.tlog.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.ProofException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.RecordProof;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.RecordText;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.proof.TlogProof;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The inclusion proofs of many checksum-database records against one signed checkpoint: enough to
 * check a whole go.sum offline with only the database's verifier key. Each entry is equivalent to
 * a c2sp.org/tlog-proof@v1 proof ({@link Entry#tlogProof}) whose leaf data is the record text.
 *
 * <p>JSON, format version 1; every field is required and no other field is allowed:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "type": "sumdb4j proof bundle",
 *   "checkpoint": "go.sum database tree\n42\n<hash>\n\n— sum.golang.org <sig>\n",  // signed note
 *   "records": [
 *     {"index": 17,                                       // the record's leaf index
 *      "record": "rsc.io/quote v1.5.2 h1:...\nrsc.io/quote v1.5.2/go.mod h1:...\n",  // leaf data
 *      "proof": ["<base64 hash>", ...]}                   // RFC 6962 inclusion proof, leaf's sibling first
 *   ]
 * }
 * }</pre>
 */
public final class ProofBundle {
  /** The format version {@link #toJson} writes and {@link #fromJson} accepts. */
  public static final int VERSION = 1;
  /** The value of the {@code "type"} field. */
  public static final String TYPE = "sumdb4j proof bundle";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();
  private static final Set<String> FIELDS = Set.of("version", "type", "checkpoint", "records");
  private static final Set<String> ENTRY_FIELDS = Set.of("index", "record", "proof");

  /**
   * One record and its inclusion proof.
   *
   * @param index the record's leaf index
   * @param recordText the record text (the leaf data)
   * @param proof the inclusion proof hashes, the leaf's sibling first
   */
  public record Entry(long index, String recordText, List<Hash> proof) {
    /**
     * Validates and copies the fields.
     *
     * @param index the record's leaf index
     * @param recordText the record text (the leaf data)
     * @param proof the inclusion proof hashes, the leaf's sibling first
     */
    public Entry {
      Objects.requireNonNull(recordText, "recordText");
      proof = List.copyOf(proof);
      if (index < 0) {
        throw new IllegalArgumentException("negative record index " + index);
      }
    }

    /**
     * This entry as a c2sp.org/tlog-proof@v1 proof against {@code signedCheckpoint}.
     *
     * @param signedCheckpoint the bundle's signed checkpoint
     * @return the proof
     * @throws MalformedInputException if the entry cannot be expressed as a tlog-proof (its record text, hashes or the checkpoint are malformed)
     */
    public TlogProof tlogProof(byte[] signedCheckpoint) throws MalformedInputException {
      return TlogProof.of(index, proof, signedCheckpoint, Optional.empty());
    }
  }

  private final byte[] checkpoint;
  private final List<Entry> entries;

  private ProofBundle(byte[] checkpoint, List<Entry> entries) {
    this.checkpoint = checkpoint;
    this.entries = entries;
  }

  /**
   * A bundle of {@code entries} against the signed note {@code signedCheckpoint}.
   *
   * @param signedCheckpoint the signed checkpoint, a signed note
   * @param entries the entries
   * @return the bundle
   */
  public static ProofBundle of(byte[] signedCheckpoint, List<Entry> entries) {
    return new ProofBundle(signedCheckpoint.clone(), List.copyOf(entries));
  }

  /** {@return a copy of the signed checkpoint, exact bytes} */
  public byte[] signedCheckpoint() {
    return checkpoint.clone();
  }

  /** {@return the entries, in bundle order} */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Opens the checkpoint with {@code verifiers} (its origin must be the checksum database's) and
   * checks every entry's inclusion proof; returns the proved records, in bundle order.
   *
   * @param source names the bundle in errors
   * @param verifiers the keys the checkpoint's signatures are checked with
   * @throws SumdbException if the checkpoint does not verify or any proof fails (naming the entry)
   * @return the proved records, in the bundle's order
   */
  public List<ProvedRecord> verify(String source, Verifiers verifiers) throws SumdbException {
    Note note = Note.open(source + ": checkpoint", checkpoint, verifiers);
    Checkpoint cp = Checkpoint.parse(source + ": checkpoint", note.text().getBytes(StandardCharsets.UTF_8));
    if (!cp.origin().equals(Checkpoint.SUMDB_ORIGIN)) {
      throw new ProofException(source + ": the checkpoint is not a checksum database tree",
          Codecs.quote(cp.origin()), Codecs.quote(Checkpoint.SUMDB_ORIGIN));
    }
    SignedTree tree = SignedTree.open(source + ": checkpoint", checkpoint, verifiers);
    List<ProvedRecord> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String where = source + ": records[" + i + "] (record " + e.index() + ")";
      byte[] leaf = e.recordText().getBytes(StandardCharsets.UTF_8);
      RecordText.check(where, leaf);
      try {
        e.tlogProof(checkpoint).checkInclusion(leaf, cp);
      } catch (ProofException x) {
        throw new ProofException(where + ": " + x.getMessage(), x.got(), x.want());
      }
      out.add(new ProvedRecord(where, e.index(), e.recordText(), tree, RecordProof.of(e.proof())));
    }
    return out;
  }

  /** {@return the bundle as JSON (format version {@value #VERSION}, see the class doc)} */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    o.put("type", TYPE);
    o.put("checkpoint", new String(checkpoint, StandardCharsets.UTF_8));
    ArrayNode records = o.putArray("records");
    for (Entry e : entries) {
      ObjectNode r = records.addObject();
      r.put("index", e.index());
      r.put("record", e.recordText());
      ArrayNode p = r.putArray("proof");
      e.proof().forEach(h -> p.add(h.toString()));
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad math in toJson: a JSON tree must serialize", e);
    }
  }

  /**
   * Parses a bundle written by {@link #toJson}. This checks the shape only; call {@link #verify}.
   *
   * @param source names the input in error messages (a path)
   * @param json the bundle's JSON text
   * @throws MalformedInputException if the JSON is malformed, of another type or version, or has a
   *     missing, extra or mistyped field or a bad hash (naming the entry)
   * @return the bundle, not yet verified
   */
  public static ProofBundle fromJson(String source, String json) throws MalformedInputException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException(source, e.getLocation() == null ? -1 : e.getLocation().getCharOffset(),
          "malformed proof bundle JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedInputException(source, -1, "a proof bundle must be a JSON object");
    }
    onlyFields(source, root, FIELDS, "");
    JsonNode v = field(source, root, "version", "");
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() != VERSION) {
      throw new MalformedInputException(source, -1, "unsupported proof bundle version " + v + ", want " + VERSION);
    }
    String type = text(source, root, "type", "");
    if (!type.equals(TYPE)) {
      throw new MalformedInputException(source, -1, "not a proof bundle: type is " + Codecs.quote(type)
          + ", want " + Codecs.quote(TYPE));
    }
    byte[] checkpoint = text(source, root, "checkpoint", "").getBytes(StandardCharsets.UTF_8);
    JsonNode records = field(source, root, "records", "");
    if (!records.isArray()) {
      throw new MalformedInputException(source, -1, "proof bundle field records must be an array");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      String at = "records[" + i + "].";
      JsonNode r = records.get(i);
      if (!r.isObject()) {
        throw new MalformedInputException(source, -1, "proof bundle records[" + i + "] must be an object");
      }
      onlyFields(source, r, ENTRY_FIELDS, at);
      JsonNode idx = field(source, r, "index", at);
      if (!idx.isIntegralNumber() || !idx.canConvertToLong() || idx.longValue() < 0) {
        throw new MalformedInputException(source, -1, "proof bundle " + at + "index must be an integer >= 0");
      }
      String record = text(source, r, "record", at);
      JsonNode p = field(source, r, "proof", at);
      if (!p.isArray() || p.size() > TlogProof.MAX_PROOF_HASHES) {
        throw new MalformedInputException(source, -1, "proof bundle " + at + "proof must be an array of at most "
            + TlogProof.MAX_PROOF_HASHES + " base64 hashes");
      }
      List<Hash> proof = new ArrayList<>();
      for (int j = 0; j < p.size(); j++) {
        String what = at + "proof[" + j + "]";
        if (!p.get(j).isTextual()) {
          throw new MalformedInputException(source, -1, "proof bundle " + what + " must be a base64 string");
        }
        try {
          proof.add(Hash.parse(p.get(j).textValue()));
        } catch (MalformedInputException e) {
          throw new MalformedInputException(source, -1, "proof bundle " + what + ": " + e.getMessage());
        }
      }
      entries.add(new Entry(idx.longValue(), record, proof));
    }
    return new ProofBundle(checkpoint, List.copyOf(entries));
  }

  private static void onlyFields(String source, JsonNode o, Set<String> allowed, String at)
      throws MalformedInputException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new MalformedInputException(source, -1, "unknown proof bundle field " + Codecs.quote(at + f));
      }
    }
  }

  private static JsonNode field(String source, JsonNode o, String name, String at) throws MalformedInputException {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw new MalformedInputException(source, -1, "proof bundle field " + at + name + " is missing");
    }
    return n;
  }

  private static String text(String source, JsonNode o, String name, String at) throws MalformedInputException {
    JsonNode n = field(source, o, name, at);
    if (!n.isTextual()) {
      throw new MalformedInputException(source, -1, "proof bundle field " + at + name + " must be a string");
    }
    return n.textValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProofBundle b && Arrays.equals(checkpoint, b.checkpoint) && entries.equals(b.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(checkpoint) * 31 + entries.hashCode();
  }

  /** A one-line summary. */
  @Override
  public String toString() {
    return "ProofBundle[" + entries.size() + " records, checkpoint " + checkpoint.length + " bytes]";
  }
}
