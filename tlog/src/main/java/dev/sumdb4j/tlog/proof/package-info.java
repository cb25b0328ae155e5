/**
 * Offline-verifiable signed inclusion proofs in the
 * <a href="https://c2sp.org/tlog-proof">c2sp.org/tlog-proof@v1</a> format ("spicy signatures").
 *
 * <p>A proof bundles the index of a log entry, its RFC 6962 inclusion proof and the signed
 * checkpoint it is against. For example, the proof that record 43930254 ({@code
 * github.com/transparency-dev/tessera v1.0.0}) is in sum.golang.org's tree of size 58253265
 * starts with
 *
 * <pre>{@code
 * c2sp.org/tlog-proof@v1
 * index 43930254
 * Q2cuq1e21q4UC1RQ6wtmXmCxk2q3Wqz/yFvD12P2KSM=
 * ... (26 hashes)
 *
 * go.sum database tree
 * 58253265
 * lIyLAEe4zJUQAda6pFFg3yPOf7j1SgfMEDrpgoX39JU=
 *
 * — sum.golang.org Az3grkvB...
 * }</pre>
 *
 * and {@link dev.sumdb4j.tlog.proof.TlogProof#verify} checks it against the record's go.sum lines
 * and the sum.golang.org verifier key.
 */
package dev.sumdb4j.tlog.proof;
