package dev.sumdb4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.testdata.vectors.DirhashVectors;
import dev.sumdb4j.testdata.vectors.DirhashVectors.FileDigest;
import dev.sumdb4j.testdata.vectors.DirhashVectors.Hash1File;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks HashZip, Hash1, HashDir and the go.mod hash against x/mod v0.7.0 ({@code vectors/dirhash/}). */
class DirhashVectorsTest {

  @TestFactory
  Stream<DynamicTest> hashZip_vectorZip_givesGoHash() {
    return DirhashVectors.dirhash().zips().stream().flatMap(z -> Stream.of(
        dynamicTest("hashZip[" + z.zip() + "] = " + z.hash1(), () -> assertEquals(z.hash1(), DirHash.hashZip(z.path()))),
        dynamicTest("hash1[" + z.zip() + " entries, reversed order] = " + z.hash1(), () -> {
          try (ZipFile zip = new ZipFile(z.path().toFile(), StandardCharsets.UTF_8)) {
            List<String> names = new ArrayList<>();
            for (FileDigest f : z.files()) {
              names.add(f.name());
              assertEquals(f.sha256(), sha256(zip.getInputStream(zip.getEntry(f.name())).readAllBytes()), f.name());
            }
            Collections.reverse(names);
            assertEquals(z.hash1(), DirHash.hash1(names, name -> zip.getInputStream(zip.getEntry(name))));
          }
        }),
        dynamicTest("hashDir[" + z.zip() + " extracted, prefix " + Codecs.quote(z.prefix()) + "] = " + z.hash1(), () -> {
          Path dir = Files.createTempDirectory("sumdb4j-dirhash");
          try {
            extract(z.path(), z.prefix(), dir);
            assertEquals(z.hash1(), DirHash.hashDir(dir, z.prefix()));
          } finally {
            deleteTree(dir);
          }
        })));
  }

  @TestFactory
  Stream<DynamicTest> hash1_inMemoryFiles_givesGoResult() {
    return DirhashVectors.dirhash().hash1().stream().map(v -> dynamicTest(
        "hash1[" + v.name() + "] " + (v.goError() == null ? v.hash() : "go: " + v.goError()), () -> {
          Map<String, byte[]> content = new HashMap<>();
          List<String> names = new ArrayList<>();
          if (v.files() != null) {
            for (Hash1File f : v.files()) {
              names.add(f.name());
              content.put(f.name(), f.content().getBytes(StandardCharsets.UTF_8));
            }
          }
          DirHash.Opener open = name -> new ByteArrayInputStream(content.get(name));
          if (v.goError() == null) {
            assertEquals(v.hash(), DirHash.hash1(names, open));
          } else {
            assertThrows(MalformedInputException.class, () -> DirHash.hash1(names, open));
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> hashGoMod_content_givesGoHash() {
    return DirhashVectors.dirhash().goMod().stream().map(v -> dynamicTest(
        "hashGoMod[" + Codecs.quote(v.content()) + "] = " + v.hash(),
        () -> assertEquals(v.hash(), DirHash.hashGoMod(v.content().getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void generator_isCheckedIn_nextToTheVectors() {
    Path gen = RealData.projectRoot().resolve("testdata/gen");
    for (String f : new String[] {"main.go", "notes.go", "tlog.go", "tiles.go", "module.go", "dirhash.go", "README.md"}) {
      assertTrue(Files.isRegularFile(gen.resolve(f)), "missing generator file testdata/gen/" + f);
    }
  }

  private static void extract(Path zipPath, String prefix, Path dir) throws IOException {
    try (ZipFile zip = new ZipFile(zipPath.toFile(), StandardCharsets.UTF_8)) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        assertTrue(e.getName().startsWith(prefix + "/"), e.getName());
        Path out = dir.resolve(e.getName().substring(prefix.length() + 1));
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, out);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
