package dev.sumdb4j.tlog.proxyaudit;

import java.io.IOException;

/** A proxy's response body exceeded the largest size its kind of file may have. */
public final class ResponseTooLargeException extends IOException {
  private final long limit;

  ResponseTooLargeException(String url, long limit) {
    super("reading " + url + ": response larger than " + limit + " bytes");
    this.limit = limit;
  }

  /** {@return the limit exceeded, in bytes} */
  public long limit() {
    return limit;
  }
}
