package dev.sumdb4j.note;

import dev.sumdb4j.internal.Codecs;
import java.util.Objects;

/**
 * One signature line of a note, {@code — <name> <base64>}, where the base64 field encodes the
 * 4-byte big-endian key ID followed by the signature bytes. Whether the signature was verified
 * depends on which list of a {@link Note} holds it.
 *
 * @param name the key name
 * @param keyId the key ID (equal to the first four bytes of the decoded base64 field in notes
 *     returned by {@link Note#open})
 * @param base64 the base64 field exactly as written on the line
 */
public record NoteSignature(String name, KeyId keyId, String base64) {
  /**
   * Requires non-null fields; other checks happen where signatures are parsed or written.
   *
   * @param name the key name
   * @param keyId the key ID
   * @param base64 the base64 field exactly as written on the line
   */
  public NoteSignature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(base64, "base64");
  }

  /**
   * {@return the signature bytes after the key ID} An empty array if the base64 field does not
   * decode to at least four bytes.
   */
  public byte[] signatureBytes() {
    byte[] raw = Codecs.decodeBase64OrNull(base64);
    if (raw == null || raw.length < 4) {
      return new byte[0];
    }
    byte[] sig = new byte[raw.length - 4];
    System.arraycopy(raw, 4, sig, 0, sig.length);
    return sig;
  }

  /** {@return the signature line without its final newline: {@code — <name> <base64>}} */
  public String line() {
    return "\u2014 " + name + " " + base64;
  }
}
