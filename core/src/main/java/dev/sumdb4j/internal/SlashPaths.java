package dev.sumdb4j.internal;

import java.util.ArrayList;
import java.util.List;

/** Slash-separated paths as Go's {@code path} package treats them. Not API. */
public final class SlashPaths {
  private SlashPaths() {}

  /**
   * Go's {@code path.Clean}: the shortest equivalent path, with {@code .} and empty elements removed
   * and each {@code ..} applied to the element before it ({@code "."} for an empty result).
   */
  public static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add(part);
        }
        continue;
      }
      out.add(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
