package dev.sumdb4j;

/**
 * Data served by a checksum database (or something between it and the client, such as a proxy)
 * that does not even follow its format: the server misbehaved just as if a signature had failed,
 * and nothing it sent is used. {@link #malformed()} says what was wrong and where, as a parse of
 * the caller's own input would; the difference is whose data it was.
 */
public class MalformedResponseException extends VerificationException {
  /** What was wrong with the served data, and where. */
  private final MalformedInputException malformed;

  /**
   * Reports that data served by a server was malformed.
   *
   * @param malformed what was wrong with the data, and where
   */
  public MalformedResponseException(MalformedInputException malformed) {
    super(malformed.getMessage(), malformed);
    this.malformed = malformed;
  }

  /**
   * Reports that data served by a server was malformed, with context before the reason.
   *
   * @param context what was being fetched, e.g. {@code "lookup rsc.io/quote@v1.5.2"}
   * @param malformed what was wrong with the data, and where
   */
  public MalformedResponseException(String context, MalformedInputException malformed) {
    super(context + ": " + malformed.getMessage(), malformed);
    this.malformed = malformed;
  }

  /** {@return what was wrong with the served data, and where} */
  public MalformedInputException malformed() {
    return malformed;
  }

  /** {@return where the data came from (a URL path such as {@code /lookup/...}), as the parse named it} */
  public String source() {
    return malformed.source();
  }
}
