package dev.sumdb4j;

/**
 * Input that does not follow its format. Carries where the problem is: the {@link #source()}
 * (a file name, URL, key name or a short description such as {@code "tree note"}), a 1-based
 * {@link #line()} (0 when not line-oriented) and a 0-based byte {@link #offset()} into the input
 * (-1 when unknown), plus the bare {@link #reason()}.
 */
public class MalformedInputException extends SumdbException {
  /** What was being read. */
  private final String source;
  /** The 1-based line, or 0. */
  private final int line;
  /** The 0-based byte offset, or -1. */
  private final long offset;
  /** What was wrong. */
  private final String reason;

  /**
   * A problem at a byte offset of a non-line-oriented input.
   *
   * @param source what was being read (a file name, URL or description)
   * @param offset the 0-based byte offset of the problem, or -1 when unknown
   * @param reason what was wrong
   */
  public MalformedInputException(String source, long offset, String reason) {
    this(source, 0, offset, reason, null);
  }

  /**
   * A problem on a line of a line-oriented input.
   *
   * @param source what was being read (a file name, URL or description)
   * @param line the 1-based line of the problem
   * @param offset the 0-based byte offset of the problem, or -1 when unknown
   * @param reason what was wrong
   */
  public MalformedInputException(String source, int line, long offset, String reason) {
    this(source, line, offset, reason, null);
  }

  /**
   * A problem on a line of a line-oriented input (line 0 for other inputs), caused by another
   * failure.
   *
   * @param source what was being read (a file name, URL or description)
   * @param line the 1-based line of the problem, or 0 when the input is not line-oriented
   * @param offset the 0-based byte offset of the problem, or -1 when unknown
   * @param reason what was wrong
   * @param cause the underlying failure, or null
   */
  public MalformedInputException(String source, int line, long offset, String reason, Throwable cause) {
    super(format(source, line, offset, reason), cause);
    this.source = source;
    this.line = line;
    this.offset = offset;
    this.reason = reason;
  }

  private static String format(String source, int line, long offset, String reason) {
    StringBuilder b = new StringBuilder();
    if (source != null && !source.isEmpty()) {
      b.append(source);
      if (line > 0) {
        b.append(':').append(line);
      }
      if (offset >= 0) {
        b.append(line > 0 ? " (offset " : " (at offset ").append(offset).append(')');
      }
      b.append(": ");
    }
    return b.append(reason).toString();
  }

  /** {@return what was being read: a file name, URL, key name or description} */
  public String source() {
    return source;
  }

  /** {@return the 1-based line of the problem, or 0 when the input is not line-oriented} */
  public int line() {
    return line;
  }

  /** {@return the 0-based byte offset of the problem, or -1 when unknown} */
  public long offset() {
    return offset;
  }

  /** {@return what was wrong, without the location} */
  public String reason() {
    return reason;
  }
}
