package dev.sumdb4j.modcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.testdata.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** go mod verify's checks on the real module cache blobs, symlinked into a temporary GOMODCACHE. */
class ModuleCacheTest {
  private static final String QUOTE_H1 = "h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=";

  @TempDir Path tmp;

  private final List<Path> links = new ArrayList<>();

  @AfterEach
  void unlink() throws Exception {
    for (Path l : links) {
      Files.deleteIfExists(l);
    }
  }

  private ModuleCache cache() throws Exception {
    Path download = tmp.resolve("mod/cache/download");
    Files.createDirectories(download);
    links.add(Files.createSymbolicLink(download.resolve("rsc.io"), RealData.resolve("modules/rsc.io")));
    links.add(Files.createSymbolicLink(download.resolve("golang.org"), RealData.resolve("modules/golang.org")));
    return ModuleCache.at(tmp.resolve("mod"));
  }

  @Test
  void verify_realZip_okWithRecordedHash() throws Exception {
    ModuleCache.ModuleCheck c = cache().verify(ModuleVersion.of("rsc.io/quote", "v1.5.2"));
    assertEquals(ModuleCache.Status.OK, c.status(), c.toString());
    assertEquals(Optional.of(QUOTE_H1), c.zipHash());
  }

  @Test
  void verify_zipAbsent_absentLikeGoModVerify() throws Exception {
    ModuleCache.ModuleCheck c = cache().verify(ModuleVersion.of("golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c"));
    assertEquals(ModuleCache.Status.ABSENT, c.status());
  }

  @Test
  void verify_goModHash_realModFiles() throws Exception {
    ModuleCache cache = cache();
    assertEquals(Optional.of("h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ="),
        cache.goModHash(ModuleVersion.of("golang.org/x/text", "v0.0.0-20170915032832-14c0d48ead0c")));
    assertEquals(Optional.empty(), cache.goModHash(ModuleVersion.of("rsc.io/quote", "v1.9.9")));
  }

  @Test
  void verify_dirModifiedOrZiphashMissing_reportedAsGoModVerifyDoes() throws Exception {
    Path mod = tmp.resolve("own");
    Path v = mod.resolve("cache/download/example.com/!upper/@v");
    Files.createDirectories(v);
    ModuleVersion mv = ModuleVersion.of("example.com/Upper", "v1.0.0");
    Path dir = mod.resolve("example.com/!upper@v1.0.0");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.com/Upper\n");
    ModuleCache cache = ModuleCache.at(mod);
    ModuleCache.ModuleCheck missing = cache.verify(mv);
    assertEquals(ModuleCache.Status.MISSING_ZIPHASH, missing.status());
    assertTrue(missing.problems().get(0).startsWith("example.com/Upper v1.0.0: missing ziphash: "), missing.toString());

    String h = dev.sumdb4j.dirhash.DirHash.hashDir(dir, "example.com/Upper@v1.0.0");
    Files.writeString(v.resolve("v1.0.0.ziphash"), h + "\n");
    assertEquals(ModuleCache.Status.OK, cache.verify(mv).status());
    Files.writeString(dir.resolve("extra.go"), "package x\n");
    ModuleCache.ModuleCheck modified = cache.verify(mv);
    assertEquals(ModuleCache.Status.MODIFIED, modified.status());
    assertEquals(List.of("example.com/Upper v1.0.0: dir has been modified (" + dir + ")"), modified.problems());
  }

  @Test
  void verify_ziphashNotARegularFile_unreadable_neverBlocksOrFollows() throws Exception {
    Path mod = tmp.resolve("ziphash");
    Path v = Files.createDirectories(mod.resolve("cache/download/example.com/m/@v"));
    ModuleVersion mv = ModuleVersion.of("example.com/m", "v1.0.0");
    Path dir = Files.createDirectories(mod.resolve("example.com/m@v1.0.0"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/m\n");
    String h = dev.sumdb4j.dirhash.DirHash.hashDir(dir, "example.com/m@v1.0.0");
    Path real = Files.writeString(tmp.resolve("elsewhere.ziphash"), h + "\n");
    ModuleCache cache = ModuleCache.at(mod);
    Path ziphash = v.resolve("v1.0.0.ziphash");

    // A link to the right hash is still not the cache's own file.
    Files.createSymbolicLink(ziphash, real);
    ModuleCache.ModuleCheck c = cache.verify(mv);
    assertEquals(ModuleCache.Status.MISSING_ZIPHASH, c.status(), c.toString());
    assertEquals(Optional.empty(), c.zipHash(), c.toString());
    assertTrue(c.problems().get(0).startsWith("example.com/m v1.0.0: unreadable ziphash: ")
        && c.problems().get(0).contains("symbolic link"), c.toString());
    Files.delete(ziphash);

    SpecialFiles.fifo(ziphash);
    c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cache.verify(mv));
    assertEquals(ModuleCache.Status.MISSING_ZIPHASH, c.status(), c.toString());
    assertTrue(c.problems().get(0).contains("special file"), c.toString());
    Files.delete(ziphash);

    Files.writeString(ziphash, h + "\n");
    assertEquals(ModuleCache.Status.OK, cache.verify(mv).status());
  }

  @Test
  void verify_fifoOrDevZeroInCache_modifiedNamingThePath_neverBlocks() throws Exception {
    Path mod = tmp.resolve("special");
    Path v = Files.createDirectories(mod.resolve("cache/download/example.com/m/@v"));
    ModuleVersion mv = ModuleVersion.of("example.com/m", "v1.0.0");
    Path dir = Files.createDirectories(mod.resolve("example.com/m@v1.0.0"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/m\n");
    Files.writeString(v.resolve("v1.0.0.ziphash"), dev.sumdb4j.dirhash.DirHash.hashDir(dir, "example.com/m@v1.0.0") + "\n");
    ModuleCache cache = ModuleCache.at(mod);
    assertEquals(ModuleCache.Status.OK, cache.verify(mv).status());

    Path zero = Files.createSymbolicLink(dir.resolve("zero.go"), Path.of("/dev/zero"));
    ModuleCache.ModuleCheck c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cache.verify(mv));
    assertEquals(ModuleCache.Status.MODIFIED, c.status(), c.toString());
    assertTrue(c.problems().get(0).contains(zero + " is a symbolic link, not a regular file"), c.toString());
    Files.delete(zero);

    Path fifo = SpecialFiles.fifo(dir.resolve("fifo.go"));
    c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cache.verify(mv));
    assertEquals(ModuleCache.Status.MODIFIED, c.status(), c.toString());
    assertTrue(c.problems().get(0).contains(fifo + " is a special file"), c.toString());
    Files.delete(fifo);

    SpecialFiles.fifo(v.resolve("v1.0.0.zip"));
    SpecialFiles.fifo(v.resolve("v1.0.0.mod"));
    c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cache.verify(mv));
    assertEquals(ModuleCache.Status.MODIFIED, c.status(), c.toString());
    assertTrue(c.problems().get(0).contains("zip has been modified (" + v.resolve("v1.0.0.zip") + " is a special file"),
        c.toString());
    java.io.IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(java.io.IOException.class, () -> cache.goModHash(mv)));
    assertTrue(e.getMessage().contains(v.resolve("v1.0.0.mod") + ": is a special file"), e.getMessage());
  }
}
