package dev.sumdb4j.note.cosignature;

import java.nio.charset.StandardCharsets;

/** The bytes a C2SP cosignature/v1 signs, and the timestamped signature layout. */
final class CosignatureMessage {
  /** Bytes in a timestamped Ed25519 cosignature: 8-byte timestamp, 64-byte signature. */
  static final int SIZE = 8 + 64;

  private CosignatureMessage() {}

  /** {@code "cosignature/v1\ntime <timestamp>\n" || checkpoint}. */
  static byte[] signed(long timestamp, byte[] checkpoint) {
    byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[header.length + checkpoint.length];
    System.arraycopy(header, 0, m, 0, header.length);
    System.arraycopy(checkpoint, 0, m, header.length, checkpoint.length);
    return m;
  }

  /** Reads the big-endian timestamp from the first 8 bytes of {@code sig}. */
  static long timestamp(byte[] sig) {
    long t = 0;
    for (int i = 0; i < 8; i++) {
      t = (t << 8) | (sig[i] & 0xff);
    }
    return t;
  }

  /** Writes {@code t} big-endian into the first 8 bytes of {@code sig}. */
  static void putTimestamp(byte[] sig, long t) {
    for (int i = 7; i >= 0; i--) {
      sig[i] = (byte) t;
      t >>>= 8;
    }
  }
}
