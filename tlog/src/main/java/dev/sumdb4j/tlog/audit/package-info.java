/**
 * Whole-log audit: a verified, resumable mirror of a checksum database and its offline check.
 *
 * <ul>
 *   <li>{@link dev.sumdb4j.tlog.audit.Mirror} downloads every hash tile and data tile of the newest
 *       signed tree into a {@link dev.sumdb4j.tlog.audit.MirrorDir} (a static tile layout: {@code
 *       latest}, {@code tile/8/<L>/...}, {@code tile/8/data/...}), authenticating each tile before
 *       writing it atomically, and proving that the new tree contains the mirror's previous one.
 *   <li>{@link dev.sumdb4j.tlog.audit.MirrorVerifier} checks a mirror offline: strict data tiles,
 *       record hashes, every tile level, the signed tree hash, and module versions logged twice,
 *       locating each problem by file, record id and byte offset; it resumes after a crash and its
 *       memory does not grow with the log (the duplicate index is on disk).
 *   <li>{@link dev.sumdb4j.tlog.audit.MirrorCompare} compares logged hashes with go.sum files and
 *       a module cache.
 * </ul>
 *
 * <p>For example, a log of 70,000 records is mirrored as {@code tile/8/0/000} to {@code
 * tile/8/0/272} (full), {@code tile/8/0/273.p/112}, {@code tile/8/1/000}, {@code
 * tile/8/1/001.p/17}, {@code tile/8/2/000.p/1}, and {@code tile/8/data/000} to {@code
 * tile/8/data/273.p/112}: 70,000 = 273 * 256 + 112 records, 273 = 256 + 17 full level-0 tiles, one
 * full level-1 tile.
 *
 * <p>Speed: {@code MirrorVerifier} hashes each record and tree node through the JDK's SHA-256
 * block function directly when {@code java.base} opens {@code sun.security.provider} to it, about
 * 15 % faster over a whole run than through {@code MessageDigest}, which it uses otherwise with the
 * same results. The {@code sumdb4j} jar opens it in its manifest; an application embedding this
 * package can pass {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED} to {@code java}
 * (on the module path: {@code =dev.sumdb4j.tlog}).
 */
package dev.sumdb4j.tlog.audit;
