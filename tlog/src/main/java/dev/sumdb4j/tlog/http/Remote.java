package dev.sumdb4j.tlog.http;

import java.io.IOException;

/**
 * Read access to a checksum database's endpoints ({@code /lookup/...}, {@code /tile/...},
 * {@code /latest}). Everything returned is untrusted: callers authenticate it before use.
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface Remote {
  /**
   * Returns the body served at {@code path} (which starts with {@code /}).
   *
   * @param path the request path, starting with {@code /}
   * @return the body, unauthenticated
   * @throws NotFoundException if the server answers 404 or 410 (the data is not in the database)
   * @throws IOException on any other failure, after whatever retries the implementation makes
   */
  byte[] get(String path) throws IOException;
}
