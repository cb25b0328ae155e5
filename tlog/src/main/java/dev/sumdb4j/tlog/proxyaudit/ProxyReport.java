package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.tlog.client.SignedTree;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of a proxy audit run.
 *
 * @param results one per module version in scope, in scope order
 * @param tree the newest signed tree every record was proved in (empty if nothing was looked up)
 * @param downloaded the module versions downloaded in this run
 * @param bytes the bytes downloaded in this run
 */
public record ProxyReport(List<ModuleResult> results, SignedTree tree, long downloaded, long bytes) {
  /**
   * Copies.
   *
   * @param results one per module version in scope, in scope order
   * @param tree the newest signed tree every record was proved in (empty if nothing was looked up)
   * @param downloaded the module versions downloaded in this run
   * @param bytes the bytes downloaded in this run
   */
  public ProxyReport {
    results = List.copyOf(results);
    Objects.requireNonNull(tree, "tree");
  }

  /** {@return how many results have each verdict (every verdict present, zeros included)} */
  public Map<Verdict, Integer> counts() {
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      m.put(v, 0);
    }
    for (ModuleResult r : results) {
      m.merge(r.verdict(), 1, Integer::sum);
    }
    return m;
  }

  /** {@return whether any result is a finding (mismatch, invalid zip, unlogged public version)} */
  public boolean hasFindings() {
    return results.stream().anyMatch(r -> r.verdict().isFinding());
  }
}
