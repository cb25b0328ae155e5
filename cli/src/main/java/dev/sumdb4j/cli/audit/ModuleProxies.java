package dev.sumdb4j.cli.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.tlog.http.NetworkEnvironment;
import dev.sumdb4j.tlog.proxyaudit.ModuleProxy;
import java.time.Duration;
import java.util.Map;

/**
 * The module proxy client of {@code audit proxy}, in the go command's network environment (the
 * same as the checksum database's: HTTPS_PROXY/HTTP_PROXY/NO_PROXY, .netrc, SSL_CERT_FILE/DIR).
 */
final class ModuleProxies {
  private ModuleProxies() {}

  /**
   * A module proxy client for {@code url} in environment {@code env}: a request fails once nothing
   * arrived for {@code stall}, or once {@code deadline} passed (retries included). The caller owns
   * it and closes it (its connection pool) when done.
   */
  static ModuleProxy proxy(String url, Map<String, String> env, Duration stall, Duration deadline)
      throws UserInputException {
    ModuleProxy.Builder b = ModuleProxy.builder().stallTimeout(stall).deadline(deadline);
    try {
      b.baseUri(url);
      b.network(NetworkEnvironment.from(env));
    } catch (MalformedInputException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    return b.build();
  }
}
