/**
 * The {@code h1:} hashes of go.sum: {@link dev.sumdb4j.dirhash.DirHash} over module zips,
 * directories and go.mod files ({@code golang.org/x/mod/sumdb/dirhash}).
 */
package dev.sumdb4j.dirhash;
