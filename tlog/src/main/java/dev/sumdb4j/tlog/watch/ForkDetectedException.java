package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import java.nio.file.Path;

/**
 * The log showed a watch a history that conflicts with the one recorded: the evidence was written
 * to {@link #evidenceFile()} in the state directory, and nothing was appended.
 */
public class ForkDetectedException extends LogMisbehaviorException {
  private final transient Path evidenceFile;

  /**
   * Wraps {@code cause}, whose evidence was written to {@code evidenceFile}.
   *
   * @param cause the log's misbehavior, with its evidence
   * @param evidenceFile the file the evidence was written to
   */
  public ForkDetectedException(LogMisbehaviorException cause, Path evidenceFile) {
    super("the log is inconsistent with the watch history (evidence written to " + evidenceFile + ")",
        cause.evidence());
    initCause(cause);
    this.evidenceFile = evidenceFile;
  }

  /**
   * Where the evidence JSON was written.
   *
   * @return the evidence file
   */
  public Path evidenceFile() {
    return evidenceFile;
  }
}
