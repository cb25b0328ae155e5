/**
 * Watching a checksum database stay append-only (the {@code sumdb4j audit watch} job): {@link
 * dev.sumdb4j.tlog.watch.LogWatcher} proves each newly served signed tree consistent with the last
 * one recorded in a {@link dev.sumdb4j.tlog.watch.CheckpointHistory} (an append-only JSON-lines
 * file in a state directory, locked per run), checks witness cosignatures against a {@link
 * dev.sumdb4j.tlog.watch.WitnessPolicy} (k of n), and writes fork evidence into the state
 * directory.
 */
package dev.sumdb4j.tlog.watch;
