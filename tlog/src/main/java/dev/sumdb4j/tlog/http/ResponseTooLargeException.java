package dev.sumdb4j.tlog.http;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A server's answer was larger than the most its kind of file may be, so it was not read (a
 * declared {@code Content-Length} above the cap is refused before any byte of the body) or its
 * download was abandoned at the cap. Raised by {@link HttpFetcher} for the checksum database's
 * answers ({@link ResponseCaps}) and by a module proxy's downloads for theirs (a zip above 500 MiB,
 * a go.mod above 16 MiB).
 *
 * <p>In the failure taxonomy ({@link dev.sumdb4j.FailureKind}) it is an {@link IOException}: the
 * data is {@linkplain dev.sumdb4j.FailureKind#UNAVAILABLE unavailable}. Nothing of it was
 * authenticated, so it is no evidence that the log misbehaved: an oversized answer as often comes
 * from something between the client and the log (a captive portal, a proxy's error page served
 * with 200) as from the server. Where the oversized file is itself a finding (a module zip the go
 * command would refuse), the caller says so.
 */
public final class ResponseTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final long cap;
  private final long declaredLength;

  /**
   * An answer from {@code url} larger than {@code cap} bytes.
   *
   * @param url the URL asked for
   * @param cap the most bytes accepted, not negative
   * @param declaredLength the declared {@code Content-Length} when the refusal came from it (above
   *     {@code cap}), or -1 when the body itself grew past the cap
   * @param message the message, naming the URL and the cap
   * @throws IllegalArgumentException if {@code cap} is negative, or {@code declaredLength} is
   *     neither -1 nor above {@code cap}
   */
  public ResponseTooLargeException(String url, long cap, long declaredLength, String message) {
    super(message);
    if (cap < 0) {
      throw new IllegalArgumentException("cap must not be negative, got " + cap);
    }
    if (declaredLength != -1 && declaredLength <= cap) {
      throw new IllegalArgumentException("declared length " + declaredLength + " is not above the cap " + cap);
    }
    this.url = Objects.requireNonNull(url, "url");
    this.cap = cap;
    this.declaredLength = declaredLength;
  }

  /** {@return the URL asked for} */
  public String url() {
    return url;
  }

  /** {@return the most bytes accepted: the answer was larger} */
  public long cap() {
    return cap;
  }

  /**
   * The declared {@code Content-Length}, when the refusal came from it (before any byte of the body
   * was read).
   *
   * @return the declared length, above {@link #cap()}; empty when the body itself grew past the cap
   */
  public OptionalLong declaredLength() {
    return declaredLength == -1 ? OptionalLong.empty() : OptionalLong.of(declaredLength);
  }
}
