package dev.sumdb4j.modcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
