package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.tlog.verify.LineVerdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code verify} run.
 *
 * @param database the checksum database name (e.g. {@code sum.golang.org})
 * @param offline whether only the local cache was used
 * @param treeSize the size of the signed tree every OK line was authenticated against (-1: none)
 * @param treeHash that tree's root hash in base64 (null: none)
 * @param treeNote that tree's signed note text (null: none)
 * @param files the go.sum files, as named
 * @param lines one report per go.sum line, in file and line order
 */
record RunReport(String database, boolean offline, long treeSize, String treeHash, String treeNote,
    List<String> files, List<LineReport> lines) {
  RunReport {
    files = List.copyOf(files);
    lines = List.copyOf(lines);
  }

  /** How many lines got each verdict (every verdict present, zero or more). */
  Map<LineVerdict, Integer> counts() {
    Map<LineVerdict, Integer> m = new EnumMap<>(LineVerdict.class);
    for (LineVerdict v : LineVerdict.values()) {
      m.put(v, 0);
    }
    for (LineReport l : lines) {
      m.merge(l.verdict(), 1, Integer::sum);
    }
    return m;
  }

  /**
   * The run's exit code: SECURITY (3) if any line failed authentication, else FAILED (1) if any
   * line mismatched or is absent, else the worst other failure (USAGE 2, UNAVAILABLE 4), else OK.
   */
  int exitCode() {
    int worst = ExitCodes.OK;
    for (LineReport l : lines) {
      worst = ExitCodes.worse(worst, l.exitCode());
    }
    return worst;
  }


  /** The one-line summary printed after the verdicts. */
  String summary() {
    Map<LineVerdict, Integer> c = counts();
    StringBuilder b = new StringBuilder().append(lines.size()).append(lines.size() == 1 ? " line" : " lines")
        .append(" in ").append(files.size()).append(files.size() == 1 ? " file" : " files")
        .append(" against ").append(database);
    if (treeSize >= 0) {
      b.append(" tree ").append(treeSize);
    }
    if (offline) {
      b.append(" (offline)");
    }
    b.append(':');
    String sep = " ";
    for (LineVerdict v : LineVerdict.values()) {
      b.append(sep).append(c.get(v)).append(' ').append(v.word());
      sep = ", ";
    }
    return b.toString();
  }
}
