package dev.sumdb4j.tlog.audit;

/**
 * One problem found in a mirror, located exactly.
 *
 * @param path the file, relative to the mirror (a tile path such as {@code tile/8/data/x001/234},
 *     or {@code latest})
 * @param record the record id concerned, or -1
 * @param offset the byte offset in {@code path} of the problem, or -1
 * @param message what is wrong
 */
public record AuditProblem(String path, long record, long offset, String message) {
  /** Returns e.g. {@code tile/8/0/001: record 300: byte offset 1408: ...}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(path);
    if (record >= 0) {
      b.append(": record ").append(record);
    }
    if (offset >= 0) {
      b.append(": byte offset ").append(offset);
    }
    return b.append(": ").append(message).toString();
  }

  /** Returns the one-line, tab-separated form used in the state directory. */
  String toLine() {
    return path + "\t" + record + "\t" + offset + "\t" + message.replace('\t', ' ').replace('\n', ' ');
  }

  /** Parses {@link #toLine()}, or returns null if {@code line} is not such a line. */
  static AuditProblem fromLine(String line) {
    String[] f = line.split("\t", 4);
    if (f.length != 4) {
      return null;
    }
    try {
      return new AuditProblem(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
