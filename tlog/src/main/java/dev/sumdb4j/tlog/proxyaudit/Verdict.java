package dev.sumdb4j.tlog.proxyaudit;

import java.util.Locale;

/** What the audit concluded about one module version. */
public enum Verdict {
  /** The proxy's zip and go.mod hash to the database record's lines. */
  OK,
  /** The proxy's zip hashes to something else than the record's module line. */
  MISMATCH_ZIP,
  /** The proxy's go.mod hashes to something else than the record's go.mod line. */
  MISMATCH_MOD,
  /** The proxy's zip fails the go command's module zip checks (the go command would refuse it). */
  INVALID_ZIP,
  /** The proxy serves a public module version the checksum database has never logged. */
  NOT_IN_DATABASE,
  /** The module matches GONOSUMDB/GOPRIVATE: the database is not consulted and nothing is fetched. */
  SKIPPED,
  /** The proxy answered 404 or 410 for the version's go.mod or zip. */
  GONE,
  /** The proxy or the database could not be read (transport failure, stall, timeout). */
  ERROR;

  /** {@return the verdict as printed: lower case with dashes, e.g. {@code mismatch-zip}} */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@return whether this is a finding against the proxy or the log (mismatch, invalid zip, unlogged public version)} */
  public boolean isFinding() {
    return this == MISMATCH_ZIP || this == MISMATCH_MOD || this == INVALID_ZIP || this == NOT_IN_DATABASE;
  }
}
