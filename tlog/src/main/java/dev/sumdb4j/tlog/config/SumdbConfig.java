package dev.sumdb4j.tlog.config;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.module.PrefixPatterns;
import dev.sumdb4j.note.VerifierKey;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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

  /**
   * A checksum database to use: its name (also its cache directory), its verifier key, and the
   * URL given in GOSUMDB, if any (which bypasses GOPROXY).
   *
   * @param name the database name, {@code host[/path]}: the key's name
   * @param verifier the verifier key
   * @param url the URL given in GOSUMDB, if any
   */
  public record Database(String name, VerifierKey verifier, Optional<String> url) {
    /**
     * Checks the parts.
     *
     * @param name the database name, {@code host[/path]}: the key's name
     * @param verifier the verifier key
     * @param url the URL given in GOSUMDB, if any
     * @throws IllegalArgumentException if {@code name} is not the key's name or not {@code host[/path]}
     */
    public Database {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(url, "url");
      if (!name.equals(verifier.name())) {
        throw new IllegalArgumentException("database name " + name + " is not the key's name " + verifier.name());
      }
      String why = Gosumdb.nameProblem(name);
      if (why != null) {
        throw new IllegalArgumentException(Gosumdb.badName(name, why));
      }
    }

    /**
     * Where the database is reached without a proxy.
     *
     * @return {@code https://<name>}
     */
    public String directUrl() {
      return "https://" + name;
    }
  }

  /**
   * One GOPROXY entry: {@code direct}, {@code off} or a proxy URL, and whether any error (a
   * {@code |} after it) rather than only not-found (a {@code ,}) falls through to the next entry.
   *
   * @param url {@code direct}, {@code off} or the proxy URL
   * @param fallBackOnError whether any error, not only not-found, falls through to the next entry
   */
  public record ProxyEntry(String url, boolean fallBackOnError) {
    /**
     * Checks the parts.
     *
     * @param url {@code direct}, {@code off} or the proxy URL
     * @param fallBackOnError whether any error, not only not-found, falls through to the next entry
     */
    public ProxyEntry {
      Objects.requireNonNull(url, "url");
    }

    /**
     * Whether this entry ends the list and means "the database itself".
     *
     * @return true for {@code direct} and {@code off}
     */
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
    this.database = gosumdb.equals("off") ? Optional.empty() : Optional.of(Gosumdb.parse(gosumdb));
    this.goprivate = b.goprivate == null ? "" : b.goprivate;
    this.gonosumdb = b.gonosumdb == null || b.gonosumdb.isEmpty() ? goprivate : b.gonosumdb;
    this.goproxy = b.goproxy == null || b.goproxy.isEmpty() ? DEFAULT_GOPROXY : b.goproxy;
    this.proxies = GoProxyList.parse(goproxy);
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

  /**
   * A builder; unset values get the go command's defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings of this process: its environment, then the go command's env file.
   *
   * @return the settings
   * @throws MalformedInputException if a value is invalid (with the go command's message)
   */
  public static SumdbConfig fromEnvironment() throws MalformedInputException {
    return fromEnvironment(System.getenv());
  }

  /**
   * The settings for the environment {@code env}: a value set (non-empty) in {@code env} wins,
   * else the value in the go command's env file ({@code $GOENV}, by default {@code <user config
   * dir>/go/env}; none when {@code GOENV=off}), else the value in {@code $GOROOT/go.env} (Go
   * 1.21+; read only when {@code GOROOT} is set). A missing or unreadable file is ignored, as the
   * go command does.
   *
   * @param env the environment variables
   * @return the settings
   * @throws MalformedInputException if a value is invalid (with the go command's message)
   */
  public static SumdbConfig fromEnvironment(Map<String, String> env) throws MalformedInputException {
    Objects.requireNonNull(env, "env");
    Optional<Path> file = GoEnvFiles.location(env);
    Map<String, String> merged = GoEnvFiles.merged(env, file);
    Builder b = builder()
        .gosumdb(merged.get("GOSUMDB"))
        .gonosumdb(merged.get("GONOSUMDB"))
        .goprivate(merged.get("GOPRIVATE"))
        .goproxy(merged.get("GOPROXY"));
    String gopathList = merged.getOrDefault("GOPATH", "");
    String first = gopathList.isEmpty() ? "" : gopathList.split(File.pathSeparator, -1)[0];
    if (!first.isEmpty()) {
      b.gopath = Optional.of(path("GOPATH", first));
    } else if (gopathList.isEmpty() && GoEnvFiles.nonEmpty(env.get("HOME"))) {
      b.gopath = Optional.of(path("HOME", env.get("HOME")).resolve("go"));
    }
    String modCache = merged.get("GOMODCACHE");
    if (GoEnvFiles.nonEmpty(modCache)) {
      b.modCache = Optional.of(path("GOMODCACHE", modCache));
    }
    return new SumdbConfig(b, file);
  }

  private static Path path(String var, String s) throws MalformedInputException {
    try {
      return Paths.get(s);
    } catch (InvalidPathException e) {
      throw new MalformedInputException(null, 0, -1, "invalid " + var + ": " + e.getMessage(), e);
    }
  }

  /**
   * The effective GOSUMDB value.
   *
   * @return GOSUMDB ({@code sum.golang.org} when unset or empty)
   */
  public String gosumdb() {
    return gosumdb;
  }

  /**
   * Whether the database is off.
   *
   * @return true when {@code GOSUMDB=off}
   */
  public boolean off() {
    return database.isEmpty();
  }

  /**
   * The database to use.
   *
   * @return the database, or empty when {@code GOSUMDB=off}
   */
  public Optional<Database> database() {
    return database;
  }

  /**
   * The database to use.
   *
   * @return the database
   * @throws SumdbException with the go command's message when {@code GOSUMDB=off}
   */
  public Database requireDatabase() throws SumdbException {
    return database.orElseThrow(() -> new SumdbException("checksum database disabled by GOSUMDB=off"));
  }

  /**
   * The effective GONOSUMDB patterns.
   *
   * @return GONOSUMDB (GOPRIVATE when GONOSUMDB is unset or empty)
   */
  public String noSumDb() {
    return gonosumdb;
  }

  /**
   * GOPRIVATE.
   *
   * @return GOPRIVATE, or the empty string
   */
  public String goprivate() {
    return goprivate;
  }

  /**
   * The effective GOPROXY value.
   *
   * @return GOPROXY ({@value #DEFAULT_GOPROXY} when unset or empty)
   */
  public String goproxy() {
    return goproxy;
  }

  /**
   * The parsed GOPROXY list.
   *
   * @return the entries, in order, ending at the first {@code direct} or {@code off}
   */
  public List<ProxyEntry> proxies() {
    return proxies;
  }

  /**
   * The first GOPATH entry.
   *
   * @return GOPATH's first entry ({@code $HOME/go} by default), if known
   */
  public Optional<Path> gopath() {
    return gopath;
  }

  /**
   * The module cache.
   *
   * @return GOMODCACHE (by default {@code $GOPATH/pkg/mod}), if known
   */
  public Optional<Path> modCache() {
    return modCache;
  }

  /**
   * Where the go command keeps the newest signed tree notes.
   *
   * @return {@code $GOPATH/pkg/sumdb}, if GOPATH is known
   */
  public Optional<Path> sumdbDir() {
    return gopath.map(p -> p.resolve("pkg").resolve("sumdb"));
  }

  /**
   * The env file the values were read from.
   *
   * @return the go env file (whether or not it existed), if any
   */
  public Optional<Path> envFile() {
    return envFile;
  }

  /**
   * True when the go command would not consult the database for {@code modulePath}: GOSUMDB is
   * off or the path matches GONOSUMDB. {@code golang.org/toolchain} is never skipped (unless
   * GOPROXY is a single {@code file://} URL), so with GOSUMDB=off its lookup must fail.
   *
   * @param modulePath the module path
   * @return whether to skip the database for {@code modulePath}
   */
  public boolean skip(String modulePath) {
    Objects.requireNonNull(modulePath, "modulePath");
    if (modulePath.equals(TOOLCHAIN_MODULE)
        && !(goproxy.startsWith("file://") && goproxy.indexOf(',') < 0 && goproxy.indexOf('|') < 0)) {
      return false;
    }
    return off() || PrefixPatterns.matches(gonosumdb, modulePath);
  }

  /** GOPROXY with the password of every {@code user:password@} replaced by {@code xxxxx}. */
  private String redactedGoproxy() {
    StringBuilder b = new StringBuilder();
    int start = 0;
    for (int i = 0; i <= goproxy.length(); i++) {
      if (i == goproxy.length() || goproxy.charAt(i) == ',' || goproxy.charAt(i) == '|') {
        b.append(Gosumdb.redactUserInfo(goproxy.substring(start, i)));
        if (i < goproxy.length()) {
          b.append(goproxy.charAt(i));
        }
        start = i + 1;
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "SumdbConfig{GOSUMDB=" + gosumdb
        + database.map(d -> " (name=" + d.name() + ", key=" + d.verifier()
            + d.url().map(u -> ", url=" + u).orElse("") + ")").orElse("")
        + ", GONOSUMDB=" + gonosumdb + ", GOPRIVATE=" + goprivate + ", GOPROXY=" + redactedGoproxy()
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

    /**
     * Sets GOSUMDB.
     *
     * @param v {@code off}, a known name or a verifier key, either followed by a URL; null or empty for the default
     * @return this builder
     */
    public Builder gosumdb(String v) {
      this.gosumdb = v;
      return this;
    }

    /**
     * Sets GONOSUMDB.
     *
     * @param v comma-separated glob patterns of module path prefixes not to look up; null or empty for GOPRIVATE
     * @return this builder
     */
    public Builder gonosumdb(String v) {
      this.gonosumdb = v;
      return this;
    }

    /**
     * Sets GOPRIVATE, the default for GONOSUMDB.
     *
     * @param v comma-separated glob patterns, or null
     * @return this builder
     */
    public Builder goprivate(String v) {
      this.goprivate = v;
      return this;
    }

    /**
     * Sets GOPROXY.
     *
     * @param v the proxy list; null or empty for the default
     * @return this builder
     */
    public Builder goproxy(String v) {
      this.goproxy = v;
      return this;
    }

    /**
     * Sets the GOPATH directory.
     *
     * @param p an absolute directory, or null for none
     * @return this builder
     */
    public Builder gopath(Path p) {
      this.gopath = Optional.ofNullable(p);
      return this;
    }

    /**
     * Sets the module cache directory (default {@code $GOPATH/pkg/mod}).
     *
     * @param p an absolute directory, or null for the default
     * @return this builder
     */
    public Builder gomodcache(Path p) {
      this.modCache = Optional.ofNullable(p);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the validated configuration
     * @throws MalformedInputException if a value is invalid (with the go command's message)
     */
    public SumdbConfig build() throws MalformedInputException {
      return new SumdbConfig(this, Optional.empty());
    }
  }
}
