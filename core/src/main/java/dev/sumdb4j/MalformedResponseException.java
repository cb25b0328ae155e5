package dev.sumdb4j;

/**
 * Data served by a checksum database (or something between it and the client, such as a proxy)
 * that does not even follow its format: the server misbehaved just as if a signature had failed,
 * and nothing it sent is used. {@link #malformed()} says what was wrong and where, as a parse of
 * the caller's own input would; the difference is whose data it was.
 */
public class MalformedResponseException extends VerificationException {
  private final MalformedInputException malformed;

  /** Reports that data served by a server was malformed, as {@code malformed} says. */
  public MalformedResponseException(MalformedInputException malformed) {
    super(malformed.getMessage(), malformed);
    this.malformed = malformed;
  }

  /** Reports that data served by a server was malformed, with {@code context} before the reason. */
  public MalformedResponseException(String context, MalformedInputException malformed) {
    super(context + ": " + malformed.getMessage(), malformed);
    this.malformed = malformed;
  }

  /** What was wrong with the served data, and where. */
  public MalformedInputException malformed() {
    return malformed;
  }

  /** Where the data came from (a URL path such as {@code /lookup/...}), as the parse named it. */
  public String source() {
    return malformed.source();
  }
}
