package dev.sumdb4j.tlog.audit;

/** Receives progress of a long audit step; called from worker threads, must be thread-safe. */
@FunctionalInterface
public interface AuditProgress {
  /** A listener that ignores progress. */
  AuditProgress NONE = (done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units (tiles) are finished.
   *
   * @param done the units finished
   * @param total the units in all
   */
  void progress(long done, long total);
}
