package dev.sumdb4j.gosum;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.internal.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A parsed go.sum file: every non-blank line, in file order, with its line number.
 *
 * <p>Parsing follows the go command (Go 1.19 to 1.22 {@code readGoSum}): the content is split at
 * {@code \n} (the last line may lack one); each line is split into fields at runs of Unicode white
 * space (Go {@code strings.Fields}, so CRLF line ends, tabs and repeated spaces are tolerated);
 * lines with no fields are skipped (they still count for line numbers); any other line must have
 * exactly three fields, else {@code malformed go.sum: <file>:<line>: wrong number of fields <n>}.
 *
 * <p>Stricter than the go command (which checks nothing more, and would fail later or never), a
 * line is also malformed when it is not valid UTF-8, contains a control character other than
 * white space, or its hash is not {@code <alg>:<base64>} (an {@code h1} hash must be 32 bytes):
 * {@code malformed go.sum: <file>:<line>: malformed hash "<hash>": <why>}. A go.sum written by
 * the go command always passes.
 *
 * <p>Everything is kept: {@code /go.mod} lines, several hashes for one module version (conflicting
 * ones included; the go command's verdict then depends on their order), unknown algorithms, and
 * the lines the go command ignores ({@link GoSumLine#isIgnoredByGoCommand()}).
 */
public final class GoSumFile {
  /** The largest go.sum {@link #read} accepts, 256 MiB. */
  public static final long MAX_GO_SUM_BYTES = 256L << 20;

  private final String source;
  private final List<GoSumLine> lines;

  private GoSumFile(String source, List<GoSumLine> lines) {
    this.source = source;
    this.lines = Collections.unmodifiableList(lines);
  }

  /**
   * Parses go.sum content.
   *
   * @param source names the content in errors (e.g. the file name)
   * @param content the bytes of the go.sum file
   * @return the parsed file
   * @throws MalformedInputException (a {@link MalformedGoSumException}) naming the first bad line
   */
  public static GoSumFile parse(String source, byte[] content) throws MalformedInputException {
    List<GoSumLine> lines = new ArrayList<>();
    int lineNo = 0;
    int start = 0;
    while (start < content.length) {
      lineNo++;
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      String strict = decode(content, start, end, CodingErrorAction.REPORT);
      GoSumLine l;
      if (strict != null) {
        l = parseLine(source, lineNo, strict);
      } else {
        // Count fields first, so that the go command's own error wins, then reject.
        String lenient = decode(content, start, end, CodingErrorAction.REPLACE);
        l = parseLine(source, lineNo, lenient);
        if (l != null) {
          throw new MalformedGoSumException(source, lineNo, "invalid UTF-8");
        }
      }
      if (l != null) {
        lines.add(l);
      }
      start = end + 1;
    }
    return new GoSumFile(source, lines);
  }

  /**
   * Reads and parses a go.sum file.
   *
   * @param file the go.sum file; its name is the source in errors
   * @return the parsed file
   * @throws IOException when the file cannot be read, is not a regular file (or a link to one), or
   *     is larger than {@link #MAX_GO_SUM_BYTES}
   * @throws MalformedInputException when it is malformed
   */
  public static GoSumFile read(Path file) throws IOException, MalformedInputException {
    return parse(file.toString(), RegularFiles.read(file, (int) MAX_GO_SUM_BYTES, true));
  }

  /** {@return what was parsed: the file name or description given to {@link #parse}} */
  public String source() {
    return source;
  }

  /** {@return every non-blank line, in file order (unmodifiable)} */
  public List<GoSumLine> lines() {
    return lines;
  }

  /** {@return the lines the go command uses: {@link #lines()} without those it ignores} */
  public List<GoSumLine> linesUsedByGoCommand() {
    List<GoSumLine> out = new ArrayList<>(lines.size());
    for (GoSumLine l : lines) {
      if (!l.isIgnoredByGoCommand()) {
        out.add(l);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The hashes the go command would consider for {@code path} and {@code version} ({@code version}
   * may end in {@code /go.mod}), in file order, duplicates kept.
   *
   * @param path the module path, as written in go.sum
   * @param version the version, possibly ending in {@code /go.mod}
   * @return the hashes (unmodifiable), empty when there are none
   */
  public List<String> hashes(String path, String version) {
    List<String> out = new ArrayList<>();
    for (GoSumLine l : lines) {
      if (!l.isIgnoredByGoCommand() && l.path().equals(path) && l.version().equals(version)) {
        out.add(l.hash());
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return "GoSumFile[" + source + ", " + lines.size() + " lines]";
  }

  /** Parses one line (no newline); returns null for a blank line. */
  static GoSumLine parseLine(String source, int lineNo, String text) throws MalformedInputException {
    List<String> f = fields(text);
    if (f.isEmpty()) {
      return null;
    }
    if (f.size() != 3) {
      throw new MalformedGoSumException(source, lineNo, "wrong number of fields " + f.size());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && !isGoSpace(c)) || c == 0x7f) {
        throw new MalformedGoSumException(source, lineNo,
            String.format(Locale.ROOT, "control character U+%04X in line", (int) c));
      }
    }
    String reason = GoSumLine.hashReason(f.get(2));
    if (reason != null) {
      throw new MalformedGoSumException(source, lineNo, "malformed hash " + Codecs.quote(f.get(2)) + ": " + reason);
    }
    return new GoSumLine(source, lineNo, f.get(0), f.get(1), f.get(2));
  }

  /** Decodes content[start, end) as UTF-8; null when invalid and {@code action} is REPORT. */
  private static String decode(byte[] content, int start, int end, CodingErrorAction action) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(action)
        .onUnmappableCharacter(action);
    try {
      return d.decode(ByteBuffer.wrap(content, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Go {@code strings.Fields}: splits at runs of Go {@code unicode.IsSpace} characters. */
  static List<String> fields(String s) {
    List<String> out = new ArrayList<>(3);
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && isGoSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !isGoSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** Go {@code unicode.IsSpace} (all such characters are in the BMP). */
  static boolean isGoSpace(char c) {
    switch (c) {
      case '\t': case '\n': case 0x0b: case '\f': case '\r': case ' ': case 0x85: case 0xa0:
      case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200a;
    }
  }
}
