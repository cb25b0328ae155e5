package dev.sumdb4j.internal;

import dev.sumdb4j.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hash1 summary of {@code golang.org/x/mod/sumdb/dirhash} (the engine behind {@code
 * dev.sumdb4j.dirhash.DirHash}): names sorted by UTF-8 bytes, one line per file of the lower-case
 * hex SHA-256 of its content, two spaces, the name and a newline; {@code h1:} + base64 of the
 * SHA-256 of the lines. Shared by {@code DirHash} and {@code ModuleZip}, which hash a zip they
 * have already opened.
 */
public final class Hash1 {
  private static final String NEWLINE_ERROR = "dirhash: filenames with newlines are not supported";
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest summary = sha256();
  private final MessageDigest file = sha256();
  private byte[] buf;
  private final byte[] hexLine = new byte[64 + 2];

  /** An empty summary. */
  public Hash1() {}

  /**
   * Sorts {@code names} by UTF-8 bytes (= code point order), after rejecting newlines and lone
   * surrogates, as Go's Hash1 does.
   *
   * @param names the file names
   * @return a sorted copy
   * @throws MalformedInputException if a name has a newline or a lone surrogate
   */
  public static List<String> sortedChecked(List<String> names) throws MalformedInputException {
    List<String> sorted = new ArrayList<>(names);
    for (String name : sorted) {
      if (name.indexOf('\n') >= 0) {
        throw new MalformedInputException("", -1, NEWLINE_ERROR);
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
            i++;
          } else {
            throw new MalformedInputException("", -1, "dirhash: file name " + Codecs.quote(name) + " is not valid Unicode");
          }
        }
      }
    }
    sorted.sort(Hash1::compareUtf8);
    return sorted;
  }

  /**
   * Compares as Go compares strings: by UTF-8 bytes, i.e. by code points (not UTF-16 units).
   *
   * @param a a string
   * @param b another
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Hashes the content read from {@code in} as file {@code name}.
   *
   * @param name the file name
   * @param in its content
   * @param budget the most bytes to read
   * @return its length, or -1 past {@code budget} (the file is then left out of the summary)
   * @throws IOException if reading fails
   */
  public long addFile(String name, InputStream in, long budget) throws IOException {
    if (buf == null) {
      buf = new byte[64 * 1024];
    }
    file.reset();
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > budget) {
        return -1;
      }
      file.update(buf, 0, n);
    }
    addLine(name);
    return total;
  }

  /**
   * Hashes {@code content} as file {@code name}.
   *
   * @param name the file name
   * @param content its content
   */
  public void addFile(String name, byte[] content) {
    file.reset();
    file.update(content);
    addLine(name);
  }

  private void addLine(String name) {
    byte[] d = file.digest();
    for (int i = 0; i < d.length; i++) {
      hexLine[2 * i] = HEX[(d[i] >> 4) & 0xf];
      hexLine[2 * i + 1] = HEX[d[i] & 0xf];
    }
    hexLine[64] = ' ';
    hexLine[65] = ' ';
    summary.update(hexLine);
    summary.update(name.getBytes(StandardCharsets.UTF_8));
    summary.update((byte) '\n');
  }

  /** {@return the hash, {@code h1:} and base64} */
  public String result() {
    return "h1:" + Codecs.base64(summary.digest());
  }

  /**
   * Go's {@code HashZip} of an opened zip: Hash1 over the entry names and their contents, a name
   * listed twice hashing the last entry's content on both lines; a directory entry (name ending
   * in {@code /}) must be empty; every content is checked by {@link ZipArchive#content}.
   *
   * @param zip the zip
   * @param source the zip's name, for messages
   * @param maxContentBytes the most content bytes to read in all
   * @return the hash
   * @throws MalformedInputException if an entry's content is malformed, a name has a newline, or
   *     the content exceeds {@code maxContentBytes}
   * @throws IOException if the zip cannot be read
   */
  public static String hashZip(ZipArchive zip, String source, long maxContentBytes)
      throws IOException, MalformedInputException {
    int n = zip.size();
    List<String> names = new ArrayList<>(n);
    Map<String, Integer> last = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String name = zip.name(i);
      names.add(name);
      last.put(name, i);
    }
    List<String> sorted = sortedChecked(names);
    Hash1 h = new Hash1();
    MessageDigest file = h.file;
    long budget = maxContentBytes;
    for (String name : sorted) {
      // the digest is empty: new, or reset by the digest() of the line before
      long got = zip.content(last.get(name), budget, file::update);
      if (got < 0) {
        throw new MalformedInputException(source, -1,
            "zip content larger than " + maxContentBytes + " bytes (zip bomb?)");
      }
      budget -= got;
      if (got != 0 && name.endsWith("/")) {
        // Go 1.19 hashed such content; newer Go refuses it (zip.ErrFormat), and so do we.
        throw new MalformedInputException(source, -1, "zip directory entry " + Codecs.quote(name) + " has content");
      }
      h.addLine(name);
    }
    return h.result();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("bad math: every Java platform has SHA-256", e);
    }
  }
}
