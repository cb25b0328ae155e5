package dev.sumdb4j.tlog.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.VerificationException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.testdata.SpecialFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {
  @TempDir Path dir;

  @Test
  void compare_goSumAndModuleCache_listsEveryDifference() throws Exception {
    GeneratedLog log = GeneratedLog.of(3000, 4);
    log.view().writeMirror(dir.resolve("m"));
    String rec5 = new String(log.record(5), StandardCharsets.UTF_8);
    String rec2999 = new String(log.record(2999), StandardCharsets.UTF_8);
    String[] l5 = rec5.split("\n");
    String badHash = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    String mv5 = log.moduleVersion(5);
    String gosum = rec5 + rec2999 + mv5.replace("v1.5.0", "v1.5.1") + " " + badHash + "\n"
        + mv5 + "/go.mod " + badHash + "\n";
    GoSumFile f = GoSumFile.parse("go.sum", gosum.getBytes(StandardCharsets.UTF_8));

    Path dl = dir.resolve("modcache/cache/download");
    Path v = Files.createDirectories(dl.resolve("golang.example/m5/s4/@v"));
    byte[] mod = "module golang.example/m5/s4\n".getBytes(StandardCharsets.UTF_8);
    Files.write(v.resolve("v1.5.0.mod"), mod);
    Path other = Files.createDirectories(dl.resolve("example.com/!upper/@v"));
    try (OutputStream o = Files.newOutputStream(other.resolve("v0.1.0.zip"));
        ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("example.com/!upper@v0.1.0/go.mod"));
      z.write("module example.com/Upper\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }

    List<MirrorCompare.Difference> d = MirrorCompare.compare(MirrorDir.at(dir.resolve("m")),
        GeneratedLog.verifiers(), List.of(f), dir.resolve("modcache"), 2);
    String logged5mod = l5[1].split(" ")[2];
    assertEquals(List.of(
        new MirrorCompare.Difference("go.sum:5", mv5.replace(" ", "@").replace("v1.5.0", "v1.5.1"), badHash, List.of()),
        new MirrorCompare.Difference("go.sum:6", mv5.replace(" ", "@") + "/go.mod", badHash, List.of(logged5mod)),
        new MirrorCompare.Difference(other.resolve("v0.1.0.zip").toString(), "example.com/Upper@v0.1.0",
            DirHash.hashZip(other.resolve("v0.1.0.zip")), List.of()),
        new MirrorCompare.Difference(v.resolve("v1.5.0.mod").toString(), mv5.replace(" ", "@") + "/go.mod",
            DirHash.hashGoMod(mod), List.of(logged5mod))), d);
  }

  @Test
  void compare_moduleCacheFifos_reportedUnreadable_neverBlock() throws Exception {
    GeneratedLog log = GeneratedLog.of(300, 4);
    log.view().writeMirror(dir.resolve("m"));
    Path v = Files.createDirectories(dir.resolve("modcache/cache/download/example.com/a/@v"));
    Path zip = SpecialFiles.fifo(v.resolve("v1.0.0.zip"));
    Path mod = SpecialFiles.fifo(v.resolve("v1.0.0.mod"));
    List<MirrorCompare.Difference> d = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> MirrorCompare.compare(MirrorDir.at(dir.resolve("m")), GeneratedLog.verifiers(), List.of(),
            dir.resolve("modcache"), 1));
    assertEquals(2, d.size(), d::toString);
    for (MirrorCompare.Difference x : d) {
      assertTrue(x.source().equals(zip.toString()) || x.source().equals(mod.toString()), x::toString);
      assertTrue(x.local().contains("not a regular file"), x::toString);
    }
  }

  @Test
  void compare_corruptMirror_refused() throws Exception {
    GeneratedLog log = GeneratedLog.of(3000, 4);
    Path m = dir.resolve("m");
    log.view().writeMirror(m);
    Path t = m.resolve("tile/8/0/003");
    byte[] b = Files.readAllBytes(t);
    b[7] ^= 1;
    Files.write(t, b);
    assertThrows(VerificationException.class, () -> MirrorCompare.compare(MirrorDir.at(m),
        GeneratedLog.verifiers(), List.of(), null, 1));
    assertTrue(Files.exists(t));
  }
}
