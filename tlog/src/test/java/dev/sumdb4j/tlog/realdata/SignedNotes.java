package dev.sumdb4j.tlog.realdata;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.RealData;

/** Opens the real signed notes with the sum.golang.org verifier key. */
final class SignedNotes {
  private static Verifiers sumdb;

  private SignedNotes() {}

  /** The verifiers holding only sum.golang.org's key. */
  static synchronized Verifiers sumdb() {
    if (sumdb == null) {
      try {
        sumdb = Verifiers.of(VerifierKey.parse(RealData.SUM_GOLANG_ORG_KEY));
      } catch (SumdbException e) {
        throw new AssertionError(e);
      }
    }
    return sumdb;
  }

  /**
   * Verifies {@code signedNote} with sum.golang.org's key and returns its text.
   *
   * @throws SumdbException if it is malformed or its signature does not verify
   */
  static byte[] openSumdb(String source, byte[] signedNote) throws SumdbException {
    return Note.open(source, signedNote, sumdb()).text().getBytes(UTF_8);
  }
}
