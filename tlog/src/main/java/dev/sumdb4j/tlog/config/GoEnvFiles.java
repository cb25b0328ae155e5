package dev.sumdb4j.tlog.config;

import dev.sumdb4j.internal.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The go command's environment layers: the process environment over the {@code go env -w} file
 * over {@code $GOROOT/go.env}. Reads files only; knows nothing of what the values mean.
 */
final class GoEnvFiles {
  private static final int MAX_ENV_FILE = 1 << 20;

  private GoEnvFiles() {}

  /**
   * The values for {@code env}: a value set (non-empty) in {@code env} wins, else the value in
   * {@code file} (the go command's env file), else the value in {@code $GOROOT/go.env} (Go 1.21+;
   * read only when GOROOT is known). A missing or unreadable file is ignored, as the go command does.
   */
  static Map<String, String> merged(Map<String, String> env, Optional<Path> file) {
    Map<String, String> fileValues = file.map(GoEnvFiles::readQuietly).orElse(Map.of());
    Map<String, String> merged = new HashMap<>();
    String goroot = nonEmpty(env.get("GOROOT")) ? env.get("GOROOT") : fileValues.get("GOROOT");
    if (nonEmpty(goroot)) {
      tryPath(goroot).map(r -> r.resolve("go.env")).map(GoEnvFiles::readQuietly).ifPresent(merged::putAll);
    }
    merged.putAll(fileValues);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey() != null && e.getValue() != null && !e.getValue().isEmpty()) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  /**
   * Where the go command's env file is for {@code env}: {@code $GOENV} if set (none if {@code
   * off}), else {@code go/env} in the user configuration directory ({@code $XDG_CONFIG_HOME} or
   * {@code $HOME/.config} on Unix, {@code $HOME/Library/Application Support} on macOS, {@code
   * %AppData%} on Windows).
   */
  static Optional<Path> location(Map<String, String> env) {
    String goenv = env.get("GOENV");
    if (nonEmpty(goenv)) {
      return goenv.equals("off") ? Optional.empty() : tryPath(goenv);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Optional<Path> dir;
    if (os.startsWith("windows")) {
      dir = nonEmpty(env.get("AppData")) ? tryPath(env.get("AppData"))
          : nonEmpty(env.get("APPDATA")) ? tryPath(env.get("APPDATA")) : Optional.empty();
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      dir = nonEmpty(env.get("HOME")) ? tryPath(env.get("HOME")).map(h -> h.resolve("Library/Application Support"))
          : Optional.empty();
    } else {
      String xdg = env.get("XDG_CONFIG_HOME");
      if (nonEmpty(xdg)) {
        dir = tryPath(xdg);
      } else {
        dir = nonEmpty(env.get("HOME")) ? tryPath(env.get("HOME")).map(h -> h.resolve(".config")) : Optional.empty();
      }
    }
    return dir.filter(Path::isAbsolute).map(d -> d.resolve("go").resolve("env"));
  }

  /**
   * Parses a go env file as the go command does: {@code KEY=VALUE} lines; lines without {@code =}
   * or not starting with an upper-case ASCII letter are ignored; a later line wins; values are
   * taken verbatim.
   */
  static Map<String, String> parse(byte[] content) {
    Map<String, String> m = new LinkedHashMap<>();
    String text = new String(content, StandardCharsets.UTF_8);
    for (String line : text.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq < 0 || line.charAt(0) < 'A' || line.charAt(0) > 'Z') {
        continue;
      }
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, String> readQuietly(Path file) {
    try {
      // A regular file (or a link to one) only: a FIFO would block, /dev/zero never end.
      return parse(RegularFiles.read(file, MAX_ENV_FILE, true));
    } catch (IOException | SecurityException e) {
      return Map.of();
    }
  }

  static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  static Optional<Path> tryPath(String s) {
    try {
      return Optional.of(Paths.get(s));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
