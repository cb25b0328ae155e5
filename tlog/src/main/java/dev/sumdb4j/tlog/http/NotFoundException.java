package dev.sumdb4j.tlog.http;

import java.io.IOException;

/** The server answered 404 or 410: what was asked for is not in the database. */
public class NotFoundException extends IOException {
  private final String url;

  /**
   * A not-found answer for {@code url}.
   *
   * @param url the URL (or path) that was not found
   * @param message the message
   */
  public NotFoundException(String url, String message) {
    super(message);
    this.url = url;
  }

  /** {@return the URL (or path) that was not found} */
  public String url() {
    return url;
  }
}
