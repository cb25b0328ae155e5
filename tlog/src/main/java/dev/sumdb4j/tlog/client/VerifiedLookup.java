package dev.sumdb4j.tlog.client;

import java.util.Objects;

/**
 * A {@code /lookup} response body whose record the {@link SumdbClient} has authenticated (its
 * note verified, the record proved in a signed tree, and about the module version it is filed
 * under): only the client creates these, and only after the check, so a cache that accepts only
 * {@code VerifiedLookup}s (such as {@code SumdbStore.writeLookup}) cannot be handed unverified data.
 */
public final class VerifiedLookup {
  private final String key;
  private final byte[] body;
  private final SignedTree tree;

  /** Created by the client once {@code body}, looked up as {@code key}, authenticated in {@code tree}. */
  VerifiedLookup(String key, byte[] body, SignedTree tree) {
    this.key = Objects.requireNonNull(key, "key");
    this.body = body.clone();
    this.tree = Objects.requireNonNull(tree, "tree");
  }

  /** {@return the lookup key: {@code <escaped path>@<escaped version>}} */
  public String key() {
    return key;
  }

  /** {@return the response body as the server sent it (a copy): the record and the signed tree note} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the signed tree the record was proved in} */
  public SignedTree tree() {
    return tree;
  }

  @Override
  public String toString() {
    return "VerifiedLookup{" + key + " in tree " + tree.size() + "}";
  }
}
