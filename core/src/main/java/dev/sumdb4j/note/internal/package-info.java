/**
 * Shared pieces of the note and cosignature packages: key-text parsing and the Ed25519 bridge to
 * Bouncy Castle. Not API: anything here may change without notice.
 */
package dev.sumdb4j.note.internal;
