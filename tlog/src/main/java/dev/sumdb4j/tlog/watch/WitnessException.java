package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.VerificationException;

/**
 * A checkpoint carries fewer valid witness cosignatures than required: it is not trusted, and
 * nothing is appended to the history.
 */
public class WitnessException extends VerificationException {
  private final transient WitnessCheck check;

  /**
   * The checkpoint named by {@code what} failed {@code check}.
   *
   * @param what names the checkpoint in the message
   * @param check the witness check that failed
   */
  public WitnessException(String what, WitnessCheck check) {
    super(what + ": not enough witness cosignatures: " + check.summary());
    this.check = check;
  }

  /** {@return the per-witness outcome} */
  public WitnessCheck check() {
    return check;
  }
}
