package dev.sumdb4j.gosum;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;

/**
 * One line of a go.sum file: {@code <path> <version>[/go.mod] <hash>}, with where it came from.
 *
 * <p>The fields are kept exactly as written: paths and versions are not escaped in go.sum and are
 * not validated here (see {@link dev.sumdb4j.module.ModulePaths} for that). The hash must be
 * {@code <algorithm>:<base64>} with a lower-case algorithm name and canonical padded base64; an
 * {@code h1} hash must decode to 32 bytes. Other algorithms are kept, as the go command keeps
 * them (it warns about them and never checks them).
 *
 * @param source the file the line came from (or another description of its origin)
 * @param line the 1-based line number in {@code source}, or 0 when not from a file
 * @param path the module path, e.g. {@code rsc.io/quote}
 * @param version the version as written, possibly ending in {@code /go.mod}
 * @param hash the hash, e.g. {@code h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=}
 */
public record GoSumLine(String source, int line, String path, String version, String hash) {
  /**
   * The hash of an empty go.mod file. An old go command bug wrote it into go.sum files for
   * non-module dependencies; the go command ignores lines carrying it.
   */
  public static final String EMPTY_GO_MOD_HASH = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

  private static final String GO_MOD_SUFFIX = "/go.mod";

  /**
   * Validates the fields.
   *
   * @param source the file the line came from (or another description of its origin)
   * @param line the 1-based line number in {@code source}, or 0 when not from a file
   * @param path the module path
   * @param version the version as written, possibly ending in {@code /go.mod}
   * @param hash the hash, {@code <algorithm>:<base64>}
   * @throws IllegalArgumentException for a null or empty field, a field containing white space, a
   *     negative line or a malformed hash (a programming error; parse untrusted text with {@link
   *     #parse})
   */
  public GoSumLine {
    if (source == null || path == null || version == null || hash == null) {
      throw new IllegalArgumentException("go.sum line fields must not be null");
    }
    if (line < 0) {
      throw new IllegalArgumentException("negative line number " + line);
    }
    for (String field : new String[] {path, version, hash}) {
      if (field.isEmpty() || field.chars().anyMatch(c -> GoSumFile.isGoSpace((char) c))) {
        throw new IllegalArgumentException("bad go.sum field " + Codecs.quote(field));
      }
    }
    String reason = hashReason(hash);
    if (reason != null) {
      throw new IllegalArgumentException("malformed hash " + Codecs.quote(hash) + ": " + reason);
    }
  }

  /**
   * Parses one go.sum line (without its newline) by the rules of {@link GoSumFile#parse}.
   *
   * @param source names the line's origin in errors
   * @param line the 1-based line number in {@code source}, or 0
   * @param text the line
   * @return the parsed line
   * @throws MalformedInputException when the line is blank or malformed
   */
  public static GoSumLine parse(String source, int line, String text) throws MalformedInputException {
    GoSumLine l = GoSumFile.parseLine(source, line, text);
    if (l == null) {
      throw new MalformedGoSumException(source, line, "blank line");
    }
    return l;
  }

  /** {@return whether this line is the hash of a go.mod file (its version ends in {@code /go.mod})} */
  public boolean isGoMod() {
    return version.endsWith(GO_MOD_SUFFIX);
  }

  /** {@return the version without its {@code /go.mod} suffix} */
  public String moduleVersion() {
    return isGoMod() ? version.substring(0, version.length() - GO_MOD_SUFFIX.length()) : version;
  }

  /** {@return the hash algorithm, the part of the hash before the first colon, e.g. {@code h1}} */
  public String algorithm() {
    return hash.substring(0, hash.indexOf(':'));
  }

  /**
   * Reports whether the go command ignores this line: it carries {@link #EMPTY_GO_MOD_HASH}, which
   * the go command drops when reading go.sum (its fix for an old bug).
   *
   * @return true when the go command ignores the line
   */
  public boolean isIgnoredByGoCommand() {
    return hash.equals(EMPTY_GO_MOD_HASH);
  }

  /** {@return the line as the go command writes it: {@code path version hash} (no newline)} */
  public String text() {
    return path + " " + version + " " + hash;
  }

  /** Why {@code hash} is not {@code <alg>:<base64>} (32 bytes for h1), or null when it is. */
  static String hashReason(String hash) {
    int colon = hash.indexOf(':');
    if (colon < 0) {
      return "missing algorithm prefix (want h1:<base64>)";
    }
    if (colon == 0) {
      return "empty algorithm name";
    }
    for (int i = 0; i < colon; i++) {
      char c = hash.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return "algorithm name must be lower-case letters and digits";
      }
    }
    String b64 = hash.substring(colon + 1);
    byte[] sum = b64.isEmpty() ? null : Codecs.decodeBase64OrNull(b64);
    if (sum == null || sum.length == 0) {
      return "hash is not canonical padded base64";
    }
    if (colon == 2 && hash.startsWith("h1") && sum.length != 32) {
      return "h1 hash has " + sum.length + " bytes, want 32";
    }
    return null;
  }
}
