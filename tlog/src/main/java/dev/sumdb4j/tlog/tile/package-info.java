/**
 * Tiles: how a log publishes its stored hashes as static files, and the client-side reader that
 * authenticates them against a signed tree.
 *
 * <h2>Tiles</h2>
 *
 * <p>A tile of height H at level L and index N holds W (1 to 2^H) consecutive hashes at tree
 * level H·L, starting at node N·2^H; 32 bytes each, concatenated. A data tile (level -1) holds the
 * record texts of the leaves of level-0 tile N. Width 2^H is a full tile; a partial tile is a
 * prefix of the future full tile.
 *
 * <h2>Paths</h2>
 *
 * <pre>{@code
 * tile/<H>/<L>/<NNN>[.p/<W>]      L is "data" for level -1
 * }</pre>
 *
 * N is written in groups of three digits, all but the last prefixed with {@code x}; {@code .p/W}
 * marks a partial tile. Examples (H=3, L=4, N=1234067): width 1 is {@code
 * tile/3/4/x001/x234/067.p/1}, width 8 (full) is {@code tile/3/4/x001/x234/067}; {@code
 * tile/8/data/000.p/3} is the first three records of a height-8 log. {@link
 * dev.sumdb4j.tlog.tile.Tile#parsePath} accepts exactly the canonical form ({@code tile/8/0/1},
 * {@code tile/08/0/000}, {@code tile/8/0/000.p/256} are rejected).
 *
 * <h2>Authentication</h2>
 *
 * <p>A {@link dev.sumdb4j.tlog.tile.TileHashReader} for a signed tree reads the tiles holding the
 * tree's complete subtrees and checks they hash to the signed tree hash, then checks every other
 * tile against the entry its parent tile holds for it, and only then offers the tiles to {@link
 * dev.sumdb4j.tlog.tile.TileReader#saveTiles} as {@link dev.sumdb4j.tlog.tile.VerifiedTile}s, a type
 * only it creates (so a cache cannot be handed unverified tiles). A mismatch is an {@link
 * dev.sumdb4j.tlog.tile.InconsistentTileException}. golang.org/x/mod before v0.40.0 skipped some
 * child tiles (CVE-2026-56865); this package does not.
 *
 * @see <a href="https://research.swtch.com/tlog#tiling_a_log">Tiling a log</a>
 * @see <a href="https://c2sp.org/tlog-tiles">C2SP tlog-tiles</a>
 */
package dev.sumdb4j.tlog.tile;
