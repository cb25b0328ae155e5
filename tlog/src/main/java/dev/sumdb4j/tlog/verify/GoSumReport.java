package dev.sumdb4j.tlog.verify;

import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of verifying go.sum files: one {@link LineResult} per go.sum line, in file and line
 * order, and the signed tree every looked-up record was proved in.
 */
public final class GoSumReport {
  private final List<LineResult> lines;
  private final SignedTree tree;
  private final List<HostUnavailableException> unreachable;

  GoSumReport(List<LineResult> lines, SignedTree tree, List<HostUnavailableException> unreachable) {
    this.lines = List.copyOf(lines);
    this.tree = Objects.requireNonNull(tree, "tree");
    this.unreachable = List.copyOf(unreachable);
  }

  /**
   * The hosts that could not be reached, one failure each (the first, with the full message): the
   * lines they left unchecked are {@link LineVerdict#ERROR}s whose message is the failure's {@link
   * HostUnavailableException#summary()}.
   *
   * @return the failures, one per unreachable host
   */
  public List<HostUnavailableException> unreachable() {
    return unreachable;
  }

  /** {@return one result per go.sum line, in order} */
  public List<LineResult> lines() {
    return lines;
  }

  /** {@return the newest signed tree the records were proved in (the empty tree if nothing was looked up)} */
  public SignedTree tree() {
    return tree;
  }

  /** {@return how many lines got each verdict (every verdict present, possibly 0)} */
  public Map<LineVerdict, Integer> counts() {
    Map<LineVerdict, Integer> m = new EnumMap<>(LineVerdict.class);
    for (LineVerdict v : LineVerdict.values()) {
      m.put(v, 0);
    }
    lines.forEach(l -> m.merge(l.verdict(), 1, Integer::sum));
    return m;
  }

  /** {@return whether no line failed (every line is OK or SKIPPED)} */
  public boolean passed() {
    return lines.stream().noneMatch(l -> l.verdict().isFailure());
  }

  /** {@return the lines that failed} */
  public List<LineResult> failures() {
    return lines.stream().filter(l -> l.verdict().isFailure()).toList();
  }

  /** {@return one line: the counts per verdict and the tree, e.g. {@code 12 lines: 10 ok, 1 mismatch, ...}} */
  public String summary() {
    Map<LineVerdict, Integer> c = counts();
    return lines.size() + " line" + (lines.size() == 1 ? "" : "s") + ": " + c.get(LineVerdict.OK) + " ok, "
        + c.get(LineVerdict.MISMATCH) + " mismatch, " + c.get(LineVerdict.NOT_FOUND) + " not found, "
        + c.get(LineVerdict.SKIPPED) + " skipped, " + c.get(LineVerdict.ERROR) + " error"
        + (tree.isEmpty() ? "" : "; verified against " + tree);
  }

  @Override
  public String toString() {
    return summary();
  }
}
