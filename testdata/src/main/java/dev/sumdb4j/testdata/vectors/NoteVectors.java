package dev.sumdb4j.testdata.vectors;

import java.util.List;

/** The signed-note vectors ({@code vectors/note/}): keys, Sign outputs and Open verdicts. */
public final class NoteVectors {
  private NoteVectors() {}

  /** One Ed25519 key: seed and public key in hex, its key texts and its key hash (8 hex digits). */
  public record Key(String name, String seedHex, String publicKeyHex, String vkey, String skey, String keyHash) {}

  /** A key text Go rejects, with Go's error. */
  public record BadKey(String key, String goError) {}

  /** {@code note/keys.json}. */
  public record KeysFile(String desc, String source, List<Key> keys, List<BadKey> badVerifiers, List<BadKey> badSigners) {}

  /** A signature line: name, key hash (8 hex digits) and base64 field. */
  public record Sig(String name, String keyHash, String base64) {}

  /**
   * A Sign vector: a fresh note ({@code text}) or a note opened from {@code existingB64} with
   * {@code existingVerifiers}, signed by {@code signers} (skeys), giving {@code message}.
   */
  public record Sign(String name, String text, String existingB64, List<String> existingVerifiers,
      List<String> signers, String message) {}

  /** {@code note/sign.json}. */
  public record SignFile(String desc, String source, List<Sign> vectors) {}

  /**
   * An Open vector: the message (base64; {@code message} repeats it when it is UTF-8), the
   * verifiers (vkeys) and Go's verdict: {@code ok}, {@code malformed}, {@code invalid_signature},
   * {@code unverified} or {@code ambiguous}.
   */
  public record Open(String name, String messageB64, String message, List<String> verifiers, String want,
      String goError, String text, List<Sig> sigs, List<Sig> unverifiedSigs) {
    /** The message bytes. */
    public byte[] messageBytes() {
      return Vectors.base64(messageB64);
    }
  }

  /** {@code note/open.json}. */
  public record OpenFile(String desc, String source, List<Open> vectors) {}

  /** Loads {@code note/keys.json}. */
  public static KeysFile keys() {
    return Vectors.load("note/keys.json", KeysFile.class);
  }

  /** Loads {@code note/sign.json}. */
  public static SignFile sign() {
    return Vectors.load("note/sign.json", SignFile.class);
  }

  /** Loads {@code note/open.json}. */
  public static OpenFile open() {
    return Vectors.load("note/open.json", OpenFile.class);
  }
}
