package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * One run of a command given {@code --json}: whatever path it ends on, standard output gets exactly
 * one JSON document with {@code "exitCode"} (the process exit code) and {@code "message"} (why it
 * failed, from the command's first {@code sumdb4j:} line on standard error; null on success).
 *
 * <p>The command's standard output is held until it ends. A document it printed is completed with
 * those two fields; when it printed none (it failed before it could), a document of its own is
 * printed: {@code {"version": 1, "tool": ..., "exitCode": N, "message": ...}}. Anything else it
 * printed (the help of {@code --help}) passes through unchanged. The {@code audit} commands stream
 * their own output and print their own documents; only a usage error of theirs is printed here.
 */
final class JsonRun {
  /** The most standard-error text kept to find the message in. */
  private static final int MAX_ERR_CHARS = 64 << 10;

  /**
   * The mapper, made on first use: Jackson's set-up (about 250 classes, 40 ms of a run's CPU) is
   * paid only by runs given {@code --json}, not by every run that asks {@link #of} whether it was.
   */
  private static final class Mapper {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private final StringWriter out = new StringWriter();
  private final StringBuilder err = new StringBuilder();

  private JsonRun() {}

  /** A run for {@code parseResult} if its command was given {@code --json}, else null. */
  static JsonRun of(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return handles(last.commandSpec()) && last.hasMatchedOption("--json") ? new JsonRun() : null;
  }

  /**
   * Whether a usage error in {@code command} given {@code args} is reported as a JSON document:
   * the command has {@code --json} and it is among the options ({@code args} before any {@code --}).
   */
  static boolean requested(CommandLine command, String[] args) {
    // Every command with --json, the audit ones included: a usage error comes before any output.
    if (command.getCommandSpec().findOption("--json") == null) {
      return false;
    }
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  private static boolean handles(CommandSpec spec) {
    if (spec.findOption("--json") == null) {
      return false;
    }
    for (CommandSpec c = spec; c != null; c = c.parent()) {
      if (c.name().equals("audit")) {
        return false;
      }
    }
    return true;
  }

  /** Where the command's standard output goes until {@link #finish}. */
  PrintWriter out() {
    return new PrintWriter(out, true);
  }

  /** {@code err}, also remembered (up to {@value #MAX_ERR_CHARS} characters) for the message. */
  PrintWriter err(PrintWriter err) {
    return new PrintWriter(new FilterWriter(err) {
      @Override
      public void write(int c) throws IOException {
        remember(String.valueOf((char) c));
        super.write(c);
      }

      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        remember(new String(cbuf, off, len));
        super.write(cbuf, off, len);
      }

      @Override
      public void write(String str, int off, int len) throws IOException {
        remember(str.substring(off, off + len));
        super.write(str, off, len);
      }
    }, true);
  }

  private synchronized void remember(String s) {
    if (err.length() < MAX_ERR_CHARS) {
      err.append(s, 0, Math.min(s.length(), MAX_ERR_CHARS - err.length()));
    }
  }

  /** Prints the one document of a run that ended with {@code exitCode} on {@code stdout}. */
  void finish(Writer stdout, int exitCode) {
    String text = out.toString();
    PrintWriter w = stdout instanceof PrintWriter p ? p : new PrintWriter(stdout);
    ObjectNode doc;
    if (text.isBlank()) {
      doc = document(Mapper.MAPPER.createObjectNode(), exitCode, exitCode == ExitCodes.OK ? null : message());
    } else {
      JsonNode parsed;
      try {
        parsed = Mapper.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (!(parsed instanceof ObjectNode o)) { // help or version text, not a document
        w.print(text);
        w.flush();
        return;
      }
      doc = o;
    }
    String message = doc.hasNonNull("message") ? doc.get("message").asText() : null;
    document(doc, exitCode, message != null || exitCode == ExitCodes.OK ? message : message());
    print(w, doc);
  }

  /** A document of its own for a usage error, before the command ran. */
  static void usageError(PrintWriter stdout, int exitCode, String message) {
    print(stdout, document(Mapper.MAPPER.createObjectNode(), exitCode, message));
  }


  private static ObjectNode document(ObjectNode doc, int exitCode, String message) {
    if (!doc.has("version")) {
      doc.put("version", JsonReport.VERSION);
      doc.put("tool", tool());
    }
    doc.put("exitCode", exitCode);
    doc.put("message", message);
    return doc;
  }

  /** The failure as the command told it on standard error: its first {@code sumdb4j:} line, else its first line. */
  private synchronized String message() {
    List<String> lines = err.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    for (String l : lines) {
      if (l.startsWith("sumdb4j: ")) {
        return l.substring("sumdb4j: ".length());
      }
    }
    return lines.isEmpty() ? "failed (nothing was reported)" : lines.get(0);
  }

  private static void print(PrintWriter w, ObjectNode doc) {
    try {
      w.println(Mapper.MAPPER.writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad json of a tree of nodes", e);
    }
    w.flush();
  }

  private static String tool() {
    try {
      return new Main.Version().getVersion()[0];
    } catch (IOException e) {
      return "sumdb4j unknown";
    }
  }
}
