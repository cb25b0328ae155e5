package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.StderrTerminal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.tlog.proxyaudit.ModuleResult;
import dev.sumdb4j.tlog.proxyaudit.ProxyAuditor;
import dev.sumdb4j.tlog.proxyaudit.Served;
import dev.sumdb4j.tlog.proxyaudit.Verdict;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy audit's progress: on a terminal, one line on stderr (versions, bytes, rate, ETA)
 * redrawn at most 10 times a second; with {@code --json-lines}, each result as it finishes.
 */
final class ProxyProgress implements ProxyAuditor.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter err;
  private final PrintWriter lines;
  private final boolean terminal = StderrTerminal.isTerminal();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final long start = System.nanoTime();
  private volatile int total;
  private volatile int kept;
  private long lastDraw;
  private boolean drawn;

  ProxyProgress(PrintWriter err, PrintWriter lines) {
    this.err = err;
    this.lines = lines;
  }

  @Override
  public void started(int total, int kept) {
    this.total = total;
    this.kept = kept;
  }

  @Override
  public void finished(ModuleResult r) {
    done.incrementAndGet();
    if (lines != null) {
      synchronized (lines) {
        lines.println(json(r).toString());
        lines.flush();
      }
    }
    draw(false);
  }

  @Override
  public void bytes(long n) {
    bytes.addAndGet(n);
    draw(false);
  }

  void done() {
    if (terminal && drawn) {
      draw(true);
      synchronized (this) {
        err.println();
        err.flush();
      }
    }
  }

  private synchronized void draw(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    double secs = Math.max(1e-3, (now - start) / 1e9);
    int d = done.get();
    double rate = d / secs;
    double mb = bytes.get() / 1e6;
    String eta = rate > 0 && total > d ? String.format(Locale.ROOT, "%.0fs", (total - d) / rate) : "-";
    err.print(String.format(Locale.ROOT, "\rproxy audit: %d/%d versions (%d kept), %.1f MB, %.1f MB/s, %.0f versions/s, ETA %s   ",
        d, total, kept, mb, mb / secs, rate, eta));
    err.flush();
  }

  /** One result as text: {@code <verdict> <path> <version>[: message]}, with both hashes of a mismatch. */
  static String text(ModuleResult r) {
    StringBuilder b = new StringBuilder(r.verdict().text()).append(' ').append(r.module().path()).append(' ')
        .append(r.module().version());
    if (!r.message().isEmpty()) {
      b.append(": ").append(r.message());
    }
    if (r.verdict() == Verdict.MISMATCH_ZIP || r.verdict() == Verdict.MISMATCH_MOD) {
      b.append("\n\tproxy zip ").append(r.zipHash().orElse("(none)")).append(", go.mod ")
          .append(r.modHash().orElse("(none)"));
      b.append("\n\trecord ").append(r.recordId()).append(" zip ").append(r.recordZipHash().orElse("(none)"))
          .append(", go.mod ").append(r.recordModHash().orElse("(none)"));
    }
    r.evidence().ifPresent(e -> b.append("\n\tevidence: ").append(e));
    return b.toString();
  }

  /** One result as a JSON object. */
  static ObjectNode json(ModuleResult r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("module", r.module().path());
    n.put("version", r.module().version());
    n.put("verdict", r.verdict().text());
    n.put("message", r.message());
    n.put("zipHash", r.zipHash().orElse(null));
    n.put("modHash", r.modHash().orElse(null));
    n.put("recordZipHash", r.recordZipHash().orElse(null));
    n.put("recordModHash", r.recordModHash().orElse(null));
    if (r.recordId() >= 0) {
      n.put("recordId", r.recordId());
      n.put("treeSize", r.treeSize());
    }
    n.put("downloaded", r.downloaded());
    r.zip().ifPresent(s -> n.set("zip", served(s)));
    r.mod().ifPresent(s -> n.set("mod", served(s)));
    n.put("evidence", r.evidence().map(Object::toString).orElse(null));
    return n;
  }

  private static ObjectNode served(Served s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("url", s.url());
    n.put("sha256", s.sha256());
    n.put("size", s.size());
    return n;
  }
}
