package dev.sumdb4j.tlog.http;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a {@code .netrc} file, parsed as the go command parses it
 * (cmd/go/internal/auth/netrc.go): {@code machine}, {@code login} and {@code password} pairs of
 * whitespace-separated fields, an entry complete once it has all three; {@code macdef} skips to the
 * next empty line; a lone {@code default} at the end of a line ends the file. The file is {@code
 * NETRC}, else {@code $HOME/.netrc}; a missing file means no credentials. A machine is matched
 * exactly against a URL's host name (no port). Passwords never appear in {@link #toString()}.
 */
final class Netrc {
  /** The largest .netrc read. */
  static final int MAX_BYTES = 1 << 20;

  /** One complete entry. */
  record Entry(String machine, String login, String password) {
    @Override
    public String toString() {
      return "machine " + machine + " login " + login + " password (hidden)";
    }
  }

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static Netrc none() {
    return new Netrc(List.of());
  }

  /**
   * The .netrc of {@code env}: {@code NETRC}, else {@code $HOME/.netrc}.
   *
   * @throws MalformedInputException if the file exists but is not a readable regular file, or is too large
   */
  static Netrc from(Map<String, String> env) throws MalformedInputException {
    String path = env.getOrDefault("NETRC", "");
    if (path.isEmpty()) {
      String home = env.getOrDefault("HOME", "");
      if (home.isEmpty()) {
        return none();
      }
      path = Path.of(home, ".netrc").toString();
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      return none(); // as the go command: no file, no credentials
    }
    String source = ".netrc " + p;
    if (!Files.isRegularFile(p)) {
      throw new MalformedInputException(source, -1, "not a regular file");
    }
    byte[] bytes;
    try {
      bytes = RegularFiles.read(p, MAX_BYTES + 1, true); // checked again as opened: no FIFO swapped in
    } catch (NoSuchFileException e) {
      return none();
    } catch (RegularFiles.IrregularFileException e) {
      throw new MalformedInputException(source, -1, e.getReason().startsWith("exceeds")
          ? "larger than " + MAX_BYTES + " bytes" : e.getReason());
    } catch (IOException e) {
      throw new MalformedInputException(source, -1, "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new MalformedInputException(source, -1, "larger than " + MAX_BYTES + " bytes");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Go's parseNetrc. */
  static Netrc parse(String data) {
    List<Entry> out = new ArrayList<>();
    String machine = "";
    String login = "";
    String password = "";
    boolean inMacro = false;
    for (String line : data.split("\n", -1)) {
      if (inMacro) {
        if (line.isEmpty()) {
          inMacro = false;
        }
        continue;
      }
      String[] f = fields(line);
      int i = 0;
      for (; i < f.length - 1; i += 2) {
        switch (f[i]) {
          case "machine" -> {
            machine = f[i + 1];
            login = "";
            password = "";
          }
          case "login" -> login = f[i + 1];
          case "password" -> password = f[i + 1];
          case "macdef" -> inMacro = true;
          default -> { } // "default" and unknown words: nothing, as in Go
        }
        if (!machine.isEmpty() && !login.isEmpty() && !password.isEmpty()) {
          out.add(new Entry(machine, login, password));
          machine = "";
          login = "";
          password = "";
        }
      }
      if (i < f.length && f[i].equals("default")) {
        break;
      }
    }
    return new Netrc(out);
  }

  /** Go's strings.Fields (ASCII white space; .netrc files are ASCII in practice). */
  private static String[] fields(String line) {
    String t = line.strip();
    return t.isEmpty() ? new String[0] : t.split("[\\t\\n\\u000B\\f\\r \\u0085\\u00A0]+");
  }

  /** The first entry for {@code host}, as the go command's AddCredentials picks it. */
  Optional<Entry> forHost(String host) {
    return entries.stream().filter(e -> e.machine().equals(host)).findFirst();
  }

  /** The entries. */
  List<Entry> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return "Netrc" + entries;
  }
}
