package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.module.ModuleVersion;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit of one module version.
 *
 * @param module the module version
 * @param verdict the verdict
 * @param message why, in words (empty for a plain ok)
 * @param zipHash the h1 of the zip the proxy served, if it was hashed
 * @param modHash the h1 of the go.mod the proxy served, if it was hashed
 * @param recordZipHash the module hash of the authenticated database record, if there is one
 * @param recordModHash the go.mod hash of that record, if there is one
 * @param recordId that record's number, or -1
 * @param treeSize the size of the signed tree the record was proved in, or -1
 * @param zip what the proxy served for the zip, if it was downloaded in this run
 * @param mod what the proxy served for the go.mod, if it was downloaded in this run
 * @param downloaded whether this run downloaded the version (false: verified before, re-proved only)
 * @param evidence the evidence directory of a finding, if one was written
 */
public record ModuleResult(ModuleVersion module, Verdict verdict, String message, Optional<String> zipHash,
    Optional<String> modHash, Optional<String> recordZipHash, Optional<String> recordModHash, long recordId,
    long treeSize, Optional<Served> zip, Optional<Served> mod, boolean downloaded, Optional<Path> evidence) {
  /**
   * Validates.
   *
   * @param module the module version
   * @param verdict the verdict
   * @param message why, in words (empty for a plain ok)
   * @param zipHash the h1 of the zip the proxy served, if it was hashed
   * @param modHash the h1 of the go.mod the proxy served, if it was hashed
   * @param recordZipHash the module hash of the authenticated database record, if there is one
   * @param recordModHash the go.mod hash of that record, if there is one
   * @param recordId that record's number, or -1
   * @param treeSize the size of the signed tree the record was proved in, or -1
   * @param zip what the proxy served for the zip, if it was downloaded in this run
   * @param mod what the proxy served for the go.mod, if it was downloaded in this run
   * @param downloaded whether this run downloaded the version (false: verified before, re-proved only)
   * @param evidence the evidence directory of a finding, if one was written
   */
  public ModuleResult {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(zipHash, "zipHash");
    Objects.requireNonNull(modHash, "modHash");
    Objects.requireNonNull(recordZipHash, "recordZipHash");
    Objects.requireNonNull(recordModHash, "recordModHash");
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(mod, "mod");
    Objects.requireNonNull(evidence, "evidence");
    if (verdict == Verdict.OK && (zipHash.isEmpty() || modHash.isEmpty() || recordId < 0)) {
      throw new IllegalArgumentException("an ok result needs both hashes and a record: " + module);
    }
  }

  /** A result with only a verdict and a message (skipped, gone, error before anything was hashed). */
  static ModuleResult of(ModuleVersion mv, Verdict v, String message) {
    return new ModuleResult(mv, v, message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        -1, -1, Optional.empty(), Optional.empty(), false, Optional.empty());
  }

  /** {@return the bytes downloaded for this result in this run} */
  public long bytes() {
    return zip.map(Served::size).orElse(0L) + mod.map(Served::size).orElse(0L);
  }

  /** This result with {@code dir} as its evidence. */
  ModuleResult withEvidence(Path dir) {
    return new ModuleResult(module, verdict, message, zipHash, modHash, recordZipHash, recordModHash, recordId,
        treeSize, zip, mod, downloaded, Optional.of(dir));
  }
}
