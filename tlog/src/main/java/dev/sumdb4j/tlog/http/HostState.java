package dev.sumdb4j.tlog.http;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fail-fast: the hosts (scheme, host and port) that could not be reached, shared by a fetcher and
 * its {@link HttpFetcher#withBase} copies. When disabled, nothing is remembered.
 */
final class HostState {
  private final boolean enabled;
  private final ConcurrentHashMap<String, HostUnavailableException> failed = new ConcurrentHashMap<>();

  HostState(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether failed hosts are remembered. */
  boolean enabled() {
    return enabled;
  }

  /** The failure to report for a request to {@code uri}'s host that is not sent because the host failed, or null. */
  HostUnavailableException refusal(URI uri) {
    HostUnavailableException e = failed.get(key(uri));
    return e == null ? null : e.notSent();
  }

  /**
   * Records (when enabled) that {@code uri}'s host failed with {@code e}, and returns the failure to
   * report: {@code e}, or the host's first failure if another request recorded one before.
   */
  HostUnavailableException fail(URI uri, HostUnavailableException e) {
    if (!enabled) {
      return e;
    }
    HostUnavailableException first = failed.putIfAbsent(key(uri), e);
    return first == null ? e : first.notSent();
  }

  /** Forgets every failed host: they are tried again. */
  void clear() {
    failed.clear();
  }

  /** The key of a URL's host: scheme, host and port. */
  static String key(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
  }

  /** The URL's port, or its scheme's default. */
  static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
