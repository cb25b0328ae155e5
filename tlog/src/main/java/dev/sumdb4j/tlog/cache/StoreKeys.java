package dev.sumdb4j.tlog.cache;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.tlog.tile.Tile;
import java.util.regex.Pattern;

/**
 * Validates the names a store turns into file paths, so that nothing can escape the cache root:
 * no absolute paths, no empty, {@code .} or {@code ..} elements, no backslashes or control
 * characters, and only the characters the go command's escaping produces.
 */
final class StoreKeys {
  private StoreKeys() {}

  private static final int MAX_KEY = 1024;
  /** tile/H/L/NNN[.p/W] and tile/H/data/NNN[.p/W], with x-prefixed directory groups. */
  private static final Pattern TILE = Pattern.compile(
      "tile/[1-9][0-9]?/(?:data|0|[1-9][0-9]?)/(?:x[0-9]{3}/)*[0-9]{3}(?:\\.p/[1-9][0-9]{0,9})?");

  /** A lookup key {@code <escaped path>@<escaped version>} that unescapes to a valid module path and version. */
  static String lookupKey(String key) {
    check(key, "lookup key");
    int at = key.indexOf('@');
    if (at <= 0 || at != key.lastIndexOf('@') || at == key.length() - 1 || key.indexOf('/', at) >= 0) {
      throw new IllegalArgumentException("invalid lookup key (want <escaped path>@<escaped version>): " + quote(key));
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~/!@+".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException("invalid character in lookup key (want an escaped path@version): "
            + quote(key));
      }
    }
    try {
      ModulePaths.unescapePath(key.substring(0, at));
      ModulePaths.unescapeVersion(key.substring(at + 1));
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("invalid lookup key " + quote(key) + ": " + e.getMessage(), e);
    }
    return key;
  }

  /** A tile path exactly as {@code Tile.path()} writes it. */
  static String tilePath(String path) {
    check(path, "tile path");
    if (!TILE.matcher(path).matches()) {
      throw new IllegalArgumentException("invalid tile path: " + quote(path));
    }
    try {
      Tile.parsePath(path);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("invalid tile path " + quote(path) + ": " + e.getMessage(), e);
    }
    return path;
  }

  /** A database name {@code host[/path]}, used as nested directories. */
  static String name(String name) {
    check(name, "database name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~:!$&'(),;=@[]".indexOf(c) >= 0 || c == '/' || c >= 0x80 && !Character.isISOControl(c);
      if (!ok) {
        throw new IllegalArgumentException("invalid character in database name: " + quote(name));
      }
    }
    return name;
  }

  private static void check(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty " + what);
    }
    if (s.length() > MAX_KEY) {
      throw new IllegalArgumentException(what + " longer than " + MAX_KEY + " characters");
    }
    if (s.startsWith("/") || s.endsWith("/")) {
      throw new IllegalArgumentException(what + " must be relative, without a trailing /: " + quote(s));
    }
    for (String element : s.split("/", -1)) {
      if (element.isEmpty() || element.equals(".") || element.equals("..")) {
        throw new IllegalArgumentException(what + " has an empty, . or .. element: " + quote(s));
      }
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == '"') {
        throw new IllegalArgumentException(what + " has a control character, backslash or quote: " + quote(s));
      }
    }
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > 200 ? "...\"" : "\"").toString();
  }
}
