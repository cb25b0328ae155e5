package dev.sumdb4j.cli;

import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Arranges a real go-command sumdb cache set from {@code realdata/gocache/<set>} as a GOPATH in a
 * temporary directory (copies, never links: tests may corrupt their copy), and derives go.sum
 * files from its cached lookups.
 */
final class GoCacheFixture {
  /** The database name of the real sets. */
  static final String NAME = "sum.golang.org";

  private GoCacheFixture() {}

  /** The names of every real cache set. */
  static List<String> sets() throws IOException {
    try (Stream<Path> s = Files.list(RealData.resolve("gocache"))) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Copies {@code set} into {@code gopath}'s layout; returns the GOPATH. */
  static Path arrange(String set, Path tmp) throws IOException {
    Path src = RealData.resolve("gocache/" + set);
    Path gopath = tmp.resolve("gopath");
    Path latest = gopath.resolve("pkg/sumdb/" + NAME + "/latest");
    Files.createDirectories(latest.getParent());
    Files.copy(src.resolve("latest"), latest);
    Path cache = cacheDir(gopath);
    for (String sub : List.of("lookup", "tile")) {
      Path from = src.resolve(sub);
      if (!Files.isDirectory(from)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(from)) {
        files.filter(Files::isRegularFile).forEach(f -> {
          Path to = cache.resolve(sub).resolve(from.relativize(f).toString());
          try {
            Files.createDirectories(to.getParent());
            Files.copy(f, to);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return gopath;
  }

  /** {@code $GOMODCACHE/cache/download/sumdb/<name>} for a GOPATH with the default GOMODCACHE. */
  static Path cacheDir(Path gopath) {
    return gopath.resolve("pkg/mod/cache/download/sumdb/" + NAME);
  }

  /** An environment with only GOPATH (and a private HOME and GOENV) set: the default database. */
  static Map<String, String> env(Path gopath) {
    Map<String, String> env = new HashMap<>();
    env.put("GOPATH", gopath.toString());
    env.put("HOME", gopath.resolveSibling("home").toString());
    env.put("GOENV", gopath.resolveSibling("no-goenv").toString());
    return env;
  }

  /** Every cached lookup file of a set. */
  static List<Path> lookups(Path gopath) throws IOException {
    Path dir = cacheDir(gopath).resolve("lookup");
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Every tile file of a set. */
  static List<Path> tiles(Path gopath) throws IOException {
    Path dir = cacheDir(gopath).resolve("tile");
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The go.sum lines of every cached lookup's record text, in file order. */
  static List<String> goSumLines(Path gopath) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path lookup : lookups(gopath)) {
      String body = Files.readString(lookup, StandardCharsets.UTF_8);
      String[] lines = body.split("\n", -1);
      for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
        out.add(lines[i]);
      }
    }
    return out;
  }
}
