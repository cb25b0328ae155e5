package dev.sumdb4j.tlog.proxyaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sumdb4j.MalformedInputException;
import java.io.IOException;

/** The {@code Version} field of a proxy's {@code @latest} (or {@code .info}) JSON. */
final class LatestInfo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LatestInfo() {}

  static String version(String source, byte[] body) throws MalformedInputException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedInputException(source, -1, "malformed @latest response: " + e.getMessage());
    }
    JsonNode v = n == null ? null : n.get("Version");
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new MalformedInputException(source, -1, "malformed @latest response: no Version");
    }
    return v.asText();
  }
}
