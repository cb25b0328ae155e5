/**
 * Stand-in for core's module descriptor (branch sealtlog), only so that tlog's module-info.java
 * compiles on this branch. Issue 14's core work (branch sealcore) writes the real one: when merging,
 * keep that one and drop this file.
 */
module dev.sumdb4j.core {
  requires org.bouncycastle.provider;

  exports dev.sumdb4j;
  exports dev.sumdb4j.dirhash;
  exports dev.sumdb4j.gosum;
  exports dev.sumdb4j.modcache;
  exports dev.sumdb4j.module;
  exports dev.sumdb4j.modzip;
  exports dev.sumdb4j.note;
  exports dev.sumdb4j.note.cosignature;
  exports dev.sumdb4j.internal to dev.sumdb4j.tlog;
}
