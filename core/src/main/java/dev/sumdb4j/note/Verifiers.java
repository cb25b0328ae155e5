package dev.sumdb4j.note;

import dev.sumdb4j.SumdbException;
import java.util.Arrays;
import java.util.Collection;

/**
 * The keys a caller trusts, looked up by name and key ID while opening a note.
 *
 * <p>Security contract: {@link #verifier} returns only a verifier whose {@code name()} and
 * {@code keyId()} equal the arguments (Note.open checks this); it throws
 * {@link UnknownVerifierException} for keys it does not know, and another {@link SumdbException}
 * (e.g. {@link AmbiguousVerifierException}) when it cannot decide, which rejects the note.
 */
public interface Verifiers {
  /**
   * Returns the verifier for the key {@code name+keyId}.
   *
   * @throws UnknownVerifierException if no such key is known
   * @throws SumdbException if the key is known more than once ({@link AmbiguousVerifierException})
   */
  NoteVerifier verifier(String name, KeyId keyId) throws UnknownVerifierException, SumdbException;

  /** Returns an immutable set of the given verifiers (Go's {@code VerifierList}). */
  static Verifiers of(NoteVerifier... verifiers) {
    return new VerifierList(Arrays.asList(verifiers));
  }

  /** Returns an immutable set of the given verifiers (Go's {@code VerifierList}). */
  static Verifiers of(Collection<? extends NoteVerifier> verifiers) {
    return new VerifierList(verifiers);
  }
}
