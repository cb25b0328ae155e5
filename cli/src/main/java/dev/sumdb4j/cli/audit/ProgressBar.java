package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.StderrTerminal;
import dev.sumdb4j.tlog.audit.AuditProgress;
import java.io.PrintWriter;

/** A one-line progress bar on a terminal's stderr, redrawn at most 10 times a second. */
final class ProgressBar implements AuditProgress {
  private final PrintWriter err;
  private final String label;
  private long lastDraw;

  private ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /**
   * Returns a bar on {@code err} when stderr is a terminal ({@link StderrTerminal#isTerminal}), else a
   * listener that draws nothing.
   */
  static AuditProgress forTerminal(PrintWriter err, String label) {
    return StderrTerminal.isTerminal() ? new ProgressBar(err, label) : AuditProgress.NONE;
  }

  @Override
  public synchronized void progress(long done, long total) {
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    int width = 40;
    int filled = total <= 0 ? width : (int) (width * Math.min(done, total) / total);
    StringBuilder b = new StringBuilder("\r").append(label).append(" [");
    for (int i = 0; i < width; i++) {
      b.append(i < filled ? '#' : '.');
    }
    b.append("] ").append(total <= 0 ? 100 : 100 * done / total).append("% ").append(done)
        .append('/').append(total);
    if (done >= total) {
      b.append('\n');
    }
    err.print(b);
    err.flush();
  }
}
