package dev.sumdb4j.tlog.watch;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.InvalidSignatureException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.cosignature.CosignatureVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which witnesses' cosignatures (C2SP tlog-cosignature) a watch accepts on a checkpoint, and how
 * many of them it requires ({@code k} of {@code n}). A cosignature counts only if it verifies and
 * its timestamp is at most {@code maxSkew} after the clock's time. Immutable.
 */
public final class WitnessPolicy {
  /** The default allowance for a witness clock running ahead of ours. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(10);

  private static final WitnessPolicy NONE = new WitnessPolicy(List.of(), 0, DEFAULT_MAX_SKEW, Clock.systemUTC());

  private final List<CosignatureVerifier> witnesses;
  private final int required;
  private final Duration maxSkew;
  private final Clock clock;

  private WitnessPolicy(List<CosignatureVerifier> witnesses, int required, Duration maxSkew, Clock clock) {
    this.witnesses = witnesses;
    this.required = required;
    this.maxSkew = maxSkew;
    this.clock = clock;
  }

  /**
   * No witnesses, none required.
   *
   * @return the empty policy
   */
  public static WitnessPolicy none() {
    return NONE;
  }

  /**
   * Accepts cosignatures of {@code witnesses} and requires {@code required} of them.
   *
   * @param witnesses the witnesses' keys
   * @param required how many valid cosignatures are required, 0 to the number of witnesses
   * @param maxSkew how far in the future a cosignature's time may be
   * @param clock the clock cosignature times are compared with
   * @throws IllegalArgumentException if {@code required} is not in 0..{@code witnesses.size()},
   *     a witness is listed twice, or {@code maxSkew} is negative
   * @return the policy
   */
  public static WitnessPolicy of(List<CosignatureVerifier> witnesses, int required, Duration maxSkew, Clock clock) {
    List<CosignatureVerifier> ws = List.copyOf(witnesses);
    if (required < 0 || required > ws.size()) {
      throw new IllegalArgumentException("cannot require " + required + " of " + ws.size() + " witnesses");
    }
    Set<String> seen = new HashSet<>();
    for (CosignatureVerifier w : ws) {
      if (!seen.add(w.name() + "+" + w.keyId())) {
        throw new IllegalArgumentException("witness " + w.name() + "+" + w.keyId() + " is listed twice");
      }
    }
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("negative clock skew " + maxSkew);
    }
    return new WitnessPolicy(ws, required, maxSkew, Objects.requireNonNull(clock, "clock"));
  }

  /** {@return the configured witnesses} */
  public List<CosignatureVerifier> witnesses() {
    return witnesses;
  }

  /** {@return how many valid cosignatures a checkpoint needs} */
  public int required() {
    return required;
  }

  /**
   * Checks each witness's cosignature on {@code signedNote}, whose signature by {@code log} (the
   * log's key) has already verified; the result says which are valid, missing or invalid.
   *
   * @param source names the note in error messages
   * @param signedNote the signed note
   * @param log the log's key, whose signature has verified
   * @throws SumdbException if the note cannot be opened at all
   * @return the result for every witness
   */
  public WitnessCheck check(String source, byte[] signedNote, NoteVerifier log) throws SumdbException {
    Instant latestAllowed = clock.instant().plus(maxSkew);
    List<WitnessStatus> out = new ArrayList<>();
    for (CosignatureVerifier w : witnesses) {
      Note note;
      try {
        note = Note.open(source, signedNote, Verifiers.of(log, w));
      } catch (InvalidSignatureException e) {
        if (e.name().equals(w.name()) && e.keyId().equals(w.keyId())) {
          out.add(new WitnessStatus(w, WitnessStatus.State.INVALID, OptionalLong.empty(),
              "its cosignature does not verify"));
          continue;
        }
        throw e;
      }
      OptionalLong t = w.timestamp(note);
      if (t.isEmpty()) {
        out.add(new WitnessStatus(w, WitnessStatus.State.MISSING, t, "no cosignature"));
      } else if (Instant.ofEpochSecond(t.getAsLong()).isAfter(latestAllowed)) {
        out.add(new WitnessStatus(w, WitnessStatus.State.FUTURE, t, "timestamp " + Instant.ofEpochSecond(t.getAsLong())
            + " is more than " + maxSkew.toSeconds() + "s after now " + clock.instant()));
      } else {
        out.add(new WitnessStatus(w, WitnessStatus.State.VALID, t, ""));
      }
    }
    return new WitnessCheck(out, required);
  }

  @Override
  public String toString() {
    return "WitnessPolicy{" + required + " of " + witnesses.size() + ", max skew " + maxSkew + "}";
  }
}
