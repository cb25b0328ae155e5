/**
 * The checksum-database client: {@link dev.sumdb4j.tlog.client.SumdbClient} looks up module
 * versions and returns only authenticated records, keeping one consistent history of the log's
 * signed trees.
 *
 * <p>How a batch of lookups ({@link dev.sumdb4j.tlog.client.SumdbClient#lookupAll}) is
 * authenticated:
 *
 * <ol>
 *   <li>All lookups are read at once (store first, then the remote; at most {@code
 *       maxConcurrentRequests} requests in flight; identical requests shared). Each signed note must
 *       verify with the configured key and be a tree note with origin {@code go.sum database tree}.
 *   <li>The stored latest note is read and verified, once for the whole call.
 *   <li>The newest of those trees, the trusted tree and the stored one is chosen; one read through
 *       {@link dev.sumdb4j.tlog.tile.TileHashReader} of that tree, which authenticates every tile,
 *       yields both the hash of every other tree's size (each must equal its note's hash, else
 *       {@link dev.sumdb4j.tlog.client.LogMisbehaviorException} with {@link
 *       dev.sumdb4j.tlog.client.Evidence}) and the leaf hash of every record (each must equal the
 *       hash of the record text).
 *   <li>Only then does the trusted tree advance (in memory, then in the store by compare-and-swap,
 *       merging what other processes wrote), and, last, are the tiles and lookup bodies the call
 *       authenticated cached.
 * </ol>
 *
 * <p>When tiles fail authentication, the client reads them again without its cache (a corrupt
 * cached file is then replaced), and if the server's tiles fail too, looks for another signed tree
 * they do authenticate that proves a conflict; only when no evidence can be built does it throw
 * {@link dev.sumdb4j.tlog.tile.InconsistentTileException}.
 *
 * <p>Inside, a read goes down through layers, each using only the one below: the client's face
 * ({@code SumdbClient}) calls one call's service ({@code LookupService}: outcomes, then the cache
 * written), which reads lookups ({@code LookupReader}) and asks the history ({@code History}: the
 * trusted tree, consistency, proofs) to authenticate, which reads hashes through authenticated tiles
 * ({@code AuthenticatedTiles}) from the tiles of one step ({@code TileSource}: store, then remote),
 * which reach the remote through bounded, shared requests ({@code RemoteReads}). Data missing or
 * damaged in the cache travels up as values; it becomes an exception only where this package hands
 * it to its caller.
 *
 * <p>Exceptions, by kind ({@link dev.sumdb4j.FailureKind}): {@link
 * dev.sumdb4j.tlog.client.LogMisbehaviorException} (the log lied, with evidence) and the other
 * {@link dev.sumdb4j.VerificationException}s (data failed authentication; {@link
 * dev.sumdb4j.MalformedResponseException}: the server's data is malformed); {@link
 * dev.sumdb4j.MalformedInputException} (the caller's module path or version); {@link
 * dev.sumdb4j.tlog.client.CorruptCacheException} and {@link
 * dev.sumdb4j.tlog.client.DamagedStateException} ({@link dev.sumdb4j.LocalStateException}s, naming
 * the files: offline, a cached file failed authentication; the stored latest note does not
 * verify); {@link dev.sumdb4j.tlog.http.NotFoundException}
 * (not in the database), {@link dev.sumdb4j.tlog.client.MissingDataException} (offline, not
 * cached) and other {@link java.io.IOException}s (transport).
 */
package dev.sumdb4j.tlog.client;
