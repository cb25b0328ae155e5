package dev.sumdb4j.cli.common;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.gosum.GoSumFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A go.sum named {@code -} on the command line: read from standard input. */
public final class GoSumInput {
  /** The name that means standard input. */
  public static final String STDIN = "-";

  private GoSumInput() {}

  /** Whether {@code path} names standard input. */
  public static boolean isStdin(Path path) {
    return path.toString().equals(STDIN);
  }

  /**
   * Reads and parses a go.sum from {@code in} (named {@code -} in verdicts and errors), at most
   * {@link GoSumFile#MAX_GO_SUM_BYTES}.
   *
   * @throws UserInputException if it is larger
   * @throws MalformedInputException naming the first bad line
   */
  public static GoSumFile read(InputStream in) throws IOException, MalformedInputException, UserInputException {
    byte[] b = in.readNBytes((int) GoSumFile.MAX_GO_SUM_BYTES + 1);
    if (b.length > GoSumFile.MAX_GO_SUM_BYTES) {
      throw new UserInputException("the go.sum on standard input is larger than " + GoSumFile.MAX_GO_SUM_BYTES
          + " bytes");
    }
    return GoSumFile.parse(STDIN, b);
  }
}
