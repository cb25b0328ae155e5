package dev.sumdb4j.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A failure's causal chain in words, as Go's wrapped errors read. */
public final class Causes {
  private Causes() {}

  /**
   * The causal chain's messages joined by {@code ": "} (each layer adds its context), skipping a
   * cause whose message its wrapper already contains and a wrapper that only repeats its cause; a
   * failure without any message is named by its class. The chain ends after an exception that
   * {@code complete} accepts: its message already says in words what its causes say (for example a
   * library's own text below it).
   *
   * @param t the failure
   * @param complete whether an exception's message is the last word of the chain
   * @return the message
   */
  public static String message(Throwable t, Predicate<Throwable> complete) {
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
      if (complete.test(c)) {
        break;
      }
    }
    return parts.isEmpty() ? t.getClass().getSimpleName() : String.join(": ", parts);
  }
}
