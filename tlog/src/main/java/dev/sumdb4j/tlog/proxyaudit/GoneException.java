package dev.sumdb4j.tlog.proxyaudit;

import java.io.IOException;

/** The proxy answered 404 or 410: it does not (or no longer does) serve what was asked. */
public final class GoneException extends IOException {
  private final String url;
  private final int status;

  /**
   * A 404 or 410 answer for {@code url}.
   *
   * @param url the URL asked for
   * @param status the status, 404 or 410
   */
  public GoneException(String url, int status) {
    super("reading " + url + ": " + status + (status == 404 ? " Not Found" : status == 410 ? " Gone" : ""));
    this.url = url;
    this.status = status;
  }

  /** {@return the URL asked for} */
  public String url() {
    return url;
  }

  /** {@return the status, 404 or 410} */
  public int status() {
    return status;
  }
}
