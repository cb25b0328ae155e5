package dev.sumdb4j.tlog.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.KeyId;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.client.SignedTree;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One line of a watch history: a signed tree observed at {@code /latest}, proved consistent with
 * every line before it. Written as one JSON object on one line:
 *
 * <pre>{@code
 * {"version":1,"size":N,"hash":"<base64>","observed":"2026-11-23T12:00:00Z",
 *  "cosignatures":[{"name":"w","keyId":"0a1b2c3d","time":1795000000}],"note":"<signed note>"}
 * }</pre>
 *
 * @param size the tree size
 * @param hash the tree hash
 * @param note the exact signed note text (with every signature line, cosignatures included)
 * @param observed when this run saw it (whole seconds, UTC)
 * @param cosignatures the configured witnesses' cosignatures that verified on it
 */
public record HistoryEntry(long size, Hash hash, String note, Instant observed, List<SeenCosignature> cosignatures) {
  /** The line format version {@link #toJsonLine} writes and {@link #parse} accepts. */
  public static final int VERSION = 1;

  private static final Set<String> FIELDS = Set.of("version", "size", "hash", "observed", "cosignatures", "note");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Validates the fields.
   *
   * @param size the tree size
   * @param hash the tree hash
   * @param note the exact signed note text (with every signature line, cosignatures included)
   * @param observed when this run saw it (whole seconds, UTC)
   * @param cosignatures the configured witnesses' cosignatures that verified on it
   */
  public HistoryEntry {
    if (size < 0) {
      throw new IllegalArgumentException("tree size < 0: " + size);
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(observed, "observed");
    cosignatures = List.copyOf(cosignatures);
  }

  /**
   * The entry for {@code tree}, observed at {@code observed} (truncated to seconds).
   *
   * @param tree the signed tree
   * @param observed when it was observed
   * @param cosignatures the witness cosignatures that verified on it
   * @return the entry
   */
  public static HistoryEntry of(SignedTree tree, Instant observed, List<SeenCosignature> cosignatures) {
    return new HistoryEntry(tree.size(), tree.hash(), tree.noteText(),
        Instant.ofEpochSecond(observed.getEpochSecond()), cosignatures);
  }

  /** {@return the signed note's exact bytes} */
  public byte[] noteBytes() {
    return note.getBytes(StandardCharsets.UTF_8);
  }

  /** {@return the line: compact JSON and a final {@code "\n"}} */
  public String toJsonLine() {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    o.put("size", size);
    o.put("hash", hash.toString());
    o.put("observed", observed.toString());
    ArrayNode cs = o.putArray("cosignatures");
    for (SeenCosignature c : cosignatures) {
      ObjectNode n = cs.addObject();
      n.put("name", c.name());
      n.put("keyId", c.keyId().toString());
      n.put("time", c.timestamp());
    }
    o.put("note", note);
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad math in toJsonLine: a JSON tree must serialize", e);
    }
  }

  /**
   * Parses one history line (without its newline) and checks that its note verifies with {@code
   * log} and states the line's size and hash.
   *
   * @param source names the history file in error messages
   * @param line the line's number, from 1
   * @param text the line's text
   * @param log the log's keys
   * @throws MalformedInputException naming {@code source} and {@code line} if anything is wrong
   * @return the entry
   */
  public static HistoryEntry parse(String source, int line, String text, Verifiers log)
      throws MalformedInputException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(source, line, "not a JSON object: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(source, line, "not a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw bad(source, line, "unknown field " + Codecs.quote(f));
      }
    }
    JsonNode v = field(source, line, root, "version");
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() != VERSION) {
      throw bad(source, line, "unsupported version " + v + ", want " + VERSION);
    }
    JsonNode s = field(source, line, root, "size");
    if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
      throw bad(source, line, "size must be an integer >= 0");
    }
    Hash hash;
    try {
      hash = Hash.parse(text(source, line, root, "hash"));
    } catch (MalformedInputException e) {
      throw bad(source, line, "hash: " + e.getMessage());
    }
    Instant observed;
    try {
      observed = Instant.parse(text(source, line, root, "observed"));
    } catch (DateTimeParseException e) {
      throw bad(source, line, "observed is not an ISO-8601 instant: " + e.getParsedString());
    }
    List<SeenCosignature> cosigs = cosignatures(source, line, field(source, line, root, "cosignatures"));
    String note = text(source, line, root, "note");
    SignedTree tree;
    try {
      tree = SignedTree.open(source + ":" + line + " note", note.getBytes(StandardCharsets.UTF_8), log);
    } catch (SumdbException e) {
      throw new MalformedInputException(source, line, -1, "the signed note does not verify: " + e.getMessage(), e);
    }
    if (tree.size() != s.longValue() || !tree.hash().equals(hash)) {
      throw bad(source, line, "size " + s.longValue() + " and hash " + hash + " are not the note's " + tree);
    }
    return new HistoryEntry(s.longValue(), hash, note, observed, cosigs);
  }

  private static List<SeenCosignature> cosignatures(String source, int line, JsonNode a)
      throws MalformedInputException {
    if (!a.isArray()) {
      throw bad(source, line, "cosignatures must be an array");
    }
    List<SeenCosignature> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      JsonNode c = a.get(i);
      JsonNode name = c.get("name");
      JsonNode id = c.get("keyId");
      JsonNode time = c.get("time");
      if (!c.isObject() || c.size() != 3 || name == null || !name.isTextual() || id == null || !id.isTextual()
          || time == null || !time.isIntegralNumber() || !time.canConvertToLong() || time.longValue() < 0
          || !id.textValue().matches("[0-9a-f]{8}")) {
        throw bad(source, line, "cosignatures[" + i + "] must be {\"name\", \"keyId\" (8 hex digits), \"time\" (>= 0)}");
      }
      out.add(new SeenCosignature(name.textValue(), new KeyId(Integer.parseUnsignedInt(id.textValue(), 16)),
          time.longValue()));
    }
    return out;
  }

  private static JsonNode field(String source, int line, JsonNode root, String name) throws MalformedInputException {
    JsonNode n = root.get(name);
    if (n == null) {
      throw bad(source, line, "field " + name + " is missing");
    }
    return n;
  }

  private static String text(String source, int line, JsonNode root, String name) throws MalformedInputException {
    JsonNode n = field(source, line, root, name);
    if (!n.isTextual()) {
      throw bad(source, line, "field " + name + " must be a string");
    }
    return n.textValue();
  }

  private static MalformedInputException bad(String source, int line, String reason) {
    return new MalformedInputException(source, line, -1, "corrupt history line: " + reason);
  }

  /** Returns {@code tree#<size> <hash> observed <time>}. */
  @Override
  public String toString() {
    return "tree#" + size + " " + hash + " observed " + observed;
  }
}
