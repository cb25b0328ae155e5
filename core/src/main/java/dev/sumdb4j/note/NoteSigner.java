package dev.sumdb4j.note;

import dev.sumdb4j.SumdbException;

/**
 * Signs note texts with one key, identified by its {@link #name()} and {@link #keyId()}.
 *
 * <p>Security contract: {@link #sign} returns a signature that the matching {@link NoteVerifier}
 * accepts for {@code message}, does not mutate {@code message}, and never exposes key material
 * (in particular not through {@code toString()}).
 */
public interface NoteSigner {
  /** {@return the key name, as it will appear on the signature line} */
  String name();

  /** {@return the key ID, written in the first four bytes of the signature} */
  KeyId keyId();

  /**
   * Signs a note text.
   *
   * @param message the note text, as UTF-8
   * @return the signature bytes, without the key ID
   * @throws SumdbException if the signature cannot be made
   */
  byte[] sign(byte[] message) throws SumdbException;
}
