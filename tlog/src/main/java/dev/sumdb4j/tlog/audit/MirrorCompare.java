package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.modcache.ModuleCache;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.modzip.ModuleZip;
import dev.sumdb4j.note.Verifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares what a verified mirror logs with go.sum files and with the module zips and go.mod
 * files of a module cache ({@code $GOMODCACHE/cache/download}), listing every difference. Records
 * are found by module version through the {@link DuplicateIndex} built by {@link MirrorVerifier}
 * (built first if needed); the mirror must verify without problems.
 */
public final class MirrorCompare {
  private MirrorCompare() {}

  /**
   * One difference.
   *
   * @param source where the local hash comes from: {@code go.sum:12} or a cache file
   * @param moduleVersion {@code path@version}, with {@code /go.mod} for go.mod hashes
   * @param local the local hash
   * @param logged the logged hash(es), empty if the log has none
   */
  public record Difference(String source, String moduleVersion, String local, List<String> logged) {
    /**
     * Copies the list.
     *
     * @param source where the local hash comes from: {@code go.sum:12} or a cache file
     * @param moduleVersion {@code path@version}, with {@code /go.mod} for go.mod hashes
     * @param local the local hash
     * @param logged the logged hash(es), empty if the log has none
     */
    public Difference {
      logged = List.copyOf(logged);
    }

    @Override
    public String toString() {
      return source + ": " + moduleVersion + " " + local
          + (logged.isEmpty() ? ": not in the log" : ": the log has " + String.join(", ", logged));
    }
  }

  /** A local hash to compare: where it comes from, path, version (maybe /go.mod), hash. */
  private record Local(String source, String path, String version, String hash) {}

  /**
   * {@return every difference between the mirror and {@code goSums} and, if {@code modCache} is not
   * null, the zips and go.mod files under {@code modCache/cache/download}}
   *
   * @param dir the mirror
   * @param verifiers the keys the mirror's {@code latest} must be signed with
   * @param goSums the go.sum files to compare
   * @param modCache the module cache, or null to compare no files
   * @param threads the number of threads, at least 1
   * @throws VerificationException if the mirror does not verify (run audit verify for details)
   * @throws NotAMirrorException if the mirror's {@code latest} is missing (not a mirror)
   * @throws SumdbException if the mirror's {@code latest} is not signed by a known key
   * @throws MirrorLockedException if another audit run is using the mirror
   * @throws IOException if a file cannot be read
   */
  public static List<Difference> compare(MirrorDir dir, Verifiers verifiers, List<GoSumFile> goSums,
      Path modCache, int threads) throws IOException, SumdbException {
    return compare(dir, dir.defaultStateDir(), verifiers, goSums, modCache, threads);
  }

  /**
   * As {@link #compare(MirrorDir, Verifiers, List, Path, int)}, with the state of the mirror's
   * verification (which this reuses, or makes) in {@code stateDir} instead of the default beside
   * the mirror. The mirror is only read.
   *
   * @param dir the mirror
   * @param stateDir the state directory of the mirror's verification
   * @param verifiers the keys the mirror's {@code latest} must be signed with
   * @param goSums the go.sum files to compare
   * @param modCache the module cache, or null to compare no files
   * @param threads the number of threads, at least 1
   * @return every difference found
   * @throws IOException if the mirror, the state or a file cannot be read
   * @throws SumdbException if the mirror fails verification
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced
  public static List<Difference> compare(MirrorDir dir, Path stateDir, Verifiers verifiers, List<GoSumFile> goSums,
      Path modCache, int threads) throws IOException, SumdbException {
    Objects.requireNonNull(goSums, "goSums");
    dir.requireMirror();
    try (MirrorVerifier.Locks l = MirrorVerifier.lock(dir, stateDir.toAbsolutePath().normalize())) {
      return compareLocked(dir, stateDir, verifiers, goSums, modCache, threads);
    }
  }

  private static List<Difference> compareLocked(MirrorDir dir, Path stateDir, Verifiers verifiers,
      List<GoSumFile> goSums, Path modCache, int threads) throws IOException, SumdbException {
    MirrorVerifier mv = MirrorVerifier.of(dir, stateDir, verifiers, threads, 10, AuditProgress.NONE);
    VerifyReport rep = mv.run(true);
    if (rep.problemCount() > 0) {
      throw new VerificationException("mirror " + dir.root() + " does not verify (" + rep.problemCount()
          + " problems, first: " + rep.problems().get(0) + "): run audit verify");
    }
    List<Local> locals = new ArrayList<>();
    for (GoSumFile f : goSums) {
      for (GoSumLine l : f.lines()) {
        locals.add(new Local(f.source() + ":" + l.line(), l.path(), l.version(), l.hash()));
      }
    }
    if (modCache != null) {
      locals.addAll(cacheHashes(modCache.resolve("cache").resolve("download")));
    }
    Map<String, Map<String, Set<String>>> logged = lookup(dir, rep, mv, locals);
    List<Difference> out = new ArrayList<>();
    for (Local l : locals) {
      String mv2 = l.version().endsWith("/go.mod") ? l.version().substring(0, l.version().length() - 7) : l.version();
      Set<String> hashes = logged.getOrDefault(l.path() + "@" + mv2, Map.of()).getOrDefault(l.version(), Set.of());
      if (hashes.size() != 1 || !hashes.contains(l.hash())) {
        out.add(new Difference(l.source(), l.path() + "@" + l.version(), l.hash(), new ArrayList<>(hashes)));
      }
    }
    return out;
  }

  /** Returns, per path@version, per version field (with /go.mod or not), the logged hashes. */
  private static Map<String, Map<String, Set<String>>> lookup(MirrorDir dir, VerifyReport rep,
      MirrorVerifier mv, List<Local> locals) throws IOException {
    RecordScanner s = new RecordScanner();
    Map<Long, Set<String>> keysByFp = new HashMap<>();
    for (Local l : locals) {
      String v = l.version().endsWith("/go.mod") ? l.version().substring(0, l.version().length() - 7) : l.version();
      byte[] line = (l.path() + " " + v + " h1:x\n").getBytes(StandardCharsets.UTF_8);
      long fp = s.fingerprint(line, 0, line.length, new int[] {-1});
      keysByFp.computeIfAbsent(fp, k -> new HashSet<>()).add(l.path() + "@" + v);
    }
    Map<String, Map<String, Set<String>>> out = new HashMap<>();
    try (DuplicateIndex index = new DuplicateIndex(mv.stateDir().resolve("index"),
        DuplicateIndex.bucketsFor(rep.tree().size()))) {
      Map<Long, List<Long>> ids = index.find(keysByFp.keySet());
      RecordReader rr = new RecordReader(dir, rep.tree().size());
      for (Map.Entry<Long, List<Long>> e : new TreeMap<>(ids).entrySet()) {
        for (long id : e.getValue()) {
          String key = rr.keyOrNull(id);
          if (key == null || !keysByFp.get(e.getKey()).contains(key)) {
            continue; // a fingerprint collision
          }
          String text = rr.textOrNull(id);
          for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 3) {
              out.computeIfAbsent(key, k -> new LinkedHashMap<>())
                  .computeIfAbsent(f[1], k -> new java.util.TreeSet<>()).add(f[2]);
            }
          }
        }
      }
    }
    return out;
  }

  /** Hashes every {@code <escaped path>/@v/<escaped version>.zip} and {@code .mod} under {@code download}. */
  private static List<Local> cacheHashes(Path download) throws IOException {
    List<Local> out = new ArrayList<>();
    if (!Files.isDirectory(download)) {
      throw new IOException(download + ": not a module cache download directory");
    }
    List<Path> files;
    try (Stream<Path> st = Files.walk(download)) {
      files = st.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("@v"))
          .filter(p -> p.toString().endsWith(".zip") || p.toString().endsWith(".mod"))
          .sorted().toList();
    }
    for (Path p : files) {
      String name = p.getFileName().toString();
      boolean zip = name.endsWith(".zip");
      String escVersion = name.substring(0, name.length() - 4);
      String escPath = download.relativize(p.getParent().getParent()).toString().replace('\\', '/');
      try {
        String path = ModulePaths.unescapePath(escPath);
        String version = ModulePaths.unescapeVersion(escVersion);
        String hash;
        if (zip) {
          RegularFiles.check(p, ModuleZip.MAX_ZIP_FILE, false); // a FIFO would block opening the zip
          hash = DirHash.hashZip(p);
        } else {
          hash = DirHash.hashGoMod(RegularFiles.read(p, ModuleCache.MAX_GO_MOD_BYTES, false));
        }
        out.add(new Local(p.toString(), path, zip ? version : version + "/go.mod", hash));
      } catch (MalformedInputException e) {
        out.add(new Local(p.toString(), escPath, escVersion, "(unreadable: " + e.getMessage() + ")"));
      } catch (RegularFiles.IrregularFileException e) {
        out.add(new Local(p.toString(), escPath, escVersion, "(unreadable: " + e.getFile() + " " + e.getReason() + ")"));
      }
    }
    return out;
  }
}
