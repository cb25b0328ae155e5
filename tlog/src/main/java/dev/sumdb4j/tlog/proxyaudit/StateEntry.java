package dev.sumdb4j.tlog.proxyaudit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModuleVersion;
import java.io.IOException;
import java.util.Objects;

/**
 * One line of the state: a module version whose proxy zip and go.mod hashed to {@code zipHash} and
 * {@code modHash}, equal to database record {@code recordId} proved in the tree of size {@code
 * treeSize}.
 *
 * @param module the module version
 * @param zipHash the h1 of the zip the proxy served
 * @param modHash the h1 of the go.mod the proxy served
 * @param recordId the database record
 * @param treeSize the size of the tree it was proved in
 * @param zipSha256 the hex SHA-256 of the zip file as served
 * @param zipSize the zip's length
 */
public record StateEntry(ModuleVersion module, String zipHash, String modHash, long recordId, long treeSize,
    String zipSha256, long zipSize) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates.
   *
   * @param module the module version
   * @param zipHash the h1 of the zip the proxy served
   * @param modHash the h1 of the go.mod the proxy served
   * @param recordId the database record
   * @param treeSize the size of the tree it was proved in
   * @param zipSha256 the hex SHA-256 of the zip file as served
   * @param zipSize the zip's length
   */
  public StateEntry {
    Objects.requireNonNull(module, "module");
    if (!zipHash.startsWith("h1:") || !modHash.startsWith("h1:")) {
      throw new IllegalArgumentException("hashes must be h1: hashes");
    }
    if (recordId < 0 || treeSize <= recordId || zipSize < 0) {
      throw new IllegalArgumentException("bad record " + recordId + " in tree " + treeSize + " or size " + zipSize);
    }
    if (!isLowerHex64(zipSha256)) {
      throw new IllegalArgumentException("bad sha256 " + zipSha256);
    }
  }

  /** Whether {@code s} is 64 lower-case hex digits (a loop: String.matches compiled a pattern per entry). */
  private static boolean isLowerHex64(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The JSON line (with its newline), written by Jackson's streaming generator (no tree per entry:
   * building and serialising one was about 1 % of an audit's CPU).
   */
  String toJsonLine() {
    java.io.StringWriter w = new java.io.StringWriter(320);
    try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("module", module.path());
      g.writeStringField("version", module.version());
      g.writeStringField("zip", zipHash);
      g.writeStringField("mod", modHash);
      g.writeNumberField("record", recordId);
      g.writeNumberField("tree", treeSize);
      g.writeStringField("zipSha256", zipSha256);
      g.writeNumberField("zipSize", zipSize);
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("bad math: writing to a string failed", e);
    }
    return w.append('\n').toString();
  }

  /** Parses a line written by {@link #toJsonLine}. */
  static StateEntry parse(String source, int line, String text) throws MalformedInputException {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) {
        throw new MalformedInputException(source, line, -1, "state line is not a JSON object");
      }
      return new StateEntry(ModuleVersion.of(str(n, "module"), str(n, "version")), str(n, "zip"), str(n, "mod"),
          num(n, "record"), num(n, "tree"), str(n, "zipSha256"), num(n, "zipSize"));
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedInputException(source, line, -1, "malformed state line: " + e.getMessage());
    } catch (MalformedInputException e) {
      throw new MalformedInputException(source, line, -1, "malformed state line: " + e.reason());
    }
  }

  private static String str(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing string " + f);
    }
    return v.asText();
  }

  private static long num(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("missing integer " + f);
    }
    return v.asLong();
  }
}
