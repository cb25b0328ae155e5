/**
 * The transparency-log client of sumdb4j: Merkle math, tiles, checkpoints, proofs, the HTTP
 * transport, the verified cache, the checksum-database client and the jobs built on it.
 *
 * <p>Start at {@link dev.sumdb4j.sumdb.Sumdb} (package {@code dev.sumdb4j.sumdb}): one checksum
 * database set up as the go command would use it, with {@code verify}, {@code lookup} and {@code
 * latest}. The other packages are the layers under it, for embedders that need one of them alone.
 *
 * <h2>What is API</h2>
 *
 * <p>Every package this module exports is library API: its public types are documented and kept
 * compatible. Classes that are not public are implementation and stay hidden whatever the module
 * path. The jobs of the {@code sumdb4j} command are API too, not private parts of the command,
 * because each is useful to a Java service on its own and returns typed results the command only
 * renders:
 *
 * <ul>
 *   <li>{@code dev.sumdb4j.tlog.proxyaudit}: auditing a Go module proxy against the database, for a
 *       service that audits its own repository's storage (issue 13 asks for exactly that);
 *   <li>{@code dev.sumdb4j.tlog.bundle}: proof bundles, a file format people exchange and re-check
 *       offline (a build plugin checks a bundle against a go.sum with no network);
 *   <li>{@code dev.sumdb4j.tlog.watch}: watching the log stay append-only, with witness policies
 *       and fork evidence, for a monitoring service that runs it periodically;
 *   <li>{@code dev.sumdb4j.tlog.audit}: a verified mirror of the whole log and its offline check,
 *       for a repository manager that keeps its own copy of the log.
 * </ul>
 *
 * <p>Progress display, exit codes and text or JSON rendering stay in the command ({@code
 * sumdb4j-cli}), which uses only these exported packages. Core's {@code dev.sumdb4j.internal}
 * (shared codecs and file helpers) is exported by core to this module and the command only; this
 * module passes none of it on.
 *
 * <h2>Running on the module path</h2>
 *
 * <p>{@link dev.sumdb4j.tlog.audit.MirrorVerifier} hashes faster when {@code java.base} opens
 * {@code sun.security.provider} to it: pass {@code --add-opens
 * java.base/sun.security.provider=dev.sumdb4j.tlog} (on the class path: {@code =ALL-UNNAMED}). Without
 * it the results are the same, through {@link java.security.MessageDigest}.
 */
@SuppressWarnings("requires-automatic") // Apache HttpClient 5 ships automatic modules only
module dev.sumdb4j.tlog {
  // Core's types (notes, keys, module versions, the failure taxonomy) appear in this module's API.
  requires transitive dev.sumdb4j.core;

  // The HTTP transport (package dev.sumdb4j.tlog.http): Apache HttpClient 5 classic by default
  // (chosen by measurement, see tlog/pom.xml), the JDK's HttpClient as the alternative; the
  // HttpClient types appear in the transport's builders, hence transitive. Apache's jars are
  // automatic modules (Automatic-Module-Name in their manifests).
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires transitive java.net.http;

  // JSON of fork evidence, proof bundles, watch history and proxy-audit state: the tree model
  // only (no data binding), so no package is opened to Jackson.
  requires com.fasterxml.jackson.databind;

  // The API: every package (see the module's documentation for why the jobs are API too).
  exports dev.sumdb4j.sumdb;
  exports dev.sumdb4j.tlog;
  exports dev.sumdb4j.tlog.tile;
  exports dev.sumdb4j.tlog.checkpoint;
  exports dev.sumdb4j.tlog.proof;
  exports dev.sumdb4j.tlog.cache;
  exports dev.sumdb4j.tlog.http;
  exports dev.sumdb4j.tlog.config;
  exports dev.sumdb4j.tlog.client;
  exports dev.sumdb4j.tlog.verify;
  exports dev.sumdb4j.tlog.bundle;
  exports dev.sumdb4j.tlog.watch;
  exports dev.sumdb4j.tlog.audit;
  exports dev.sumdb4j.tlog.proxyaudit;
}
