package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Verifiers;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies signed tree notes with the database's key, remembering the result for these exact
 * bytes: the lookups of one batch usually carry the same note, and a verified signature stays
 * verified. Bounded; a failure is not remembered.
 */
final class NoteVerifier {
  private static final int MAX_VERIFIED_NOTES = 1024;

  private final Verifiers verifiers;
  private final ConcurrentHashMap<ByteBuffer, SignedTree> verified = new ConcurrentHashMap<>();

  NoteVerifier(Verifiers verifiers) {
    this.verifiers = verifiers;
  }

  /** The verified tree of {@code note}; {@code source} names it in error messages. */
  SignedTree open(String source, byte[] note) throws SumdbException {
    ByteBuffer key = ByteBuffer.wrap(note);
    SignedTree known = verified.get(key);
    if (known != null) {
      return known;
    }
    if (verified.size() >= MAX_VERIFIED_NOTES) {
      verified.clear();
    }
    // The first lookups of a batch arrive together with the same note: one thread verifies it
    // while the others wait for its verdict. A failure is not remembered.
    try {
      return verified.computeIfAbsent(ByteBuffer.wrap(note.clone()), k -> {
        try {
          return SignedTree.open(source, note, verifiers);
        } catch (SumdbException e) {
          throw new NoteFailure(e);
        }
      });
    } catch (NoteFailure f) {
      throw f.failure;
    }
  }

  /** Carries a note's verification failure out of {@code computeIfAbsent}. */
  private static final class NoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SumdbException failure;

    NoteFailure(SumdbException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
