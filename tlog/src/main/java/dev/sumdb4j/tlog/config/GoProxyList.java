package dev.sumdb4j.tlog.config;

import dev.sumdb4j.MalformedInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The syntax of a GOPROXY value, as the go command's {@code proxyList} reads it. */
final class GoProxyList {
  private GoProxyList() {}

  /**
   * Parses a GOPROXY list as the go command does: entries separated by {@code ,} (fall through
   * on not-found only) or {@code |} (fall through on any error), blank entries skipped, the list
   * ending at {@code direct} or {@code off}; a bare host gets {@code https://}.
   *
   * @throws MalformedInputException with the go command's message for a bad URL or an empty list
   */
  static List<SumdbConfig.ProxyEntry> parse(String goproxy) throws MalformedInputException {
    List<SumdbConfig.ProxyEntry> list = new ArrayList<>();
    String rest = goproxy;
    while (!rest.isEmpty()) {
      String url;
      boolean fallBackOnError = false;
      int i = indexOfSeparator(rest);
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
        list.add(new SumdbConfig.ProxyEntry(url, fallBackOnError));
        break;
      }
      if (url.chars().anyMatch(c -> c == '.' || c == ':' || c == '/') && !url.contains(":/") && !url.startsWith("/")) {
        url = "https://" + url;
      }
      checkUrl(url);
      list.add(new SumdbConfig.ProxyEntry(url, fallBackOnError));
    }
    if (list.isEmpty()) {
      throw new MalformedInputException(null, -1, "GOPROXY list is not the empty string, but contains no entries");
    }
    return List.copyOf(list);
  }

  private static int indexOfSeparator(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ',' || s.charAt(i) == '|') {
        return i;
      }
    }
    return -1;
  }

  /** The go command's {@code newProxyRepo} checks. */
  private static void checkUrl(String url) throws MalformedInputException {
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
}
