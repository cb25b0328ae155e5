/**
 * Remote access to a checksum database over HTTP: {@code /lookup}, {@code /tile} and
 * {@code /latest}, returning unauthenticated bytes to callers that authenticate them.
 */
package dev.sumdb4j.tlog.http;
