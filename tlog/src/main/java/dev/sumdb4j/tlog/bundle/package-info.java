/**
 * Offline proofs for a whole go.sum: the inclusion proof of every record a go.sum relies on,
 * against one signed checkpoint of the checksum database ({@link dev.sumdb4j.tlog.bundle.ProofBundle}),
 * made from authenticated tiles ({@link dev.sumdb4j.tlog.bundle.ProofExport}) and checked against
 * the go.sum with no network and no cache ({@link dev.sumdb4j.tlog.bundle.GoSumCoverage}).
 */
package dev.sumdb4j.tlog.bundle;
