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
   * @param name the key name, from a signature line
   * @param keyId the key ID, from a signature
   * @return the verifier, whose name and key ID equal the arguments
   * @throws UnknownVerifierException if no such key is known
   * @throws SumdbException if the key is known more than once ({@link AmbiguousVerifierException})
   */
  NoteVerifier verifier(String name, KeyId keyId) throws UnknownVerifierException, SumdbException;

  /**
   * Returns an immutable set of verifiers (Go's {@code VerifierList}).
   *
   * @param verifiers the trusted keys
   * @return the set; a key given twice is ambiguous when looked up
   */
  static Verifiers of(NoteVerifier... verifiers) {
    return new VerifierList(Arrays.asList(verifiers));
  }

  /**
   * Returns an immutable set of verifiers (Go's {@code VerifierList}).
   *
   * @param verifiers the trusted keys
   * @return the set; a key given twice is ambiguous when looked up
   */
  static Verifiers of(Collection<? extends NoteVerifier> verifiers) {
    return new VerifierList(verifiers);
  }
}
