package dev.sumdb4j.tlog.client;

import dev.sumdb4j.module.ModuleVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An authenticated checksum-database record for one module version.
 *
 * @param module the module version looked up (never with {@code /go.mod})
 * @param recordId the record's leaf number in the log
 * @param recordText the record text, proved to be leaf {@code recordId} of {@code tree}
 * @param lines the go.sum lines of {@code recordText} for {@code module} (both the module and the
 *     {@code /go.mod} lines), in record order; taken from the authenticated record text only, never
 *     from the signed note or elsewhere in the response (CVE-2026-56864); never empty
 * @param tree the signed tree the record was proved in
 */
public record LookupResult(ModuleVersion module, long recordId, String recordText, List<String> lines,
    SignedTree tree) {
  /**
   * Validates and copies the fields.
   *
   * @param module the module version looked up (never with {@code /go.mod})
   * @param recordId the record's leaf number in the log
   * @param recordText the record text
   * @param lines the go.sum lines of {@code recordText} for {@code module}; never empty
   * @param tree the signed tree the record was proved in
   */
  public LookupResult {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(recordText, "recordText");
    Objects.requireNonNull(tree, "tree");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no go.sum lines for " + module);
    }
  }

  /** Returns the go.sum lines of {@code recordText} for {@code module}, both module and go.mod lines. */
  static List<String> linesFor(ModuleVersion module, String recordText) {
    String mod = module.path() + " " + module.version() + " ";
    String goMod = module.path() + " " + module.version() + "/go.mod ";
    List<String> out = new ArrayList<>();
    for (String line : recordText.split("\n", -1)) {
      if (line.startsWith(mod) || line.startsWith(goMod)) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * Returns the hashes (e.g. {@code h1:...}) the record lists for {@code version} exactly as written
   * in go.sum: {@code v1.2.3} selects the module lines, {@code v1.2.3/go.mod} the go.mod lines.
   *
   * @param version the version, possibly ending in {@code /go.mod}
   * @return the hashes, in record order (empty if the record lists none)
   */
  public List<String> hashes(String version) {
    String prefix = module.path() + " " + version + " ";
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        out.add(line.substring(prefix.length()));
      }
    }
    return out;
  }
}
