/** Shared strict codecs. Not API: anything here may change without notice. */
package dev.sumdb4j.internal;
