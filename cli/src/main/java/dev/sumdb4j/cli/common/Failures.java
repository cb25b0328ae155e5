package dev.sumdb4j.cli.common;

import dev.sumdb4j.internal.Causes;
import dev.sumdb4j.tlog.http.HostUnavailableException;

/** How the command describes failures (their exit codes come from {@link ExitCodes#forException}). */
public final class Failures {
  private Failures() {}

  /**
   * The causal chain's messages joined by {@code ": "} (each layer adds its context, as Go's
   * wrapped errors read), skipping a cause whose message its wrapper already contains. A {@link
   * HostUnavailableException} ends the chain: its message already says in words what its cause (the
   * HTTP library's own text) says.
   *
   * @param t the failure
   * @return the message
   */
  public static String message(Throwable t) {
    return Causes.message(t, HostUnavailableException.class::isInstance);
  }
}
