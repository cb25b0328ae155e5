package dev.sumdb4j.modcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.module.ModuleVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the go command keeps a module in GOMODCACHE: escaped paths, so case never collides. */
class ModuleCachePathsTest {
  @Test
  void layout_escapedAsTheGoCommandWritesIt() throws Exception {
    Path root = Path.of("gomodcache");
    ModuleCache c = ModuleCache.at(root);
    assertEquals(root, c.root());
    ModuleVersion mv = ModuleVersion.of("github.com/Azure/go-Autorest", "v1.0.0-RC1");
    Path v = root.resolve("cache/download/github.com/!azure/go-!autorest/@v");
    assertEquals(v.resolve("v1.0.0-!r!c1.zip"), c.zipFile(mv));
    assertEquals(v.resolve("v1.0.0-!r!c1.ziphash"), c.zipHashFile(mv));
    assertEquals(v.resolve("v1.0.0-!r!c1.mod"), c.modFile(mv));
    assertEquals(root.resolve("github.com/!azure/go-!autorest@v1.0.0-!r!c1"), c.dir(mv));
  }
}
