package dev.sumdb4j.tlog.config;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.note.VerifierKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The syntax of a GOSUMDB value other than {@code off}, as the go command's {@code dbDial} reads it. */
final class Gosumdb {
  private static final Map<String, String> KNOWN_KEYS =
      Map.of(SumdbConfig.DEFAULT_GOSUMDB, SumdbConfig.SUM_GOLANG_ORG_KEY);

  private Gosumdb() {}

  /**
   * Parses {@code value} (a known name or a verifier key, optionally followed by a URL).
   *
   * @throws MalformedInputException with Go's message, e.g. {@code invalid GOSUMDB: too many fields}
   */
  static SumdbConfig.Database parse(String value) throws MalformedInputException {
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
    String why = nameProblem(name);
    if (why != null) {
      throw new MalformedInputException(null, -1, badName(name, why));
    }
    Optional<String> url = Optional.empty();
    if (fields.size() == 2) {
      url = Optional.of(checkUrl(fields.get(1)));
    }
    return new SumdbConfig.Database(name, verifier, url);
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

  /** The message for a database name that is not {@code host[/path]}: a name with controls in it is quoted. */
  static String badName(String name, String why) {
    String shown = name.codePoints().anyMatch(Codecs::isUnsafeControl) ? Codecs.quote(name) : name;
    return "invalid sumdb name (must be host[/path]): " + shown + " (" + why + ")";
  }

  /**
   * Why {@code name} does not read as {@code host[/path]} in {@code https://<name>}, or null if it
   * does.
   */
  static String nameProblem(String name) {
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
        return "invalid character " + Codecs.quote(String.valueOf(c)) + " in host";
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
        return "invalid character " + Codecs.quote(String.valueOf(c)) + " in path";
      }
    }
    // The name is also the cache directory (<GOMODCACHE>/cache/download/sumdb/<name>, and
    // <GOPATH>/pkg/sumdb/<name>): no element may leave it or be empty. The go command accepts
    // such names and cleans them into other directories.
    for (String element : name.split("/", -1)) {
      if (element.isEmpty() || element.equals(".") || element.equals("..")) {
        return "empty, . or .. element";
      }
    }
    return null;
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
}
