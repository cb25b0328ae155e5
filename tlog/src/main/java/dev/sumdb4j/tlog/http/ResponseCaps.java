package dev.sumdb4j.tlog.http;

/**
 * The largest body accepted for each kind of checksum-database response, each near the real
 * maximum of its format with headroom (real sum.golang.org data: a lookup response is under 500
 * bytes, a signed tree note under 500 bytes, a record under 200 bytes).
 *
 * <ul>
 *   <li>{@code /latest}: a signed note, at most {@value #MAX_NOTE_BYTES} bytes (a tree note is
 *       three short lines; up to 100 signature lines of a few hundred bytes each);
 *   <li>{@code /lookup/...}: a record id line, a record of at most {@value #MAX_RECORD_BYTES} bytes
 *       (two go.sum lines), a blank line and a signed note: {@value #MAX_LOOKUP_BYTES} bytes;
 *   <li>{@code /tile/H/L/...}: at most 2<sup>H</sup> hashes of 32 bytes (8 KiB at sum.golang.org's
 *       height 8);
 *   <li>{@code /tile/H/data/...}: at most 2<sup>H</sup> records each followed by a blank line (2 MiB
 *       + 256 bytes at height 8);
 *   <li>{@code /supported} (proxy discovery; only the status matters): {@value #MAX_SUPPORTED_BYTES}
 *       bytes.
 * </ul>
 *
 * Heights above {@value #MAX_CAPPED_HEIGHT} are capped as that height. Any other path gets the
 * caller's overall cap only.
 */
public final class ResponseCaps {
  /** The largest signed note ({@code /latest}, and the note ending a lookup response). */
  public static final int MAX_NOTE_BYTES = 64 << 10;
  /** The largest record text (the go.sum lines of one module version). */
  public static final int MAX_RECORD_BYTES = 8 << 10;
  /** The longest record id line: a signed 64-bit decimal and its newline, with room to spare. */
  private static final int MAX_ID_LINE_BYTES = 32;
  /** The largest {@code /lookup/} response: id line, record, blank line, signed note. */
  public static final int MAX_LOOKUP_BYTES = MAX_ID_LINE_BYTES + MAX_RECORD_BYTES + 1 + MAX_NOTE_BYTES;
  /** The largest {@code /supported} response. */
  public static final int MAX_SUPPORTED_BYTES = 64 << 10;
  /** Tile heights above this are capped as this height. */
  public static final int MAX_CAPPED_HEIGHT = 16;

  private ResponseCaps() {}

  /**
   * The cap of the response to request {@code path} (which starts with {@code /}), never above
   * {@code overall}.
   *
   * @param path the request path, starting with {@code /}
   * @param overall the cap of a response of any kind
   * @return the cap in bytes
   */
  public static long forPath(String path, long overall) {
    return Math.min(overall, kindCap(path, overall));
  }

  private static long kindCap(String path, long overall) {
    if (path.equals("/latest")) {
      return MAX_NOTE_BYTES;
    }
    if (path.startsWith("/lookup/")) {
      return MAX_LOOKUP_BYTES;
    }
    if (path.equals("/supported")) {
      return MAX_SUPPORTED_BYTES;
    }
    if (path.startsWith("/tile/")) {
      String[] parts = path.split("/", 5); // "", "tile", H, L or "data", rest
      if (parts.length == 5) {
        int h = height(parts[2]);
        if (h > 0) {
          long width = 1L << Math.min(h, MAX_CAPPED_HEIGHT);
          return parts[3].equals("data") ? width * (MAX_RECORD_BYTES + 1) : width * 32;
        }
      }
    }
    return overall;
  }

  /** The tile height in a path element, or -1. */
  private static int height(String s) {
    if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Integer.parseInt(s);
  }
}
