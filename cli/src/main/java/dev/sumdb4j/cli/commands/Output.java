package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.Main;
import dev.sumdb4j.cli.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is informative only
    }
    return "sumdb4j " + p.getProperty("version", "unknown");
  }

  /** The bytes of {@code file}; a missing file is the user's mistake. */
  static byte[] read(Path file, String what) throws IOException, UserInputException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException("no such " + what + ": " + file);
    }
  }

  /** The environment of the root command (the process environment, or a test's). */
  static Map<String, String> environment(CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof Main m ? m.environment() : System.getenv();
  }

  /** Key text given on the command line: the text itself, or {@code @FILE} for the first line of FILE. */
  static String keyText(String arg) throws IOException, UserInputException {
    if (!arg.startsWith("@")) {
      return arg;
    }
    String text = new String(read(Path.of(arg.substring(1)), "key file"), StandardCharsets.UTF_8);
    return text.lines().findFirst().orElse("").strip();
  }

  /** Progress messages on stderr, printed only when stderr is a terminal. */
  static final class Progress {
    private final PrintWriter err;
    private final boolean on;

    Progress(PrintWriter err) {
      this(err, System.console() != null);
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
