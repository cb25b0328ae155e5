/**
 * Merkle-tree math for transparency logs (RFC 6962, as golang.org/x/mod/sumdb/tlog): record and
 * node hashes, the stored-hash layout, tree hashes, and inclusion ({@link
 * dev.sumdb4j.tlog.RecordProof}) and consistency ({@link dev.sumdb4j.tlog.TreeProof}) proofs. No
 * I/O: hashes come from a {@link dev.sumdb4j.tlog.HashReader}.
 *
 * <h2>Hashes</h2>
 *
 * <ul>
 *   <li>record (leaf) hash: {@code SHA-256(0x00 || record data)}; for the checksum database the
 *       data is the record text (its go.sum lines), without the id line;
 *   <li>node hash: {@code SHA-256(0x01 || left || right)};
 *   <li>empty tree: {@code SHA-256("")} = {@code 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=}
 *       (x/mod up to 2024 used 32 zero bytes; that is wrong);
 *   <li>tree of n &gt; 1 leaves: with k the largest power of two below n, {@code node(tree(first
 *       k leaves), tree(the rest))}.
 * </ul>
 *
 * <p>Worked example, checkable by hand with {@code sha256sum}: the record {@code "hello world"}
 * has hash {@code TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=}, and a tree of that one record
 * has the same hash.
 *
 * <h2>Stored hashes</h2>
 *
 * <p>A log stores every leaf hash and every completed interior node hash in one sequence, in the
 * order they become computable while appending (see {@link dev.sumdb4j.tlog.StoredHashes}). The
 * tree hash of any size is then the fold (right to left) of at most 63 stored subtree hashes.
 *
 * <h2>Proofs</h2>
 *
 * <p>Proofs list hashes from the deepest sibling up, as x/mod and RFC 6962 do. Checking first
 * validates the shape (index in range, exact proof length: "wrong proof size 3, want 4"), then
 * hashes; a failure is a {@link dev.sumdb4j.ProofException} with the computed and expected hashes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6962#section-2.1">RFC 6962 section 2.1</a>
 * @see <a href="https://research.swtch.com/tlog">Transparent Logs for Skeptical Clients</a>
 */
package dev.sumdb4j.tlog;
