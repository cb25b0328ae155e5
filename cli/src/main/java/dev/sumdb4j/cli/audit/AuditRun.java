package dev.sumdb4j.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One run of {@code audit mirror}, {@code verify} or {@code compare}: what it found (text lines,
 * JSON fields, a one-line summary) and how it ended. With {@code --json}, every exit path prints
 * one document on stdout:
 *
 * <pre>{@code
 * {"version": 1, "tool": "sumdb4j 0.1.0", "command": "audit verify", "database": "sum.golang.org",
 *  "dir": "/srv/mirror", ...the command's fields..., "exitCode": 0, "message": "ok: ..."}
 * }</pre>
 *
 * <p>A failure prints its message on stderr too, as in text mode; its document has the fields known
 * when it happened.
 */
final class AuditRun {
  /** The JSON document format version. */
  static final int JSON_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode doc = MAPPER.createObjectNode();
  private final List<String> lines = new ArrayList<>();
  private String summary = "";

  private AuditRun(String command) {
    doc.put("version", JSON_VERSION);
    doc.put("tool", tool());
    doc.put("command", command);
  }

  /** The fields of the JSON document (after version, tool and command; before exitCode and message). */
  ObjectNode json() {
    return doc;
  }

  /** Adds a line of text output (printed before the summary, without {@code --json}). */
  void line(String text) {
    lines.add(text);
  }

  /** Sets the one-line summary: the last line of the text output, the JSON's {@code message}. */
  void summary(String text) {
    summary = text;
  }

  /** The body of a subcommand: fills {@code run} and returns the exit code. */
  interface Body {
    int run(AuditRun run) throws IOException, SumdbException, UserInputException, InterruptedException;
  }

  /**
   * Runs {@code body} for {@code command}, printing its output (text, or one JSON document with
   * {@code json}) on {@code out}, a failure on {@code err} too, and returning the exit code (of a
   * failure: {@link ExitCodes#forException}).
   */
  static int run(String command, boolean json, PrintWriter out, PrintWriter err, Body body) {
    AuditRun r = new AuditRun(command);
    int code;
    String failure = null;
    try {
      code = body.run(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = ExitCodes.UNAVAILABLE;
      failure = "interrupted (run again to resume)";
    } catch (IOException | SumdbException | UserInputException e) {
      code = ExitCodes.forException(e);
      failure = (code == ExitCodes.SECURITY ? "SECURITY: " : "") + describe(e);
    }
    if (failure != null) {
      err.println("sumdb4j audit: " + failure);
      err.flush();
    }
    if (json) {
      r.doc.put("exitCode", code);
      r.doc.put("message", failure != null ? failure : r.summary);
      try {
        out.println(MAPPER.writeValueAsString(r.doc));
      } catch (JsonProcessingException e) {
        throw new AssertionError("bad json of a tree of nodes", e);
      }
    } else if (failure == null) {
      r.lines.forEach(out::println);
      out.println(r.summary);
    }
    out.flush();
    return code;
  }

  /**
   * A failure in words: the message chain, and for a file system error the file and what went
   * wrong (its exception's message is only the file name).
   */
  static String describe(Exception e) {
    if (e instanceof FileSystemException f) {
      String what = e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or directory"
          : f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      return f.getFile() + ": " + what + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
    }
    return Failures.message(e);
  }

  /** {@code sumdb4j <version>}. */
  static String tool() {
    Properties p = new Properties();
    try (InputStream in = AuditRun.class.getResourceAsStream("/dev/sumdb4j/cli/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is informative only
    }
    return "sumdb4j " + p.getProperty("version", "unknown");
  }
}
