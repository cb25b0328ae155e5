/**
 * The entry point for embedders: {@link dev.sumdb4j.sumdb.Sumdb}, one Go checksum database set up
 * as the go command would use it, with {@code verify(goSum)}, {@code lookup(path, version)} and
 * {@code latest()}.
 *
 * <pre>{@code
 * Sumdb sumdb = Sumdb.fromEnvironment();
 * GoSumReport report = sumdb.verify(Path.of("go.sum"));
 * System.out.println(report.summary());
 * }</pre>
 *
 * <p>Failures are typed once, by kind ({@link dev.sumdb4j.FailureKind}; see package {@link
 * dev.sumdb4j}): malformed input, a misbehaving server, damaged local state, unavailable data.
 *
 * <h2>From golang.org/x/mod to sumdb4j</h2>
 *
 * <table>
 *   <caption>Go names and their Java counterparts</caption>
 *   <tr><th>Go (golang.org/x/mod)</th><th>sumdb4j</th></tr>
 *   <tr><td>{@code sumdb.NewClient(ops)}</td><td>{@link dev.sumdb4j.sumdb.Sumdb#builder()},
 *       {@link dev.sumdb4j.tlog.client.SumdbClient#builder()}</td></tr>
 *   <tr><td>{@code sumdb.Client.Lookup}</td><td>{@link dev.sumdb4j.sumdb.Sumdb#lookup},
 *       {@link dev.sumdb4j.tlog.client.SumdbClient#lookup}</td></tr>
 *   <tr><td>{@code sumdb.ClientOps} (ReadRemote, ReadCache/WriteCache, ReadConfig/WriteConfig)</td>
 *       <td>{@link dev.sumdb4j.tlog.http.Remote}, {@link dev.sumdb4j.tlog.cache.SumdbStore}
 *       ({@link dev.sumdb4j.tlog.cache.DiskStore} is the go command's layout)</td></tr>
 *   <tr><td>{@code cmd/go}'s {@code checkGoSum} / {@code go mod verify}</td>
 *       <td>{@link dev.sumdb4j.sumdb.Sumdb#verify},
 *       {@link dev.sumdb4j.tlog.verify.GoSumVerifier}</td></tr>
 *   <tr><td>{@code note.Open}</td><td>{@link dev.sumdb4j.note.Note#open}</td></tr>
 *   <tr><td>{@code note.Sign}</td><td>{@link dev.sumdb4j.note.Note#sign}</td></tr>
 *   <tr><td>{@code note.NewVerifier}, {@code note.VerifierList}</td>
 *       <td>{@link dev.sumdb4j.note.VerifierKey#parse}, {@link dev.sumdb4j.note.Verifiers#of}</td></tr>
 *   <tr><td>{@code note.NewSigner}</td><td>{@link dev.sumdb4j.note.SignerKey#parse}</td></tr>
 *   <tr><td>{@code tlog.ParseTree}, {@code tlog.FormatTree}</td>
 *       <td>{@link dev.sumdb4j.tlog.checkpoint.Checkpoint#parse},
 *       {@link dev.sumdb4j.tlog.checkpoint.Checkpoint#format}; signed:
 *       {@link dev.sumdb4j.tlog.client.SignedTree#open}</td></tr>
 *   <tr><td>{@code tlog.ParseRecord}, {@code tlog.FormatRecord}</td>
 *       <td>{@link dev.sumdb4j.tlog.checkpoint.LookupResponse#parse},
 *       {@link dev.sumdb4j.tlog.checkpoint.LookupResponse#format}</td></tr>
 *   <tr><td>{@code tlog.Hash}, {@code tlog.ParseHash}, {@code tlog.RecordHash}, {@code tlog.NodeHash}</td>
 *       <td>{@link dev.sumdb4j.tlog.Hash}, {@link dev.sumdb4j.tlog.Hash#parse},
 *       {@link dev.sumdb4j.tlog.Hash#ofRecord}, {@link dev.sumdb4j.tlog.Hash#ofNode}</td></tr>
 *   <tr><td>{@code tlog.Tree}, {@code tlog.TreeHash}</td>
 *       <td>{@link dev.sumdb4j.tlog.Tree}, {@link dev.sumdb4j.tlog.TreeHash#of}</td></tr>
 *   <tr><td>{@code tlog.ProveRecord}, {@code tlog.CheckRecord}</td>
 *       <td>{@link dev.sumdb4j.tlog.RecordProof#prove}, {@link dev.sumdb4j.tlog.RecordProof#check}</td></tr>
 *   <tr><td>{@code tlog.ProveTree}, {@code tlog.CheckTree}</td>
 *       <td>{@link dev.sumdb4j.tlog.TreeProof#prove}, {@link dev.sumdb4j.tlog.TreeProof#check}</td></tr>
 *   <tr><td>{@code tlog.StoredHashIndex}</td><td>{@link dev.sumdb4j.tlog.StoredHashes#index}</td></tr>
 *   <tr><td>{@code tlog.HashReader}</td><td>{@link dev.sumdb4j.tlog.HashReader}</td></tr>
 *   <tr><td>{@code tlog.Tile}, {@code tlog.ParseTilePath}, {@code Tile.Path}</td>
 *       <td>{@link dev.sumdb4j.tlog.tile.Tile}, {@link dev.sumdb4j.tlog.tile.Tile#parsePath},
 *       {@link dev.sumdb4j.tlog.tile.Tile#path}</td></tr>
 *   <tr><td>{@code tlog.TileForIndex}, {@code tlog.HashFromTile}, {@code tlog.NewTiles},
 *       {@code tlog.ReadTileData}</td>
 *       <td>{@link dev.sumdb4j.tlog.tile.Tile#forIndex}, {@link dev.sumdb4j.tlog.tile.Tile#hashFromTile},
 *       {@link dev.sumdb4j.tlog.tile.Tiles#newTiles}, {@link dev.sumdb4j.tlog.tile.Tiles#readTileData}</td></tr>
 *   <tr><td>{@code tlog.TileReader}, {@code tlog.TileHashReader}</td>
 *       <td>{@link dev.sumdb4j.tlog.tile.TileReader}, {@link dev.sumdb4j.tlog.tile.TileHashReader}
 *       (authenticated tiles: {@link dev.sumdb4j.tlog.tile.VerifiedTile})</td></tr>
 *   <tr><td>{@code module.Check}, {@code module.EscapePath}, {@code module.EscapeVersion}</td>
 *       <td>{@link dev.sumdb4j.module.ModuleVersion#of}, {@link dev.sumdb4j.module.ModulePaths#escapePath},
 *       {@link dev.sumdb4j.module.ModulePaths#escapeVersion}</td></tr>
 *   <tr><td>{@code dirhash.HashDir}, {@code dirhash.HashZip}, {@code dirhash.Hash1}</td>
 *       <td>{@link dev.sumdb4j.dirhash.DirHash#hashDir}, {@link dev.sumdb4j.dirhash.DirHash#hashZip},
 *       {@link dev.sumdb4j.dirhash.DirHash#hash1}</td></tr>
 *   <tr><td>errors: {@code note.UnverifiedNoteError}, {@code note.InvalidSignatureError},
 *       "downloaded inconsistent tile", {@code ErrSecurity} / "SECURITY ERROR"</td>
 *       <td>{@link dev.sumdb4j.note.UnverifiedNoteException},
 *       {@link dev.sumdb4j.note.InvalidSignatureException},
 *       {@link dev.sumdb4j.tlog.tile.InconsistentTileException},
 *       {@link dev.sumdb4j.tlog.client.LogMisbehaviorException}</td></tr>
 * </table>
 */
package dev.sumdb4j.sumdb;
