package dev.sumdb4j.tlog.bundle;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which lines of a go.sum are backed by proved checksum-database records: a line is proved when a
 * record lists its module, version and hash; it mismatches when the records for its module version
 * list only other hashes; it is missing when no record is about its module version.
 */
public final class GoSumCoverage {
  /** The verdict on one go.sum line. */
  public enum Verdict {
    /** A proved record lists exactly this line. */
    PROVED,
    /** Proved records for this module version list other hashes only. */
    MISMATCH,
    /** No proved record is about this module version. */
    MISSING,
    /** The go command ignores this line (the historic empty go.mod hash): nothing to prove. */
    IGNORED
  }

  /**
   * The verdict on one line.
   *
   * @param line the go.sum line
   * @param verdict the verdict
   * @param record the record proving the line (PROVED) or contradicting it (MISMATCH), else null
   * @param recordHashes for MISMATCH, the hashes the records list for the line's version
   */
  public record LineCoverage(GoSumLine line, Verdict verdict, ProvedRecord record, List<String> recordHashes) {
    /**
     * Validates and copies the fields.
     *
     * @param line the go.sum line
     * @param verdict the verdict
     * @param record the record proving the line (PROVED) or contradicting it (MISMATCH), else null
     * @param recordHashes for MISMATCH, the hashes the records list for the line's version
     */
    public LineCoverage {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(verdict, "verdict");
      recordHashes = List.copyOf(recordHashes);
    }
  }

  private GoSumCoverage() {}

  /**
   * {@return the verdict on every line of {@code goSum}, in file order, given {@code records}
   * (already proved)}
   *
   * @param goSum the go.sum
   * @param records the records proved in the bundle
   * @throws MalformedInputException if a record text is not go.sum lines
   */
  public static List<LineCoverage> check(GoSumFile goSum, List<ProvedRecord> records) throws MalformedInputException {
    // (path, version as in go.sum) -> (hash -> proving record), in record order
    Map<String, Map<String, ProvedRecord>> index = new HashMap<>();
    for (ProvedRecord r : records) {
      GoSumFile lines = GoSumFile.parse(r.source(), r.recordText().getBytes(StandardCharsets.UTF_8));
      for (GoSumLine l : lines.lines()) {
        index.computeIfAbsent(l.path() + " " + l.version(), k -> new java.util.LinkedHashMap<>())
            .putIfAbsent(l.hash(), r);
      }
    }
    List<LineCoverage> out = new ArrayList<>();
    for (GoSumLine l : goSum.lines()) {
      if (l.isIgnoredByGoCommand()) {
        out.add(new LineCoverage(l, Verdict.IGNORED, null, List.of()));
        continue;
      }
      Map<String, ProvedRecord> known = index.get(l.path() + " " + l.version());
      if (known == null || known.isEmpty()) {
        out.add(new LineCoverage(l, Verdict.MISSING, null, List.of()));
      } else if (known.containsKey(l.hash())) {
        out.add(new LineCoverage(l, Verdict.PROVED, known.get(l.hash()), List.of()));
      } else {
        out.add(new LineCoverage(l, Verdict.MISMATCH, known.values().iterator().next(),
            new ArrayList<>(known.keySet())));
      }
    }
    return out;
  }
}
