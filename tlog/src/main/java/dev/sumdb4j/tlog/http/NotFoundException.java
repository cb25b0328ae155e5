package dev.sumdb4j.tlog.http;

import java.io.IOException;

/** The server answered 404 or 410: what was asked for is not in the database. */
public class NotFoundException extends IOException {
  private final String url;
  private final int status;

  /**
   * A not-found answer for {@code url}.
   *
   * @param url the URL (or path) that was not found
   * @param message the message
   */
  public NotFoundException(String url, String message) {
    this(url, 0, message);
  }

  /**
   * A not-found answer for {@code url} with its status.
   *
   * @param url the URL (or path) that was not found
   * @param status the HTTP status (404 or 410), or 0 if not known
   * @param message the message
   */
  public NotFoundException(String url, int status, String message) {
    super(message);
    this.url = url;
    this.status = status;
  }

  /** {@return the HTTP status (404 or 410), or 0 if not known} */
  public int status() {
    return status;
  }

  /** {@return the URL (or path) that was not found} */
  public String url() {
    return url;
  }
}
