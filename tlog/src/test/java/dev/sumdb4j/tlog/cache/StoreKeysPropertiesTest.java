package dev.sumdb4j.tlog.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Whatever name a caller passes, a store either rejects it or stays inside its directory. */
class StoreKeysPropertiesTest {
  private static final Path ROOT = Path.of("/nonexistent-root/gopath");
  private static final DiskStore STORE = DiskStore.inGopath(ROOT, "sum.golang.org");

  private static void assertInside(Path dir, Path p) {
    assertTrue(p.normalize().equals(p), "not normal: " + p);
    assertTrue(p.startsWith(dir), p + " escapes " + dir);
    assertFalse(p.equals(dir), "the directory itself: " + p);
    for (Path element : dir.relativize(p)) {
      String e = element.toString();
      assertFalse(e.isEmpty() || e.equals(".") || e.equals(".."), "bad element in " + p);
    }
  }

  @Property(tries = 1000)
  void lookupFile_anyKey_rejectedOrInside(
      @ForAll @StringLength(max = 24) @Chars({'.', '/', '\\', '@', '!', '%', ' ', '\0', 'A', '~', '+', '-'})
      @CharRange(from = 'a', to = 'c') @CharRange(from = '0', to = '1') String key) {
    Path p;
    try {
      p = STORE.lookupFile(key);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertInside(STORE.cacheDir().resolve("lookup"), p);
    assertTrue(key.contains("@"));
  }

  @Property(tries = 1000)
  void tileFile_anyPath_rejectedOrInside(
      @ForAll @StringLength(max = 24) @Chars({'.', '/', '\\', 'p', 'x', 't', 'i', 'l', 'e', 'd', 'a'})
      @CharRange(from = '0', to = '9') String path) {
    Path p;
    try {
      p = STORE.tileFile(path);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertInside(STORE.cacheDir().resolve("tile"), p);
  }

  @Property(tries = 300)
  void tileFile_prefixedTilePaths_rejectedOrInside(
      @ForAll @StringLength(max = 16) @Chars({'.', '/', 'p', 'x'}) @CharRange(from = '0', to = '9') String tail) {
    String path = "tile/8/0/" + tail;
    Path p;
    try {
      p = STORE.tileFile(path);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertInside(STORE.cacheDir().resolve("tile"), p);
  }
}
