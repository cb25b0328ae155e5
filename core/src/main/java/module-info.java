/**
 * sumdb4j core: the formats of the Go checksum database that need no network (signed notes and
 * their keys, cosignatures, module paths and versions, go.sum files, dirhash, module zips, the
 * module cache) and the failure taxonomy shared by every sumdb4j module.
 *
 * <p>Exports only the API packages. The shared strict codecs and file helpers
 * ({@code dev.sumdb4j.internal}) are exported to the other sumdb4j modules only; the key-text
 * parsing and Ed25519 bridge ({@code dev.sumdb4j.note.internal}) to no one.
 */
module dev.sumdb4j.core {
  // Ed25519 and SHA-512 (used only inside dev.sumdb4j.note.internal; no Bouncy Castle type is part of the API)
  requires org.bouncycastle.provider;

  exports dev.sumdb4j;
  exports dev.sumdb4j.dirhash;
  exports dev.sumdb4j.gosum;
  exports dev.sumdb4j.modcache;
  exports dev.sumdb4j.module;
  exports dev.sumdb4j.modzip;
  exports dev.sumdb4j.note;
  exports dev.sumdb4j.note.cosignature;

  // Codecs (strict base64, UTF-8, quoting, canonical decimals), RegularFiles (capped reads of regular
  // files), NewFiles (files written without following links): used by tlog and the command, not API.
  exports dev.sumdb4j.internal to dev.sumdb4j.tlog, dev.sumdb4j.cli;
}
