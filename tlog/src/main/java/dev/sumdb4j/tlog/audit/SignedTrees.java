package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import java.nio.charset.StandardCharsets;

/** Opens signed tree notes. */
final class SignedTrees {
  private SignedTrees() {}

  /** Verifies the signed note {@code signed} with {@code verifiers} and parses its checkpoint. */
  static Checkpoint open(String source, byte[] signed, Verifiers verifiers) throws SumdbException {
    Note n = Note.open(source, signed, verifiers);
    return Checkpoint.parse(source, n.text().getBytes(StandardCharsets.UTF_8));
  }
}
