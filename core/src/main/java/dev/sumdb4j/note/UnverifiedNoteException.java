package dev.sumdb4j.note;

import dev.sumdb4j.VerificationException;
import java.util.stream.Collectors;

/**
 * A well-formed note has no signature by any known key. The parsed note, with all its signatures
 * in {@link Note#unverifiedSignatures()}, is available from {@link #note()}; it must not be
 * trusted.
 */
public class UnverifiedNoteException extends VerificationException {
  private final transient Note note;

  /**
   * Reports that a note has no verifiable signatures.
   *
   * @param note the parsed note, with all its signatures unverified (null when not parsed)
   */
  public UnverifiedNoteException(Note note) {
    super(message(note));
    this.note = note;
  }

  private static String message(Note note) {
    String m = "note has no verifiable signatures";
    if (note == null || note.unverifiedSignatures().isEmpty()) {
      return m;
    }
    return m + " (signed only by unknown keys: " + note.unverifiedSignatures().stream()
        .map(s -> s.name() + "+" + s.keyId()).distinct().collect(Collectors.joining(", ")) + ")";
  }

  /** {@return the parsed, unverified note} */
  public Note note() {
    return note;
  }
}
