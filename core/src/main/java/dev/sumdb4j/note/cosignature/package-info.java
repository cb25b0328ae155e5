/**
 * Witness cosignatures (<a href="https://c2sp.org/tlog-cosignature">C2SP tlog-cosignature</a>,
 * signature type {@code 0x04}) as one more note verifier and signer.
 *
 * <p>A cosignature line looks like any note signature line, {@code — <name> <base64>}; the bytes
 * after the 4-byte key ID are {@code timestamp (8 bytes, big-endian POSIX seconds) || Ed25519
 * signature}, and the signed message is
 * <pre>
 * cosignature/v1
 * time &lt;timestamp, decimal&gt;
 * &lt;the checkpoint text, every line&gt;
 * </pre>
 * The key ID is {@code SHA-256(name || "\n" || 0x04 || public key)[:4]}, and cosigner verifier
 * keys are written {@code <name>+<key ID>+<base64(0x04 || public key)>}.
 * {@code dev.sumdb4j.note.VerifierKey.parse} refuses such keys with a message pointing here.
 */
package dev.sumdb4j.note.cosignature;
