/**
 * The go command's rules for module zip files ({@code golang.org/x/mod/zip}): which zips it
 * accepts after a download, before it hashes and extracts them.
 */
package dev.sumdb4j.modzip;
