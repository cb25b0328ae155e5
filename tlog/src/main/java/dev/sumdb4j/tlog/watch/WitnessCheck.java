package dev.sumdb4j.tlog.watch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The cosignatures of the configured witnesses on one checkpoint, and how many were required.
 *
 * @param statuses one per configured witness, in configuration order
 * @param required how many valid cosignatures the policy requires
 */
public record WitnessCheck(List<WitnessStatus> statuses, int required) {
  /**
   * Validates the fields.
   *
   * @param statuses one per configured witness, in configuration order
   * @param required how many valid cosignatures the policy requires
   */
  public WitnessCheck {
    statuses = List.copyOf(statuses);
    if (required < 0 || required > statuses.size()) {
      throw new IllegalArgumentException("required " + required + " of " + statuses.size() + " witnesses");
    }
  }

  /** {@return the witnesses whose cosignature verified} */
  public List<WitnessStatus> valid() {
    return statuses.stream().filter(s -> s.state() == WitnessStatus.State.VALID).toList();
  }

  /** {@return whether at least {@link #required()} cosignatures verified} */
  public boolean satisfied() {
    return valid().size() >= required;
  }

  /** {@return the valid cosignatures, as recorded in the history} */
  public List<SeenCosignature> seen() {
    return valid().stream().map(s -> new SeenCosignature(s.witness().name(), s.witness().keyId(),
        s.timestamp().orElseThrow())).toList();
  }

  /**
   * One line: {@code 1 of 3 witness cosignatures valid, 2 required: w1+.. valid; w2+..: missing; ...}.
   *
   * @return the summary
   */
  public String summary() {
    return valid().size() + " of " + statuses.size() + " witness cosignatures valid, " + required + " required"
        + (statuses.isEmpty() ? "" : ": " + statuses.stream().map(WitnessStatus::toString)
            .collect(Collectors.joining("; ")));
  }

  @Override
  public String toString() {
    return summary();
  }
}
