package dev.sumdb4j.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.watch.HistoryEntry;
import dev.sumdb4j.tlog.watch.SeenCosignature;
import dev.sumdb4j.tlog.watch.WatchResult;
import dev.sumdb4j.tlog.watch.WitnessCheck;
import dev.sumdb4j.tlog.watch.WitnessStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * Prints a {@link WatchOutcome} as text, or as the {@code --json} document (fields are only ever
 * added; {@code "version"} changes if one is removed or changes meaning):
 *
 * <pre>{@code
 * {
 *   "version": 1, "tool": "sumdb4j 0.1.0", "command": "audit watch",
 *   "database": "sum.golang.org", "state": "/var/lib/sumdb4j-watch",
 *   "status": "bootstrapped|appended|unchanged|older|lagging|fork|witnesses|security|corrupt-state|unavailable",
 *   "previous": {"size": 41, "hash": "<base64>", "observed": "<ISO-8601>"} or null,
 *   "latest": {"size": 42, "hash": "<base64>", "note": "<signed note>"} or null,
 *   "appended": true,
 *   "witnesses": {"required": 2, "valid": 2, "statuses": [{"key": "name+id", "state":
 *       "valid|missing|invalid|future", "timestamp": 1795000000 or null, "detail": "..."}]} or null,
 *   "lag": {"ahead": 1500, "since": "<ISO-8601>", "seconds": 90000, "maxSeconds": 86400,
 *       "consistentWith": 1000 or null, "consistentWithNewest": false} (older and lagging) or null,
 *   "evidenceFile": "<path>" or null,
 *   "results": [{"file", "line", "path", "version", "hash", "verdict", "databaseHash", "message"}],
 *   "unreachable": ["127.0.0.1: connection refused (dial 127.0.0.1:1) (no further requests ...)"],
 *   "message": "..." or null,
 *   "securityReport": "SECURITY ERROR\n..." (a fork, in the go command's layout) or null,
 *   "exitCode": 0
 * }
 * }</pre>
 */
final class WatchPrinter {
  /** The document format version. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private WatchPrinter() {}

  static void print(WatchOutcome o, boolean json, PrintWriter out, PrintWriter err) {
    if (json) {
      out.println(json(o));
    } else {
      o.result().ifPresent(r -> out.println(headline(o, r)));
      o.witnesses().filter(w -> !w.statuses().isEmpty()).ifPresent(w -> out.println("witnesses: " + w.summary()));
      o.lines().forEach(l -> out.println(l.text()));
    }
    out.flush();
    if (o.message() != null) {
      if (o.securityReport() != null) {
        err.println(o.securityReport());
        err.println();
      } else if (o.exitCode() == dev.sumdb4j.cli.common.ExitCodes.SECURITY) {
        err.println("SECURITY ERROR");
      }
      err.println("sumdb4j: audit watch: " + o.message());
      o.evidenceFile().ifPresent(f -> err.println("evidence written to " + f
          + " (check it with the database's verifier key); do not trust this server's view of the log"));
    } else {
      o.unreachable().forEach(u -> err.println("sumdb4j: audit watch: " + u));
      long failed = o.lines().stream().filter(l -> l.exitCode() != 0).count();
      err.println("sumdb4j: audit watch: " + o.status() + "; " + o.lines().size() + " go.sum lines, " + failed
          + " failed");
    }
    err.flush();
  }

  private static String headline(WatchOutcome o, WatchResult r) {
    String tree = r.latest().toString();
    String prev = r.previous().map(HistoryEntry::toString).orElse("");
    return o.database() + ": " + switch (r.status()) {
      case BOOTSTRAPPED -> "first run: recorded " + tree + " (trusted on first use)";
      case APPENDED -> "recorded " + tree + ", consistent with " + prev;
      case UNCHANGED -> "unchanged at " + tree;
      case OLDER -> "server showed " + tree + ", older than the recorded " + prev
          + " but consistent with it (a stale server?); not recorded";
      case LAGGING -> "server showed " + tree + ": lagging; not recorded";
    };
  }

  /** The message of a {@link WatchResult.Status#LAGGING} run: how far behind, and what was proved. */
  static String lagging(WatchResult r) {
    WatchResult.Lag lag = r.lag().orElseThrow();
    String proved;
    if (lag.consistentWithNewest()) {
      proved = "its tree is consistent with the recorded history";
    } else {
      proved = lag.consistentWith().map(c -> "its tree is consistent with the recorded tree#" + c.size()
          + " (no fork shown)").orElse("no recorded tree could be checked against it")
          + "; it cannot be checked against the newest recorded tree: " + lag.unchecked();
    }
    return "lagging: the server serves tree#" + r.latest().size() + ", but the log reached tree#" + lag.ahead().size()
        + " at " + lag.since() + ", " + human(lag.behind()) + " ago (more than --max-lag " + human(lag.maxLag())
        + "); " + proved;
  }

  /** {@code 1d2h3m4s}, leaving out zero parts ({@code 0s} for zero). */
  static String human(java.time.Duration d) {
    StringBuilder b = new StringBuilder();
    long[] parts = {d.toDaysPart(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] != 0) {
        b.append(parts[i]).append(units[i]);
      }
    }
    return b.length() == 0 ? "0s" : b.toString();
  }

  static String json(WatchOutcome o) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("tool", tool());
    root.put("command", "audit watch");
    root.put("database", o.database());
    root.put("state", o.state().toString());
    root.put("status", o.status());
    WatchResult r = o.result().orElse(null);
    if (o.previous().isPresent()) {
      ObjectNode p = root.putObject("previous");
      p.put("size", o.previous().get().size());
      p.put("hash", o.previous().get().hash().toString());
      p.put("observed", o.previous().get().observed().toString());
    } else {
      root.putNull("previous");
    }
    if (r != null) {
      SignedTree t = r.latest();
      ObjectNode l = root.putObject("latest");
      l.put("size", t.size());
      l.put("hash", t.hash().toString());
      l.put("note", t.noteText());
      root.put("appended", r.appended().isPresent());
    } else {
      root.putNull("latest");
      root.put("appended", false);
    }
    if (o.witnesses().isPresent()) {
      WitnessCheck w = o.witnesses().get();
      ObjectNode wn = root.putObject("witnesses");
      wn.put("required", w.required());
      wn.put("valid", w.valid().size());
      ArrayNode a = wn.putArray("statuses");
      for (WitnessStatus s : w.statuses()) {
        ObjectNode n = a.addObject();
        n.put("key", s.witnessName());
        n.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        if (s.timestamp().isPresent()) {
          n.put("timestamp", s.timestamp().getAsLong());
        } else {
          n.putNull("timestamp");
        }
        n.put("detail", s.detail());
      }
      ArrayNode seen = wn.putArray("cosignatures");
      for (SeenCosignature c : w.seen()) {
        seen.add(c.toString());
      }
    } else {
      root.putNull("witnesses");
    }
    WatchResult.Lag lag = r == null ? null : r.lag().orElse(null);
    if (lag != null) {
      ObjectNode n = root.putObject("lag");
      n.put("ahead", lag.ahead().size());
      n.put("since", lag.since().toString());
      n.put("seconds", lag.behind().toSeconds());
      n.put("maxSeconds", lag.maxLag().toSeconds());
      if (lag.consistentWith().isPresent()) {
        n.put("consistentWith", lag.consistentWith().get().size());
      } else {
        n.putNull("consistentWith");
      }
      n.put("consistentWithNewest", lag.consistentWithNewest());
    } else {
      root.putNull("lag");
    }
    root.put("evidenceFile", o.evidenceFile().map(Object::toString).orElse(null));
    ArrayNode results = root.putArray("results");
    for (WatchOutcome.GoSumVerdict l : o.lines()) {
      ObjectNode n = results.addObject();
      n.put("file", l.file());
      n.put("line", l.line());
      n.put("path", l.path());
      n.put("version", l.version());
      n.put("hash", l.hash());
      n.put("verdict", l.verdict());
      n.put("databaseHash", l.databaseHash());
      n.put("message", l.message() == null || l.message().isEmpty() ? null : l.message());
    }
    ArrayNode unreachable = root.putArray("unreachable");
    o.unreachable().forEach(unreachable::add);
    root.put("message", o.message());
    root.put("securityReport", o.securityReport());
    root.put("exitCode", o.exitCode());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad math: a JSON tree of nodes must serialize", e);
    }
  }

  private static String tool() {
    Properties p = new Properties();
    try (InputStream in = WatchPrinter.class.getResourceAsStream("/dev/sumdb4j/cli/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is informational
    }
    return "sumdb4j " + p.getProperty("version", "unknown");
  }
}
