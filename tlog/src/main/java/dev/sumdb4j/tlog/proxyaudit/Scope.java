package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.module.ModuleVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which module versions an audit covers: from go.sum files, a list file, or a proxy's listings; and shards of them. */
public final class Scope {
  private Scope() {}

  /**
   * The distinct module versions of the go.sum lines the go command uses (module and go.mod lines alike), in order.
   *
   * @param files the go.sum files
   * @return the module versions, each once
   * @throws MalformedInputException naming the line of an invalid module version
   */
  public static List<ModuleVersion> fromGoSums(List<GoSumFile> files) throws MalformedInputException {
    Set<ModuleVersion> out = new LinkedHashSet<>();
    for (GoSumFile f : files) {
      for (GoSumLine l : f.lines()) {
        if (l.isIgnoredByGoCommand()) {
          continue;
        }
        try {
          out.add(ModuleVersion.of(l.path(), l.moduleVersion()));
        } catch (MalformedInputException e) {
          throw new MalformedInputException(l.source(), l.line(), -1, e.reason());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Parses a list of {@code path@version} lines (blank lines and lines starting with {@code #}
   * ignored; duplicates kept once).
   *
   * @param source the list's name in messages
   * @param content the list's bytes, UTF-8
   * @return the module versions, each once, in order
   * @throws MalformedInputException naming the line of an invalid module version
   */
  public static List<ModuleVersion> parseList(String source, byte[] content) throws MalformedInputException {
    String text = new String(content, StandardCharsets.UTF_8);
    Set<ModuleVersion> out = new LinkedHashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      try {
        out.add(ModuleVersion.parse(l));
      } catch (MalformedInputException e) {
        throw new MalformedInputException(source, i + 1, -1, e.reason());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The module versions of shard {@code k} of {@code n} (1 ≤ k ≤ n): those whose SHA-256 of {@code
   * path@version}, read as a big-endian unsigned 64-bit number, is {@code k-1} modulo {@code n}. The
   * split depends only on the module version, so every machine computes the same shards, and a
   * version stays in its shard from run to run.
   *
   * @param scope the module versions to split
   * @param k the shard, from 1 to {@code n}
   * @param n the number of shards, at least 1
   * @return the module versions of shard {@code k}, in {@code scope}'s order
   */
  public static List<ModuleVersion> shard(List<ModuleVersion> scope, int k, int n) {
    if (n < 1 || k < 1 || k > n) {
      throw new IllegalArgumentException("shard " + k + "/" + n + ": want 1 <= K <= N");
    }
    List<ModuleVersion> out = new ArrayList<>();
    for (ModuleVersion mv : scope) {
      if (shardOf(mv, n) == k - 1) {
        out.add(mv);
      }
    }
    return out;
  }

  static int shardOf(ModuleVersion mv, int n) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("SHA-256").digest(mv.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("bad math: every Java platform has SHA-256", e);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(v, n);
  }
}
