package dev.sumdb4j.tlog.proxyaudit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a proxy served for one request: the evidence kept about a download.
 *
 * @param url the URL requested
 * @param status the HTTP status (200)
 * @param headers the response headers (names in lower case), as served
 * @param sha256 the lower-case hex SHA-256 of the body exactly as served
 * @param size the body's length in bytes
 */
public record Served(String url, int status, Map<String, List<String>> headers, String sha256, long size) {
  /**
   * Validates and copies.
   *
   * @param url the URL requested
   * @param status the HTTP status (200)
   * @param headers the response headers (names in lower case), as served
   * @param sha256 the lower-case hex SHA-256 of the body exactly as served
   * @param size the body's length in bytes
   */
  public Served {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
    TreeMap<String, List<String>> copy = new TreeMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
  }
}
