package dev.sumdb4j.gosum;

import dev.sumdb4j.MalformedInputException;

/**
 * A malformed go.sum file. The message reads like the go command's: {@code malformed go.sum:
 * <file>:<line>: wrong number of fields 2}; {@link #source()}, {@link #line()} and {@link
 * #reason()} give the parts.
 */
public class MalformedGoSumException extends MalformedInputException {
  /**
   * A problem on a line of a go.sum file.
   *
   * @param source the file name or description
   * @param line the 1-based line of the problem
   * @param reason what was wrong, as the go command says it
   */
  public MalformedGoSumException(String source, int line, String reason) {
    super(source, line, -1, reason);
  }

  @Override
  public String getMessage() {
    return "malformed go.sum: " + super.getMessage();
  }
}
