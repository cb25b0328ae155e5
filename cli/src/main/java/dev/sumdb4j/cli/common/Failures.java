package dev.sumdb4j.cli.common;

import dev.sumdb4j.tlog.http.HostUnavailableException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** How the command describes failures (their exit codes come from {@link ExitCodes#forException}). */
public final class Failures {
  private Failures() {}

  /**
   * The causal chain's messages joined by {@code ": "} (each layer adds its context, as Go's
   * wrapped errors read), skipping a cause whose message its wrapper already contains. A {@link
   * HostUnavailableException} ends the chain: its message already says in words what its cause (the
   * HTTP library's own text) says.
   */
  public static String message(Throwable t) {
    List<String> parts = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    String previous = "";
    for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && c.getCause() != null && m.equals(c.getCause().toString())) {
        m = null; // a wrapper that only repeats its cause
      } else if (m == null || m.isBlank()) {
        m = c.getCause() == null ? c.getClass().getSimpleName() : null;
      }
      if (m != null && !previous.contains(m)) {
        parts.add(m);
        previous = m;
      }
      if (c instanceof HostUnavailableException) {
        break;
      }
    }
    return String.join(": ", parts);
  }
}
