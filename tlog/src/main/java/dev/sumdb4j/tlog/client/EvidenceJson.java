package dev.sumdb4j.tlog.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.client.Evidence.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The JSON form of {@link Evidence} (schema in its class doc): strict parsing, stable bytes. */
final class EvidenceJson {
  private static final Set<String> FIELDS = Set.of(
      "version", "olderNote", "newerNote", "olderSize", "newerSize", "computedHash", "proof");
  private static final Set<String> EMPTY_TREE_FIELDS = Set.of("version", "kind", "note");

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** Two-space indents and "\n" line ends on every platform, so the bytes are stable. */
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"))
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  private EvidenceJson() {}

  /** The evidence as JSON: see {@link Evidence}'s class doc. */
  static String write(Evidence e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", Evidence.VERSION);
    if (e.kind() == Kind.EMPTY_TREE_HASH) {
      o.put("kind", e.kind().id());
      o.put("note", new String(e.olderNote(), StandardCharsets.UTF_8));
      return write(o);
    }
    o.put("olderNote", new String(e.olderNote(), StandardCharsets.UTF_8));
    o.put("newerNote", new String(e.newerNote(), StandardCharsets.UTF_8));
    o.put("olderSize", e.olderSize());
    o.put("newerSize", e.newerSize());
    o.put("computedHash", e.computedHash().toString());
    ArrayNode p = o.putArray("proof");
    e.proof().hashes().forEach(h -> p.add(h.toString()));
    return write(o);
  }

  private static String write(ObjectNode o) {
    try {
      return JSON.writer(PRETTY).writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad math in toJson: a JSON tree must serialize", e);
    }
  }

  /**
   * Parses evidence JSON. This checks the shape only.
   *
   * @throws MalformedInputException if the JSON is malformed, has an unknown version or kind, a
   *     missing, extra or mistyped field, or a bad hash
   */
  static Evidence read(String source, String json) throws MalformedInputException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException(source, e.getLocation() == null ? -1 : e.getLocation().getCharOffset(),
          "malformed evidence JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedInputException(source, -1, "evidence must be a JSON object");
    }
    Kind kind = Kind.FORK;
    if (root.has("kind")) {
      String k = text(source, root, "kind");
      if (!k.equals(Kind.EMPTY_TREE_HASH.id())) {
        throw new MalformedInputException(source, -1, "unknown evidence kind " + Codecs.quote(k)
            + ", want " + Codecs.quote(Kind.EMPTY_TREE_HASH.id())
            + " or no kind field (fork evidence)");
      }
      kind = Kind.EMPTY_TREE_HASH;
    }
    Set<String> allowed = kind == Kind.FORK ? FIELDS : EMPTY_TREE_FIELDS;
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new MalformedInputException(source, -1, "unknown evidence field " + Codecs.quote(f));
      }
    }
    JsonNode v = field(source, root, "version");
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() != Evidence.VERSION) {
      throw new MalformedInputException(source, -1, "unsupported evidence version " + v + ", want " + Evidence.VERSION);
    }
    if (kind == Kind.EMPTY_TREE_HASH) {
      byte[] note = text(source, root, "note").getBytes(StandardCharsets.UTF_8);
      return Evidence.parsed(kind, note, note, 0, 0, Hash.emptyTree(), List.of());
    }
    byte[] older = text(source, root, "olderNote").getBytes(StandardCharsets.UTF_8);
    byte[] newer = text(source, root, "newerNote").getBytes(StandardCharsets.UTF_8);
    long olderSize = size(source, root, "olderSize");
    long newerSize = size(source, root, "newerSize");
    Hash h = hash(source, text(source, root, "computedHash"), "computedHash");
    JsonNode p = field(source, root, "proof");
    if (!p.isArray()) {
      throw new MalformedInputException(source, -1, "evidence field proof must be an array of base64 hashes");
    }
    List<Hash> proof = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      if (!p.get(i).isTextual()) {
        throw new MalformedInputException(source, -1, "evidence proof[" + i + "] must be a base64 string");
      }
      proof.add(hash(source, p.get(i).textValue(), "proof[" + i + "]"));
    }
    return Evidence.parsed(kind, older, newer, olderSize, newerSize, h, proof);
  }

  private static JsonNode field(String source, JsonNode root, String name) throws MalformedInputException {
    JsonNode n = root.get(name);
    if (n == null) {
      throw new MalformedInputException(source, -1, "evidence field " + name + " is missing");
    }
    return n;
  }

  private static String text(String source, JsonNode root, String name) throws MalformedInputException {
    JsonNode n = field(source, root, name);
    if (!n.isTextual()) {
      throw new MalformedInputException(source, -1, "evidence field " + name + " must be a string");
    }
    return n.textValue();
  }

  private static long size(String source, JsonNode root, String name) throws MalformedInputException {
    JsonNode n = field(source, root, name);
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw new MalformedInputException(source, -1, "evidence field " + name + " must be a tree size (integer >= 0)");
    }
    return n.longValue();
  }

  private static Hash hash(String source, String s, String what) throws MalformedInputException {
    try {
      return Hash.parse(s);
    } catch (MalformedInputException e) {
      throw new MalformedInputException(source, -1, "evidence " + what + ": " + e.getMessage());
    }
  }
}
