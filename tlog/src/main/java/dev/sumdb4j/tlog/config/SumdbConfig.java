package dev.sumdb4j.tlog.config;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.module.PrefixPatterns;
import dev.sumdb4j.note.VerifierKey;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checksum-database settings of the go command: {@code GOSUMDB}, {@code GONOSUMDB} (defaulting
 * to {@code GOPRIVATE}), {@code GOPROXY}, {@code GOPATH} and {@code GOMODCACHE}, read as the go
 * command reads them (process environment first, then the {@code go env -w} file) or set in code
 * with a {@link Builder}. Immutable; validated when made.
 */
public final class SumdbConfig {
  /** The default {@code GOSUMDB}. */
  public static final String DEFAULT_GOSUMDB = "sum.golang.org";
  /** The built-in verifier key of {@code sum.golang.org}. */
  public static final String SUM_GOLANG_ORG_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  /** The default {@code GOPROXY}. */
  public static final String DEFAULT_GOPROXY = "https://proxy.golang.org,direct";
  /** The module the go command always checks, whatever GOSUMDB and GONOSUMDB say. */
  public static final String TOOLCHAIN_MODULE = "golang.org/toolchain";

  private static final Map<String, String> KNOWN_KEYS = Map.of("sum.golang.org", SUM_GOLANG_ORG_KEY);
  private static final int MAX_ENV_FILE = 1 << 20;

  /**
   * A checksum database to use: its name (also its cache directory), its verifier key, and the
   * URL given in GOSUMDB, if any (which bypasses GOPROXY).
   */
  public record Database(String name, VerifierKey verifier, Optional<String> url) {
    public Database {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(url, "url");
      if (!name.equals(verifier.name())) {
        throw new IllegalArgumentException("database name " + name + " is not the key's name " + verifier.name());
      }
      String why = nameProblem(name);
      if (why != null) {
        throw new IllegalArgumentException("invalid sumdb name (must be host[/path]): " + name + " (" + why + ")");
      }
    }

    /** {@code https://<name>}: where the database is reached without a proxy. */
    public String directUrl() {
      return "https://" + name;
    }
  }

  /**
   * One GOPROXY entry: {@code direct}, {@code off} or a proxy URL, and whether any error (a
   * {@code |} after it) rather than only not-found (a {@code ,}) falls through to the next entry.
   */
  public record ProxyEntry(String url, boolean fallBackOnError) {
    public ProxyEntry {
      Objects.requireNonNull(url, "url");
    }

    /** True for {@code direct} and {@code off}, which end the list and mean "the database itself". */
    public boolean isDirect() {
      return url.equals("direct") || url.equals("off");
    }
  }

  private final String gosumdb;
  private final Optional<Database> database;
  private final String gonosumdb;
  private final String goprivate;
  private final String goproxy;
  private final List<ProxyEntry> proxies;
  private final Optional<Path> gopath;
  private final Optional<Path> modCache;
  private final Optional<Path> envFile;

  private SumdbConfig(Builder b, Optional<Path> envFile) throws MalformedInputException {
    this.gosumdb = b.gosumdb == null || b.gosumdb.isEmpty() ? DEFAULT_GOSUMDB : b.gosumdb;
    this.database = gosumdb.equals("off") ? Optional.empty() : Optional.of(parseGosumdb(gosumdb));
    this.goprivate = b.goprivate == null ? "" : b.goprivate;
    this.gonosumdb = b.gonosumdb == null || b.gonosumdb.isEmpty() ? goprivate : b.gonosumdb;
    this.goproxy = b.goproxy == null || b.goproxy.isEmpty() ? DEFAULT_GOPROXY : b.goproxy;
    this.proxies = parseProxyList(goproxy);
    this.gopath = b.gopath;
    if (gopath.isPresent() && !gopath.get().isAbsolute()) {
      throw new MalformedInputException(null, -1,
          "GOPATH entry is relative; must be absolute path: \"" + gopath.get() + "\"");
    }
    this.modCache = b.modCache.isPresent() ? b.modCache : gopath.map(p -> p.resolve("pkg").resolve("mod"));
    if (modCache.isPresent() && !modCache.get().isAbsolute()) {
      throw new MalformedInputException(null, -1,
          "GOMODCACHE entry is relative; must be absolute path: \"" + modCache.get() + "\"");
    }
    this.envFile = envFile;
  }

  /** A builder; unset values get the go command's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings of this process: its environment, then the go command's env file. */
  public static SumdbConfig fromEnvironment() throws MalformedInputException {
    return fromEnvironment(System.getenv());
  }

  /**
   * The settings for the environment {@code env}: a value set (non-empty) in {@code env} wins,
   * else the value in the go command's env file ({@code $GOENV}, by default {@code <user config
   * dir>/go/env}; none when {@code GOENV=off}), else the value in {@code $GOROOT/go.env} (Go
   * 1.21+; read only when {@code GOROOT} is set). A missing or unreadable file is ignored, as the
   * go command does.
   */
  public static SumdbConfig fromEnvironment(Map<String, String> env) throws MalformedInputException {
    Objects.requireNonNull(env, "env");
    Optional<Path> file = envFile(env);
    Map<String, String> fileValues = file.map(SumdbConfig::readEnvFileQuietly).orElse(Map.of());
    Map<String, String> merged = new HashMap<>();
    // Lowest precedence (Go 1.21+): $GOROOT/go.env, when GOROOT is known.
    String goroot = nonEmpty(env.get("GOROOT")) ? env.get("GOROOT") : fileValues.get("GOROOT");
    if (nonEmpty(goroot)) {
      tryPath(goroot).map(r -> r.resolve("go.env")).map(SumdbConfig::readEnvFileQuietly).ifPresent(merged::putAll);
    }
    merged.putAll(fileValues);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey() != null && e.getValue() != null && !e.getValue().isEmpty()) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    Builder b = builder()
        .gosumdb(merged.get("GOSUMDB"))
        .gonosumdb(merged.get("GONOSUMDB"))
        .goprivate(merged.get("GOPRIVATE"))
        .goproxy(merged.get("GOPROXY"));
    String gopathList = merged.getOrDefault("GOPATH", "");
    String first = gopathList.isEmpty() ? "" : gopathList.split(File.pathSeparator, -1)[0];
    if (!first.isEmpty()) {
      b.gopath = Optional.of(path("GOPATH", first));
    } else if (gopathList.isEmpty() && nonEmpty(env.get("HOME"))) {
      b.gopath = Optional.of(path("HOME", env.get("HOME")).resolve("go"));
    }
    String modCache = merged.get("GOMODCACHE");
    if (nonEmpty(modCache)) {
      b.modCache = Optional.of(path("GOMODCACHE", modCache));
    }
    return new SumdbConfig(b, file);
  }

  /**
   * Where the go command's env file is for {@code env}: {@code $GOENV} if set (none if {@code
   * off}), else {@code go/env} in the user configuration directory ({@code $XDG_CONFIG_HOME} or
   * {@code $HOME/.config} on Unix, {@code $HOME/Library/Application Support} on macOS, {@code
   * %AppData%} on Windows).
   */
  public static Optional<Path> envFile(Map<String, String> env) {
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
  public static Map<String, String> parseEnvFile(byte[] content) {
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

  private static Map<String, String> readEnvFileQuietly(Path file) {
    try {
      // A regular file (or a link to one) only: a FIFO would block, /dev/zero never end.
      return parseEnvFile(RegularFiles.read(file, MAX_ENV_FILE, true));
    } catch (IOException | SecurityException e) {
      return Map.of();
    }
  }

  /**
   * Parses a GOSUMDB value other than {@code off} as the go command does.
   *
   * @throws MalformedInputException with Go's message, e.g. {@code invalid GOSUMDB: too many fields}
   */
  public static Database parseGosumdb(String value) throws MalformedInputException {
    String v = value.equals("sum.golang.google.cn") ? "sum.golang.org https://sum.golang.google.cn" : value;
    List<String> fields = fields(v);
    if (fields.isEmpty()) {
      throw new MalformedInputException(null, -1, "missing GOSUMDB");
    }
    if (fields.size() > 2) {
      throw new MalformedInputException(null, -1, "invalid GOSUMDB: too many fields");
    }
    String key = KNOWN_KEYS.getOrDefault(fields.get(0), fields.get(0));
    VerifierKey verifier;
    try {
      verifier = VerifierKey.parse(key);
    } catch (MalformedInputException e) {
      throw new MalformedInputException(null, 0, -1, "invalid GOSUMDB: " + e.reason(), e);
    }
    String name = verifier.name();
    checkName(name);
    Optional<String> url = Optional.empty();
    if (fields.size() == 2) {
      url = Optional.of(checkUrl(fields.get(1)));
    }
    return new Database(name, verifier, url);
  }

  /** Go's {@code strings.Fields} (splitting at Go's Unicode spaces). */
  private static List<String> fields(String s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (isGoSpace(c)) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(c);
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** Go's {@code unicode.IsSpace}. */
  private static boolean isGoSpace(int c) {
    switch (c) {
      case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ': case 0x85: case 0xA0:
      case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /** The name must read as {@code host[/path]} in {@code https://<name>}, nothing else. */
  private static void checkName(String name) throws MalformedInputException {
    String why = nameProblem(name);
    if (why != null) {
      throw new MalformedInputException(null, -1, "invalid sumdb name (must be host[/path]): " + name + " (" + why + ")");
    }
  }

  private static String nameProblem(String name) {
    if (name.endsWith("/")) {
      return "ends in /";
    }
    int slash = name.indexOf('/');
    String host = slash < 0 ? name : name.substring(0, slash);
    String path = slash < 0 ? "" : name.substring(slash);
    if (host.isEmpty()) {
      return "empty host";
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = c >= 0x80 || Character.isLetterOrDigit(c) && c < 0x80 || "-._~!$&'()*,;=:[]".indexOf(c) >= 0;
      if (!ok) {
        return "invalid character " + Codecs2.quoteChar(c) + " in host";
      }
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && host.indexOf(']', colon) < 0) {
      for (int i = colon + 1; i < host.length(); i++) {
        if (host.charAt(i) < '0' || host.charAt(i) > '9') {
          return "invalid port";
        }
      }
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~$&,/:;=@".indexOf(c) >= 0);
      if (!ok) {
        return "invalid character " + Codecs2.quoteChar(c) + " in path";
      }
    }
    return null;
  }

  /** Minimal quoting for messages. */
  private static final class Codecs2 {
    static String quoteChar(char c) {
      return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
    }
  }

  /**
   * Checks a GOSUMDB URL: {@code https} or {@code http}, {@code scheme://host[:port][/path]}, no
   * credentials. The go command also reads {@code file://} URLs from disk and sends {@code
   * user:password@} to an https server (and refuses it for http, "refusing to pass credentials to
   * insecure URL"); sumdb4j does neither, so both are configuration errors here rather than
   * failures at the first request. A password is never shown (xxxxx, as Go's URL.Redacted).
   */
  private static String checkUrl(String url) throws MalformedInputException {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      String redacted = redactUserInfo(url);
      throw new MalformedInputException(null, 0, -1, "invalid GOSUMDB URL: "
          + e.getMessage().replace(url, redacted), redacted.equals(url) ? e : null);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String redacted = redactUserInfo(url);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new MalformedInputException(null, -1, "invalid GOSUMDB URL: unsupported scheme (must be https or http): "
          + redacted + (scheme.equals("file") ? " (the go command would read the database from that directory;"
              + " serve it over http(s), or use --offline with the go command's cache)" : ""));
    }
    if (u.getRawUserInfo() != null) {
      throw new MalformedInputException(null, -1, scheme.equals("http")
          ? "invalid GOSUMDB URL: refusing to pass credentials to insecure URL: " + redacted
          : "invalid GOSUMDB URL: credentials in the URL are not supported: " + redacted);
    }
    if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new MalformedInputException(null, -1, "invalid GOSUMDB URL: must be scheme://host[:port][/path]: " + url);
    }
    return url;
  }

  /** {@code url} with the password of its {@code user:password@} replaced by {@code xxxxx} (Go's URL.Redacted). */
  static String redactUserInfo(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return url;
    }
    start += 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "xxxxx" + url.substring(at);
  }

  /**
   * Parses a GOPROXY list as the go command does: entries separated by {@code ,} (fall through
   * on not-found only) or {@code |} (fall through on any error), blank entries skipped, the list
   * ending at {@code direct} or {@code off}; a bare host gets {@code https://}.
   */
  public static List<ProxyEntry> parseProxyList(String goproxy) throws MalformedInputException {
    List<ProxyEntry> list = new ArrayList<>();
    String rest = goproxy;
    while (!rest.isEmpty()) {
      String url;
      boolean fallBackOnError = false;
      int i = indexOfAny(rest);
      if (i >= 0) {
        url = rest.substring(0, i);
        fallBackOnError = rest.charAt(i) == '|';
        rest = rest.substring(i + 1);
      } else {
        url = rest;
        rest = "";
      }
      url = url.strip();
      if (url.isEmpty()) {
        continue;
      }
      if (url.equals("off") || url.equals("direct")) {
        list.add(new ProxyEntry(url, fallBackOnError));
        break;
      }
      if (url.chars().anyMatch(c -> c == '.' || c == ':' || c == '/') && !url.contains(":/") && !url.startsWith("/")) {
        url = "https://" + url;
      }
      checkProxyUrl(url);
      list.add(new ProxyEntry(url, fallBackOnError));
    }
    if (list.isEmpty()) {
      throw new MalformedInputException(null, -1, "GOPROXY list is not the empty string, but contains no entries");
    }
    return List.copyOf(list);
  }

  private static int indexOfAny(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ',' || s.charAt(i) == '|') {
        return i;
      }
    }
    return -1;
  }

  private static void checkProxyUrl(String url) throws MalformedInputException {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new MalformedInputException(null, 0, -1, "invalid GOPROXY URL: " + e.getMessage(), e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http":
      case "https":
        if (u.getHost() == null) {
          throw new MalformedInputException(null, -1, "invalid proxy URL missing host: " + url);
        }
        return;
      case "file":
        if (u.getRawAuthority() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
          throw new MalformedInputException(null, -1, "invalid file:// proxy URL with non-path elements: " + url);
        }
        return;
      case "":
        throw new MalformedInputException(null, -1, "invalid proxy URL missing scheme: " + url);
      default:
        throw new MalformedInputException(null, -1, "invalid proxy URL scheme (must be https, http, file): " + url);
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static Optional<Path> tryPath(String s) {
    try {
      return Optional.of(Paths.get(s));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Path path(String var, String s) throws MalformedInputException {
    try {
      return Paths.get(s);
    } catch (InvalidPathException e) {
      throw new MalformedInputException(null, 0, -1, "invalid " + var + ": " + e.getMessage(), e);
    }
  }

  /** The effective GOSUMDB value ({@code sum.golang.org} when unset or empty). */
  public String gosumdb() {
    return gosumdb;
  }

  /** True when {@code GOSUMDB=off}. */
  public boolean off() {
    return database.isEmpty();
  }

  /** The database to use, or empty when {@code GOSUMDB=off}. */
  public Optional<Database> database() {
    return database;
  }

  /** The database to use; fails with the go command's message when {@code GOSUMDB=off}. */
  public Database requireDatabase() throws SumdbException {
    return database.orElseThrow(() -> new SumdbException("checksum database disabled by GOSUMDB=off"));
  }

  /** The effective GONOSUMDB patterns (GOPRIVATE when GONOSUMDB is unset or empty). */
  public String noSumDb() {
    return gonosumdb;
  }

  /** GOPRIVATE. */
  public String goprivate() {
    return goprivate;
  }

  /** The effective GOPROXY value. */
  public String goproxy() {
    return goproxy;
  }

  /** The parsed GOPROXY list. */
  public List<ProxyEntry> proxies() {
    return proxies;
  }

  /** The first GOPATH entry ({@code $HOME/go} by default), if known. */
  public Optional<Path> gopath() {
    return gopath;
  }

  /** The module cache ({@code GOMODCACHE}, by default {@code $GOPATH/pkg/mod}), if known. */
  public Optional<Path> modCache() {
    return modCache;
  }

  /** Where the go command keeps the newest signed tree notes: {@code $GOPATH/pkg/sumdb}. */
  public Optional<Path> sumdbDir() {
    return gopath.map(p -> p.resolve("pkg").resolve("sumdb"));
  }

  /** The env file the values were read from (whether or not it existed), if any. */
  public Optional<Path> envFile() {
    return envFile;
  }

  /**
   * True when the go command would not consult the database for {@code modulePath}: GOSUMDB is
   * off or the path matches GONOSUMDB. {@code golang.org/toolchain} is never skipped (unless
   * GOPROXY is a single {@code file://} URL), so with GOSUMDB=off its lookup must fail.
   */
  public boolean skip(String modulePath) {
    Objects.requireNonNull(modulePath, "modulePath");
    if (modulePath.equals(TOOLCHAIN_MODULE)
        && !(goproxy.startsWith("file://") && goproxy.indexOf(',') < 0 && goproxy.indexOf('|') < 0)) {
      return false;
    }
    return off() || PrefixPatterns.matches(gonosumdb, modulePath);
  }

  @Override
  public String toString() {
    return "SumdbConfig{GOSUMDB=" + gosumdb
        + database.map(d -> " (name=" + d.name() + ", key=" + d.verifier()
            + d.url().map(u -> ", url=" + u).orElse("") + ")").orElse("")
        + ", GONOSUMDB=" + gonosumdb + ", GOPRIVATE=" + goprivate + ", GOPROXY=" + goproxy
        + ", GOPATH=" + gopath.map(Path::toString).orElse("(unknown)")
        + ", GOMODCACHE=" + modCache.map(Path::toString).orElse("(unknown)")
        + ", env file=" + envFile.map(Path::toString).orElse("(none)") + "}";
  }

  /** Sets the values in code; unset or empty values get the go command's defaults. */
  public static final class Builder {
    private String gosumdb;
    private String gonosumdb;
    private String goprivate;
    private String goproxy;
    private Optional<Path> gopath = Optional.empty();
    private Optional<Path> modCache = Optional.empty();

    private Builder() {}

    /** GOSUMDB: {@code off}, a known name, a verifier key, either followed by a URL. */
    public Builder gosumdb(String v) {
      this.gosumdb = v;
      return this;
    }

    /** GONOSUMDB: comma-separated glob patterns of module path prefixes not to look up. */
    public Builder gonosumdb(String v) {
      this.gonosumdb = v;
      return this;
    }

    /** GOPRIVATE: the default for GONOSUMDB. */
    public Builder goprivate(String v) {
      this.goprivate = v;
      return this;
    }

    /** GOPROXY: the proxy list. */
    public Builder goproxy(String v) {
      this.goproxy = v;
      return this;
    }

    /** The GOPATH directory (absolute). */
    public Builder gopath(Path p) {
      this.gopath = Optional.ofNullable(p);
      return this;
    }

    /** The module cache directory (absolute; default {@code $GOPATH/pkg/mod}). */
    public Builder gomodcache(Path p) {
      this.modCache = Optional.ofNullable(p);
      return this;
    }

    /** The validated configuration. */
    public SumdbConfig build() throws MalformedInputException {
      return new SumdbConfig(this, Optional.empty());
    }
  }
}
