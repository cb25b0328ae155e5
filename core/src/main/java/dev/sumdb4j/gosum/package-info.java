/**
 * go.sum files: {@link dev.sumdb4j.gosum.GoSumFile} parses them by the go command's rules (and a
 * little stricter), keeping every {@link dev.sumdb4j.gosum.GoSumLine} with its line number.
 *
 * <p>Format: one {@code <module path> <version>[/go.mod] <hash>} per line, e.g.
 * <pre>{@code
 * rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
 * rsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=
 * }</pre>
 * The plain version carries the {@code h1} hash of the module zip, the {@code /go.mod} version the
 * hash of the go.mod file alone (see {@link dev.sumdb4j.dirhash.DirHash}).
 */
package dev.sumdb4j.gosum;
