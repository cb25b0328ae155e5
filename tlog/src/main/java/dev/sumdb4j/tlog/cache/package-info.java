/**
 * Local storage of authenticated checksum-database data, in the go command's own layout so the
 * two share a cache.
 */
package dev.sumdb4j.tlog.cache;
