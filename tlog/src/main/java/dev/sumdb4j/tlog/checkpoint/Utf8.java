package dev.sumdb4j.tlog.checkpoint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8 encoding of strings built by callers (unpaired surrogates are errors). */
final class Utf8 {
  private Utf8() {}

  /** Returns the UTF-8 bytes of {@code s}, or null if it holds an unpaired surrogate. */
  static byte[] encodeOrNull(String s) {
    try {
      ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      return Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
