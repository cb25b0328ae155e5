package dev.sumdb4j.tlog.verify;

/** Why a go.sum line got the {@link LineVerdict#ERROR} verdict. */
public enum LineError {
  /** The line itself cannot be checked: its module path or version is invalid, or its hash algorithm unknown. */
  MALFORMED,
  /**
   * The database misbehaved for this line: its authenticated record for the module version has no
   * line for this one (it answered about the module without vouching for the line), or it served
   * a malformed response ({@link dev.sumdb4j.MalformedResponseException}).
   */
  SECURITY,
  /**
   * The lookup failed: a transport or I/O error or a server error. Trying again later may succeed.
   */
  UNAVAILABLE
}
