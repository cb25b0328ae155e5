package dev.sumdb4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.tlog.verify.LineVerdict;
import java.util.Map;

/**
 * The {@code --json} document of {@code verify}. Its shape is stable: fields are only ever added,
 * and {@code "version"} changes if one is removed or changes meaning.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "tool": "sumdb4j 0.1.0",
 *   "database": "sum.golang.org",
 *   "offline": false,
 *   "tree": {"size": 42965376, "hash": "<base64>", "note": "<signed note>"},   (null if none)
 *   "files": ["go.sum"],
 *   "results": [
 *     {"file": "go.sum", "line": 1, "path": "rsc.io/quote", "version": "v1.5.2",
 *      "kind": "zip|gomod" (the hash of the module zip, or of its go.mod), "hash": "h1:...",
 *      "verdict": "ok|mismatch|not-found|skipped|error",
 *      "databaseHash": "h1:..." or null, "message": "..." or null}
 *   ],
 *   "summary": {"lines": 1, "ok": 1, "mismatch": 0, "not-found": 0, "skipped": 0, "error": 0},
 *   "evidence": "sumdb4j-evidence.json" or null (the fork evidence written),
 *   "exitCode": 0,
 *   "message": null or why the run failed (added by JsonRun)
 * }
 * }</pre>
 */
final class JsonReport {
  /** The document format version. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /**
   * The document for {@code report}, produced by {@code tool} (a name and version); {@code evidence}
   * is the fork evidence file written (null: none).
   */
  static String format(RunReport report, String tool, java.nio.file.Path evidence) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("tool", tool);
    root.put("database", report.database());
    root.put("offline", report.offline());
    if (report.treeSize() >= 0) {
      ObjectNode tree = root.putObject("tree");
      tree.put("size", report.treeSize());
      tree.put("hash", report.treeHash());
      tree.put("note", report.treeNote());
    } else {
      root.putNull("tree");
    }
    ArrayNode files = root.putArray("files");
    report.files().forEach(files::add);
    ArrayNode results = root.putArray("results");
    for (LineReport l : report.lines()) {
      ObjectNode r = results.addObject();
      r.put("file", l.file());
      r.put("line", l.line());
      r.put("path", l.path());
      boolean goMod = l.version().endsWith("/go.mod");
      r.put("version", goMod ? l.version().substring(0, l.version().length() - "/go.mod".length()) : l.version());
      r.put("kind", goMod ? "gomod" : "zip");
      r.put("hash", l.hash());
      r.put("verdict", l.verdict().word());
      r.put("databaseHash", l.databaseHash());
      r.put("message", l.message());
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("lines", report.lines().size());
    for (Map.Entry<LineVerdict, Integer> e : report.counts().entrySet()) {
      summary.put(e.getKey().word(), e.getValue());
    }
    root.put("evidence", evidence == null ? null : evidence.toString());
    root.put("exitCode", report.exitCode());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad json of a tree of nodes", e);
    }
  }
}
