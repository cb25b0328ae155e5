package dev.sumdb4j;

/**
 * Input that does not follow its format. Carries where the problem is: the {@link #source()}
 * (a file name, URL, key name or a short description such as {@code "tree note"}), a 1-based
 * {@link #line()} (0 when not line-oriented) and a 0-based byte {@link #offset()} into the input
 * (-1 when unknown), plus the bare {@link #reason()}.
 */
public class MalformedInputException extends SumdbException {
  private final String source;
  private final int line;
  private final long offset;
  private final String reason;

  /** A problem at a byte offset of a non-line-oriented input. */
  public MalformedInputException(String source, long offset, String reason) {
    this(source, 0, offset, reason, null);
  }

  /** A problem on a line of a line-oriented input; {@code offset} may be -1. */
  public MalformedInputException(String source, int line, long offset, String reason) {
    this(source, line, offset, reason, null);
  }

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

  /** What was being read: a file name, URL, key name or description. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when the input is not line-oriented. */
  public int line() {
    return line;
  }

  /** The 0-based byte offset of the problem, or -1 when unknown. */
  public long offset() {
    return offset;
  }

  /** What was wrong, without the location. */
  public String reason() {
    return reason;
  }
}
