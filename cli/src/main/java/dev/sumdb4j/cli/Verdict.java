package dev.sumdb4j.cli;

/** The verdict on one go.sum line, with the word the command prints for it. */
enum Verdict {
  /** The line equals the authenticated database record. */
  OK("ok"),
  /** The database holds another hash for this module version. */
  MISMATCH("mismatch"),
  /** The module version is not in the database. */
  NOT_FOUND("not-found"),
  /** Not looked up: the module matches GONOSUMDB/GOPRIVATE, or GOSUMDB=off. */
  SKIPPED("skipped"),
  /** The line could not be verified (see the message). */
  ERROR("error");

  private final String word;

  Verdict(String word) {
    this.word = word;
  }

  /** The word printed in text and JSON output. */
  String word() {
    return word;
  }
}
