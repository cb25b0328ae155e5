package dev.sumdb4j.cli.watch;

import dev.sumdb4j.tlog.watch.HistoryEntry;
import dev.sumdb4j.tlog.watch.WatchResult;
import dev.sumdb4j.tlog.watch.WitnessCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code audit watch} run ended with, for the text and JSON reports.
 *
 * @param database the database name
 * @param state the state directory
 * @param status {@code bootstrapped}, {@code appended}, {@code unchanged}, {@code older}, {@code
 *     lagging}, {@code fork}, {@code witnesses}, {@code security}, {@code corrupt-state}, {@code
 *     unavailable} or {@code usage}
 * @param previous the history's newest entry before this run, when the history could be read
 * @param result the watch result when no misbehaviour was found
 * @param witnesses the witness check, when it was made
 * @param evidenceFile where fork evidence was written
 * @param lines the go.sum verdicts
 * @param unreachable one message per host that could not be reached while verifying the go.sum
 *     lines (no further request was sent to it), with how many lines it left unverified
 * @param message what went wrong, one line (null when nothing did)
 * @param securityReport the go command's SECURITY ERROR report of a fork (null if none)
 * @param exitCode the exit code
 */
record WatchOutcome(String database, Path state, String status, Optional<HistoryEntry> previous,
    Optional<WatchResult> result, Optional<WitnessCheck> witnesses, Optional<Path> evidenceFile,
    List<GoSumVerdict> lines, List<String> unreachable, String message, String securityReport, int exitCode) {
  WatchOutcome {
    lines = List.copyOf(lines);
    unreachable = List.copyOf(unreachable);
  }

  /** One go.sum line's verdict and the exit code it contributes. */
  record GoSumVerdict(String file, int line, String path, String version, String hash, String verdict,
      String databaseHash, String message, int exitCode) {
    /** {@code file:line: verdict path version hash[: message]}, as {@code verify} prints. */
    String text() {
      return file + ":" + line + ": " + verdict + " " + path + " " + version + " " + hash
          + (message == null || message.isEmpty() ? "" : ": " + message);
    }
  }
}
