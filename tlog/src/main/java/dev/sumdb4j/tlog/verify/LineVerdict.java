package dev.sumdb4j.tlog.verify;

import java.util.Locale;

/** The verdict on one go.sum line. */
public enum LineVerdict {
  /** The checksum database lists exactly this hash for this module version. */
  OK,
  /** The database lists a different hash of the same algorithm: the go.sum line is wrong. */
  MISMATCH,
  /** The database does not know this module version (a 404 or 410 lookup). */
  NOT_FOUND,
  /** Not checked: the module matches GONOSUMDB/GOPRIVATE (or the line is ignored by the go command). Never OK. */
  SKIPPED,
  /** Could not be checked: a transport error, an invalid module version, or no comparable hash in the record. */
  ERROR;

  private final String word = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** {@return whether the verdict is a failure of the go.sum file (MISMATCH, NOT_FOUND or ERROR)} */
  public boolean isFailure() {
    return this == MISMATCH || this == NOT_FOUND || this == ERROR;
  }

  /**
   * The verdict as one lowercase word, as the {@code sumdb4j} command prints it in text and JSON:
   * {@code ok}, {@code mismatch}, {@code not-found}, {@code skipped}, {@code error}.
   *
   * @return the word
   */
  public String word() {
    return word;
  }
}
