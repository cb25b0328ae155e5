/**
 * go.sum verification: {@link dev.sumdb4j.tlog.verify.GoSumVerifier} checks every line of go.sum
 * files against the checksum database (online, or offline from the cache) and returns a {@link
 * dev.sumdb4j.tlog.verify.GoSumReport} with one verdict per line. Security failures abort; they
 * never become verdicts.
 */
package dev.sumdb4j.tlog.verify;
