package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.gosum.GoSumLine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Per-go.sum-line results of a command, printed as text, GitHub annotations or JSON. */
final class LineResults {
  /** The output formats of line-by-line commands. */
  enum Format { text, github }

  /**
   * One line's result.
   *
   * @param line the go.sum line
   * @param verdict a word: ok, mismatch, missing, skipped, error, ...
   * @param message why (null for a plain ok)
   * @param exitCode the exit code this line alone calls for
   */
  record Result(GoSumLine line, String verdict, String message, int exitCode) {}

  /** The {@code --format} option. */
  static final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or github: also print GitHub Actions ::error annotations for failing lines")
    Format format = Format.text;
  }

  private final List<String> verdicts;
  private final List<Result> results = new ArrayList<>();

  /** Results whose verdict is one of {@code verdicts}, counted in that order (zero counts too). */
  LineResults(String... verdicts) {
    this.verdicts = List.of(verdicts);
  }

  /**
   * Adds a result.
   *
   * @throws IllegalArgumentException if {@code verdict} is not one this command gives
   */
  void add(GoSumLine line, String verdict, String message, int exitCode) {
    if (!verdicts.contains(verdict)) {
      throw new IllegalArgumentException("verdict " + verdict + " is not one of " + verdicts);
    }
    results.add(new Result(line, verdict, message, exitCode));
  }

  /** The results so far. */
  List<Result> results() {
    return List.copyOf(results);
  }

  /** The worst exit code of all lines (OK if none). */
  int exitCode() {
    int worst = ExitCodes.OK;
    for (Result r : results) {
      worst = ExitCodes.worse(worst, r.exitCode());
    }
    return worst;
  }

  /** How many lines got each verdict, by verdict word: every verdict of the command, zero or more. */
  Map<String, Integer> counts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String v : verdicts) {
      m.put(v, 0);
    }
    for (Result r : results) {
      m.merge(r.verdict(), 1, Integer::sum);
    }
    return m;
  }

  /** How many lines were added. */
  int size() {
    return results.size();
  }

  /** {@code N lines: 3 ok, 1 missing} (the verdicts given). */
  String summary() {
    StringBuilder b = new StringBuilder().append(results.size()).append(results.size() == 1 ? " line" : " lines");
    String sep = ": ";
    for (Map.Entry<String, Integer> e : counts().entrySet()) {
      if (e.getValue() == 0) { // the text names what happened; the JSON summary lists every counter
        continue;
      }
      b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
      sep = ", ";
    }
    return b.toString();
  }

  /** Prints {@code file:line: verdict path version hash[: message]} lines, and annotations for failures. */
  void printText(PrintWriter out, Format format) {
    for (Result r : results) {
      GoSumLine l = r.line();
      out.println(l.source() + ":" + l.line() + ": " + r.verdict() + " " + l.path() + " " + l.version() + " "
          + l.hash() + (r.message() == null ? "" : ": " + r.message()));
      if (format == Format.github && r.exitCode() != ExitCodes.OK) {
        out.println(GithubAnnotations.error(l.source(), l.line(), r.verdict() + " " + l.path() + " " + l.version()
            + (r.message() == null ? "" : ": " + r.message())));
      }
    }
    out.flush();
  }

  /** Adds {@code "results"}, {@code "summary"} and {@code "exitCode"} to {@code doc}. */
  void putJson(ObjectNode doc) {
    ArrayNode a = doc.putArray("results");
    for (Result r : results) {
      ObjectNode o = a.addObject();
      o.put("file", r.line().source());
      o.put("line", r.line().line());
      o.put("path", r.line().path());
      o.put("version", r.line().moduleVersion());
      o.put("kind", r.line().isGoMod() ? "gomod" : "zip");
      o.put("hash", r.line().hash());
      o.put("verdict", r.verdict());
      o.put("message", r.message());
    }
    ObjectNode s = doc.putObject("summary");
    s.put("lines", results.size());
    counts().forEach(s::put);
    doc.put("exitCode", exitCode());
  }
}
