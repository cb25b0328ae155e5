package dev.sumdb4j.tlog.client;

/**
 * Makes {@link VerifiedLookup}s out of thin air, for tests of stores only: production code gets
 * them from a {@link SumdbClient} alone.
 */
public final class VerifiedLookups {
  private VerifiedLookups() {}

  /** A "verified" lookup of {@code key} with {@code body}, unchecked. */
  public static VerifiedLookup unchecked(String key, byte[] body) {
    return new VerifiedLookup(key, body, SignedTree.empty());
  }
}
