package dev.sumdb4j.note;

/**
 * Verifies signatures made by one key, identified by its {@link #name()} and {@link #keyId()}.
 *
 * <p>Security contract: {@link #verify} returns true only when {@code signature} is a valid
 * signature of exactly {@code message} by this key; it never throws on malformed signatures (it
 * returns false), never mutates its arguments, and is safe to call from several threads.
 */
public interface NoteVerifier {
  /** {@return the key name, as it appears on signature lines} */
  String name();

  /** {@return the key ID, as it appears in the first four bytes of a signature} */
  KeyId keyId();

  /**
   * Reports whether {@code signature} (the signature bytes after the 4-byte key ID) is a valid
   * signature of {@code message} (the note text) by this key.
   *
   * @param message the note text, as UTF-8
   * @param signature the signature bytes, after the key ID
   * @return true only when the signature is valid
   */
  boolean verify(byte[] message, byte[] signature);
}
