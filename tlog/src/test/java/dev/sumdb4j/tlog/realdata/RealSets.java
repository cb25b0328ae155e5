package dev.sumdb4j.tlog.realdata;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.TileReader;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real sum.golang.org data of {@code realdata/}, read in place and memoised for the test JVM:
 * the go command cache sets ({@code gocache/<set>}), their tiles, and the signed checkpoints.
 */
final class RealSets {
  static final int HEIGHT = 8;

  private RealSets() {}

  /** One go command sumdb cache: {@code latest}, {@code lookup/**} and {@code tile/8/**}. */
  record CacheSet(String name, Path dir, Checkpoint latest, List<Path> lookups, Map<String, byte[]> tiles) {
    /** A reader over this set's tiles alone. */
    MapTileReader reader() {
      return new MapTileReader(tiles);
    }
  }

  /** A signed tree head of {@code checkpoints/<N>.note}. */
  record Signed(String file, Checkpoint checkpoint) {
    long size() {
      return checkpoint.size();
    }

    Hash hash() {
      return checkpoint.hash();
    }
  }

  private static List<CacheSet> sets;
  private static List<Signed> checkpoints;
  private static Map<String, byte[]> pooled;

  /** All cache sets, by name. */
  static synchronized List<CacheSet> sets() {
    if (sets == null) {
      List<CacheSet> out = new ArrayList<>();
      Path gocache = RealData.resolve("gocache");
      try (Stream<Path> s = Files.list(gocache)) {
        for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
          out.add(loadSet(dir));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sets = List.copyOf(out);
    }
    return sets;
  }

  private static CacheSet loadSet(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    Checkpoint latest = openCheckpoint(name + "/latest", Files.readAllBytes(dir.resolve("latest")));
    List<Path> lookups;
    try (Stream<Path> s = Files.walk(dir.resolve("lookup"))) {
      lookups = s.filter(Files::isRegularFile).sorted().toList();
    }
    Map<String, byte[]> tiles = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir.resolve("tile"))) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        tiles.put(rel, Files.readAllBytes(p));
      }
    }
    return new CacheSet(name, dir, latest, lookups, Map.copyOf(tiles));
  }

  /** The tiles of all sets together; fails if two sets hold different bytes at one path. */
  static synchronized Map<String, byte[]> pooledTiles() {
    if (pooled == null) {
      Map<String, byte[]> out = new HashMap<>();
      Map<String, String> from = new HashMap<>();
      for (CacheSet set : sets()) {
        for (Map.Entry<String, byte[]> e : set.tiles().entrySet()) {
          byte[] prev = out.putIfAbsent(e.getKey(), e.getValue());
          if (prev != null && !Arrays.equals(prev, e.getValue())) {
            throw new AssertionError("tile " + e.getKey() + " differs between " + from.get(e.getKey())
                + " and " + set.name());
          }
          from.putIfAbsent(e.getKey(), set.name());
        }
      }
      pooled = Map.copyOf(out);
    }
    return pooled;
  }

  /** Every {@code checkpoints/<N>.note} (not the cosigned variants), by increasing size. */
  static synchronized List<Signed> checkpoints() {
    if (checkpoints == null) {
      List<Signed> out = new ArrayList<>();
      try (Stream<Path> s = Files.list(RealData.resolve("checkpoints"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().matches("[0-9]+\\.note")).toList()) {
          String file = "checkpoints/" + p.getFileName();
          out.add(new Signed(file, openCheckpoint(file, Files.readAllBytes(p))));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.sort(Comparator.comparingLong(Signed::size));
      checkpoints = List.copyOf(out);
    }
    return checkpoints;
  }

  /** The checkpoint of {@code checkpoints/<size>.note}. */
  static Checkpoint checkpoint(long size) {
    for (Signed s : checkpoints()) {
      if (s.size() == size) {
        return s.checkpoint();
      }
    }
    throw new AssertionError("no checkpoints/" + size + ".note");
  }

  /** Opens a signed sum.golang.org tree note and parses its text as a checkpoint. */
  static Checkpoint openCheckpoint(String source, byte[] signedNote) {
    try {
      Checkpoint cp = Checkpoint.parse(source, SignedNotes.openSumdb(source, signedNote));
      if (!cp.origin().equals(Checkpoint.SUMDB_ORIGIN)) {
        throw new AssertionError(source + ": origin " + cp.origin());
      }
      return cp;
    } catch (SumdbException e) {
      throw new AssertionError(source + ": " + e.getMessage(), e);
    }
  }

  /** Reads a realdata file. */
  static byte[] read(String relative) {
    try {
      return Files.readAllBytes(RealData.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a file of one base64 hash per line. */
  static List<Hash> readHashes(String relative) throws SumdbException {
    List<Hash> out = new ArrayList<>();
    for (String line : new String(read(relative), UTF_8).split("\n")) {
      out.add(Hash.parse(line));
    }
    return out;
  }

  /** A tile that none of the loaded files can serve. */
  static final class MissingTileException extends IOException {
    MissingTileException(String path) {
      super("no cached tile for " + path);
    }
  }

  /** Whether {@code t} or one of its causes is a {@link MissingTileException}. */
  static boolean isMissingTile(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MissingTileException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@link TileReader} over tile files keyed by their cache path ({@code tile/8/L/NNN[.p/W]}).
   * A partial tile of width W is served from the file of that width or, failing that, from the
   * prefix of the narrowest wider file (the full tile included), as the go command does with a
   * cached full tile (reference §3.8). {@link #saveTiles} records nothing: these files are never
   * written.
   */
  static final class MapTileReader implements TileReader {
    private final Map<String, TreeMap<Integer, byte[]>> byFullPath = new HashMap<>();
    private final Map<String, byte[]> overrides = new HashMap<>();
    private long tilesRead;
    private long servedFromWider;

    MapTileReader(Map<String, byte[]> tiles) {
      for (Map.Entry<String, byte[]> e : tiles.entrySet()) {
        Tile t;
        try {
          t = Tile.parsePath(e.getKey());
        } catch (SumdbException ex) {
          throw new AssertionError("unexpected file in a tile cache: " + e.getKey(), ex);
        }
        byFullPath.computeIfAbsent(t.full().path(), k -> new TreeMap<>()).put(t.width(), e.getValue());
      }
    }

    /** Serves {@code data} for the tile at {@code path} instead of the files (exact path only). */
    MapTileReader override(String path, byte[] data) {
      overrides.put(path, data);
      return this;
    }

    /** How many tiles were read so far. */
    long tilesRead() {
      return tilesRead;
    }

    @Override
    public int height() {
      return HEIGHT;
    }

    @Override
    public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
      List<byte[]> out = new ArrayList<>(tiles.size());
      for (Tile t : tiles) {
        out.add(read(t));
      }
      tilesRead += tiles.size();
      return out;
    }

    /** How many tiles were served as a prefix of a wider cached tile. */
    long servedFromWider() {
      return servedFromWider;
    }

    /** The bytes served for {@code t}. */
    byte[] read(Tile t) throws MissingTileException {
      byte[] o = overrides.get(t.path());
      if (o != null) {
        return o.clone();
      }
      TreeMap<Integer, byte[]> widths = byFullPath.get(t.full().path());
      Map.Entry<Integer, byte[]> e = widths == null ? null : widths.ceilingEntry(t.width());
      if (e == null) {
        throw new MissingTileException(t.path());
      }
      byte[] data = e.getValue();
      if (e.getKey() != t.width()) {
        servedFromWider++;
      }
      int want = t.width() * Hash.SIZE;
      return data.length >= want ? Arrays.copyOf(data, want) : data.clone();
    }

    @Override
    public void saveTiles(List<VerifiedTile> tiles) {}
  }
}
