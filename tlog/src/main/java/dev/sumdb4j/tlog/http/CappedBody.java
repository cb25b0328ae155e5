package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects a response body up to {@code cap} bytes into one array: a declared {@code Content-Length}
 * sizes the array exactly, and one above the cap is rejected before any byte is read ({@link
 * #check}). Beyond the cap, a success body fails ({@link ResponseTooLargeException}; the caller
 * abandons the download at once) and an error body (used only for the message) is cut there. Holds
 * at most twice {@code cap} bytes at any moment (while growing or trimming). Not thread-safe: one
 * transport thread feeds it at a time.
 */
final class CappedBody {
  /** The cap of a body that is not a success: only its first lines are shown in a message. */
  static final int ERROR_BODY_BYTES = 4096;

  private static final int INITIAL = 16 << 10;

  private final String url;
  private final long cap;
  private final boolean failOnOverflow;
  private final long declared;
  private byte[] buf = new byte[0];
  private int size;
  private boolean full;

  /**
   * A body of a response to {@code url}.
   *
   * @param cap the most bytes kept
   * @param failOnOverflow whether more than {@code cap} bytes is a failure (a success body) or is cut
   *     (an error body)
   * @param declared the declared {@code Content-Length}, or -1
   */
  CappedBody(String url, long cap, boolean failOnOverflow, long declared) {
    this.url = url;
    this.cap = cap;
    this.failOnOverflow = failOnOverflow;
    this.declared = declared;
  }

  /** The body of a response with {@code status}: a success body capped at {@code cap}, any other at {@link #ERROR_BODY_BYTES}. */
  static CappedBody forStatus(String url, int status, long cap, long declared) {
    return status == 200 ? new CappedBody(url, cap, true, declared) : new CappedBody(url, ERROR_BODY_BYTES, false, -1);
  }

  /**
   * Fails before any byte is read if the declared length is above the cap of a success body.
   *
   * @throws ResponseTooLargeException if so
   */
  void check() throws ResponseTooLargeException {
    if (failOnOverflow && declared > cap) {
      throw tooLarge(url, cap, declared);
    }
  }

  /**
   * Takes {@code b}'s remaining bytes.
   *
   * @return false once no more bytes are wanted (an error body reached its cap): stop reading
   * @throws ResponseTooLargeException if a success body grows past its cap: abandon the download
   */
  boolean accept(ByteBuffer b) throws ResponseTooLargeException {
    if (full) {
      return false;
    }
    int n = b.remaining();
    if (size + (long) n > cap) {
      if (failOnOverflow) {
        buf = null;
        throw tooLarge(url, cap, -1);
      }
      append(b, (int) (cap - size));
      full = true;
      return false;
    }
    append(b, n);
    return true;
  }

  private void append(ByteBuffer b, int n) {
    if (size + n > buf.length) {
      long want = declared >= 0 && declared <= cap && size == 0 ? declared : Math.max(INITIAL, 2L * buf.length);
      want = Math.min(cap, Math.max(want, (long) size + n));
      buf = Arrays.copyOf(buf, (int) want);
    }
    b.get(buf, size, n);
    size += n;
  }

  /** The bytes taken, in an array of exactly their length; this body is done. */
  byte[] finish() {
    byte[] out = size == buf.length ? buf : Arrays.copyOf(buf, size);
    buf = null;
    return out;
  }

  /** Whether the body was cut at its cap (an error body): the rest of it was not read. */
  boolean cut() {
    return full;
  }

  /** Drops what was taken (a failed download). */
  void discard() {
    buf = null;
  }

  /**
   * Reads {@code in} to its end or to the cap (the caller closes it).
   *
   * @throws ResponseTooLargeException if a success body is longer than its cap
   * @throws IOException if reading fails
   */
  byte[] readFrom(InputStream in) throws IOException {
    check();
    byte[] chunk = new byte[8192];
    while (true) {
      int n = in.read(chunk);
      if (n < 0 || !accept(ByteBuffer.wrap(chunk, 0, n))) {
        return finish();
      }
    }
  }

  /**
   * The failure of a checksum-database answer from {@code url} above {@code cap} bytes ({@code
   * declared}: its {@code Content-Length}, or -1 if it grew past the cap).
   */
  static ResponseTooLargeException tooLarge(String url, long cap, long declared) {
    return new ResponseTooLargeException(url, cap, declared, "response from " + url + " exceeds " + cap + " bytes");
  }
}
