package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.CommandEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.StderrTerminal;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.internal.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;

/** Output helpers shared by the commands: JSON documents, input files, progress. */
final class Output {
  /** The version of every JSON document the commands of this package print. */
  static final int JSON_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  /** A new JSON document with {@code "version"} and {@code "tool"} set. */
  static ObjectNode document() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", JSON_VERSION);
    root.put("tool", tool());
    return root;
  }

  /** Prints {@code doc} as indented JSON. */
  static void print(PrintWriter out, ObjectNode doc) {
    try {
      out.println(MAPPER.writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad json of a tree of nodes", e);
    }
    out.flush();
  }

  /** {@code sumdb4j <version>}. */
  static String tool() {
    Properties p = new Properties();
    try (InputStream in = Output.class.getResourceAsStream("/dev/sumdb4j/cli/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is informative only
    }
    return "sumdb4j " + p.getProperty("version", "unknown");
  }

  /** The largest note file read ({@code note verify}, {@code note sign}). */
  static final int MAX_NOTE_FILE_BYTES = 1 << 20;
  /** The largest key file read ({@code --key @FILE}): a key is about a hundred bytes. */
  static final int MAX_KEY_FILE_BYTES = 64 << 10;
  /** The largest evidence file read: two signed notes (at most 1 MB each) and a proof, with room. */
  static final int MAX_EVIDENCE_FILE_BYTES = 16 << 20;
  /** The largest go.mod file read: the go command's limit ({@code modzip.MaxGoMod}). */
  static final int MAX_GO_MOD_BYTES = 16 << 20;

  /** As {@link #read(Path, String, int)} with the go.sum cap ({@link GoSumFile#MAX_GO_SUM_BYTES}), the largest. */
  static byte[] read(Path file, String what) throws IOException, UserInputException {
    return read(file, what, (int) GoSumFile.MAX_GO_SUM_BYTES);
  }

  /**
   * The bytes of {@code file}, a regular file (or a link to one) of at most {@code max} bytes; a
   * missing file, a FIFO or device, or one too large is the user's mistake. No content is echoed.
   */
  static byte[] read(Path file, String what, int max) throws IOException, UserInputException {
    try {
      return RegularFiles.read(file, max, true);
    } catch (NoSuchFileException e) {
      throw new UserInputException("no such " + what + ": " + file);
    } catch (RegularFiles.IrregularFileException e) {
      throw new UserInputException(what + " " + e.getFile() + " " + e.getReason());
    }
  }

  /** The environment of the root command (the process environment, or a test's). */
  static Map<String, String> environment(CommandSpec spec) {
    Object root = spec.root().userObject();
    return CommandEnvironment.of(root);
  }

  /**
   * Key text given on the command line: the text itself, or {@code @FILE} for the first line of
   * FILE (a regular file of at most {@value #MAX_KEY_FILE_BYTES} bytes).
   */
  static KeyText keyText(String arg) throws IOException, UserInputException {
    if (!arg.startsWith("@")) {
      return new KeyText(arg, null);
    }
    Path file = Path.of(arg.substring(1));
    String text = new String(read(file, "key file", MAX_KEY_FILE_BYTES), StandardCharsets.UTF_8);
    return new KeyText(text.lines().findFirst().orElse("").strip(), file);
  }

  /**
   * A key's text and the file it came from (null when given on the command line).
   *
   * @param text the key text
   * @param file the key file, or null
   */
  record KeyText(String text, Path file) {
    /** How an error names the key: the file (never its content), or the quoted text given. */
    String describe() {
      return file == null ? Codecs.quote(text) : "in key file " + file + " (its content is not shown)";
    }
  }

  /** Progress messages on stderr, printed only when stderr is a terminal ({@link StderrTerminal}). */
  static final class Progress {
    private final PrintWriter err;
    private final boolean on;

    Progress(PrintWriter err) {
      this(err, StderrTerminal.isTerminal());
    }

    Progress(PrintWriter err, boolean on) {
      this.err = err;
      this.on = on;
    }

    /** Shows {@code message} (replacing the previous one). */
    void show(String message) {
      if (on) {
        err.print("\r\033[K" + message);
        err.flush();
      }
    }

    /** Clears the progress line. */
    void done() {
      if (on) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
