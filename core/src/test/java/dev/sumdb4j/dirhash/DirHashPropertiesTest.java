package dev.sumdb4j.dirhash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The three ways to hash a tree agree, and the hash depends on every name and byte. */
class DirHashPropertiesTest {

  @Property(tries = 60)
  void hashZipHashDirAndHash1_sameTree_agree(@ForAll("trees") Map<String, byte[]> files) throws Exception {
    Path tmp = Files.createTempDirectory("dirhash");
    try {
      String prefix = "example.com/m@v1.0.0";
      Map<String, byte[]> named = new TreeMap<>();
      files.forEach((k, v) -> named.put(prefix + "/" + k, v));
      List<String> names = new ArrayList<>(named.keySet());
      Collections.reverse(names);
      String h1 = DirHash.hash1(names, name -> new ByteArrayInputStream(named.get(name)));

      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(bo)) {
        for (String name : names) {
          z.putNextEntry(new ZipEntry(name));
          z.write(named.get(name));
          z.closeEntry();
        }
      }
      Path zip = Files.write(tmp.resolve("m.zip"), bo.toByteArray());
      assertEquals(h1, DirHash.hashZip(zip));

      Path dir = tmp.resolve("dir");
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
      Files.createDirectories(dir);
      assertEquals(h1, DirHash.hashDir(dir, prefix));
    } finally {
      deleteTree(tmp);
    }
  }

  @Property(tries = 200)
  void hash1_changedByteOrName_changesHash(@ForAll("trees") Map<String, byte[]> files) throws Exception {
    if (files.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>(files.keySet());
    String base = DirHash.hash1(names, n -> new ByteArrayInputStream(files.get(n)));
    String first = names.get(0);
    byte[] changed = files.get(first).clone();
    if (changed.length == 0) {
      changed = new byte[] {0};
    } else {
      changed[changed.length - 1] ^= 1;
    }
    byte[] c = changed;
    assertNotEquals(base, DirHash.hash1(names, n -> new ByteArrayInputStream(n.equals(first) ? c : files.get(n))));
    List<String> renamed = new ArrayList<>(names);
    renamed.set(0, first + "x");
    assertNotEquals(base, DirHash.hash1(renamed, n -> new ByteArrayInputStream(files.getOrDefault(n, files.get(first)))));
  }

  @Provide
  Arbitrary<Map<String, byte[]>> trees() {
    Arbitrary<String> elem = Arbitraries.strings().withChars("abcXé☺_-.").ofMinLength(1).ofMaxLength(5)
        .filter(s -> !s.equals(".") && !s.equals(".."));
    Arbitrary<String> path = elem.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    return Arbitraries.maps(path, content).ofMaxSize(8).filter(DirHashPropertiesTest::noFileIsADirectory);
  }

  /** A tree cannot hold both "a" and "a/b". */
  private static boolean noFileIsADirectory(Map<String, byte[]> m) {
    for (String k : m.keySet()) {
      for (String other : m.keySet()) {
        if (other.startsWith(k + "/")) {
          return false;
        }
      }
    }
    return true;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
