package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.tlog.Tree;
import java.util.List;

/**
 * The result of {@link MirrorVerifier#run()}.
 *
 * @param tree the signed tree checked
 * @param records the number of records checked
 * @param problems the problems found (at most the configured limit, in file order)
 * @param problemCount the number of problems found, including those not listed
 * @param duplicates the module versions logged twice or more
 * @param resumed whether this run continued an interrupted one
 */
public record VerifyReport(Tree tree, long records, List<AuditProblem> problems, long problemCount,
    List<Duplicate> duplicates, boolean resumed) {
  /**
   * Copies the lists.
   *
   * @param tree the signed tree checked
   * @param records the number of records checked
   * @param problems the problems found (at most the configured limit, in file order)
   * @param problemCount the number of problems found, including those not listed
   * @param duplicates the module versions logged twice or more
   * @param resumed whether this run continued an interrupted one
   */
  public VerifyReport {
    problems = List.copyOf(problems);
    duplicates = List.copyOf(duplicates);
  }

  /** {@return whether the mirror is a faithful copy of the signed tree with no duplicate} */
  public boolean ok() {
    return problemCount == 0 && duplicates.isEmpty();
  }
}
