/**
 * Signed notes and their keys: the format sum.golang.org signs its tree heads in
 * (<a href="https://c2sp.org/signed-note">C2SP signed-note</a>, golang.org/x/mod/sumdb/note).
 *
 * <h2>Wire format</h2>
 * <pre>
 * message   = text "\n" 1*sigline          ; split at the LAST blank line ("\n\n")
 * text      = 1*( *char "\n" )              ; may itself contain blank lines
 * sigline   = "\u2014 " name " " base64 "\n"  ; U+2014 EM DASH, bytes E2 80 94 20
 * base64    = padded standard base64 of ( BE32(key ID) || signature ), at least 5 bytes
 * name      = 1*( any rune but "+" and Go's unicode.IsSpace runes )
 * </pre>
 * The whole message is valid UTF-8 with no control character other than newline (DEL and C1
 * controls are allowed). The signed bytes are the text including its final newline and excluding
 * the blank line. At most {@value dev.sumdb4j.note.Note#MAX_NOTE_SIGNATURES} signature lines.
 *
 * <h2>Keys</h2>
 * <pre>
 * verifier key = name "+" 8hex(key ID) "+" base64( type || public key )
 * signer key   = "PRIVATE+KEY+" name "+" 8hex(key ID) "+" base64( type || seed )
 * key ID       = first 4 bytes, big-endian, of SHA-256( name || "\n" || type || public key )
 * </pre>
 * Type {@code 0x01} is Ed25519 ({@link dev.sumdb4j.note.VerifierKey},
 * {@link dev.sumdb4j.note.SignerKey}); type {@code 0x04} is a witness cosignature
 * ({@link dev.sumdb4j.note.cosignature}).
 *
 * <h2>Worked example</h2>
 * The key {@code PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW} is named
 * {@code PeterNeumann}; its base64 decodes to {@code 0x01} (Ed25519) and the 32-byte public key
 * {@code 1a5cd907...d744d6}, and {@code SHA-256("PeterNeumann\n" || 0x01 || key)} starts with
 * {@code c74f20a3}. Its signed note is:
 * <pre>
 * If you think cryptography is the answer to your problem,
 * then you don't know what your problem is.
 *
 * \u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=
 * </pre>
 * The signature field decodes to 68 bytes: {@code c7 4f 20 a3} (the key ID) and the 64-byte
 * Ed25519 signature of the two text lines (with their newlines). Opening it:
 * <pre>{@code
 * VerifierKey peter = VerifierKey.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
 * Note note = Note.open(message, Verifiers.of(peter));
 * note.text();        // "If you think cryptography is the answer to your problem,\n..."
 * note.signatures();  // [NoteSignature[name=PeterNeumann, keyId=c74f20a3, base64=x08go/...]]
 * }</pre>
 *
 * <h2>Opening rules (as Go's note.Open)</h2>
 * Signatures by unknown keys are kept as unverified (an exact duplicate line once); a bad
 * signature by a known key rejects the note ({@link dev.sumdb4j.note.InvalidSignatureException});
 * a second signature by an already verified key is skipped; no verified signature rejects the
 * note ({@link dev.sumdb4j.note.UnverifiedNoteException}, carrying the parsed note); any malformed
 * line, even by an unknown key, rejects the whole note. Unlike Go's single "malformed note", each
 * {@link dev.sumdb4j.MalformedInputException} names the line and byte offset.
 *
 * <h2>Deliberate differences from x/mod</h2>
 * Base64 must be canonical (Go also accepts non-zero unused bits) and key texts may not contain
 * newlines (Go's decoder skips them); Ed25519 public keys must be canonical point encodings of
 * large order (Go accepts any 32 bytes, and small-order keys would verify forged signatures).
 */
package dev.sumdb4j.note;
