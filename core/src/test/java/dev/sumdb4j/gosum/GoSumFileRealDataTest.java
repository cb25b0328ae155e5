package dev.sumdb4j.gosum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real go.sum files from public repositories (see realdata/PROVENANCE.md). */
class GoSumFileRealDataTest {
  @Test
  void read_linYingGoSum_116Lines() throws Exception {
    Path p = RealData.resolve("gosum/0-Lin-Ying-0-basic_go.sum");
    GoSumFile f = GoSumFile.read(p);
    assertEquals(p.toString(), f.source());
    assertEquals(116, f.lines().size());
    assertEquals(116, f.linesUsedByGoCommand().size());
    assertEquals(116, f.lines().get(115).line());
    assertEquals(Files.readString(p), joined(f.lines()));
    Set<ModuleVersion> modules = new HashSet<>();
    for (GoSumLine l : f.lines()) {
      modules.add(ModuleVersion.of(l.path(), l.moduleVersion())); // every real line is a valid module version
    }
    assertEquals(true, modules.size() >= 58);
  }

  @Test
  void read_darlandcGoSum_linesEqualComputedHashes() throws Exception {
    GoSumFile f = GoSumFile.read(RealData.resolve("gosum/darlandc-hello-go.sum"));
    assertEquals(6, f.lines().size());
    assertEquals(Files.readString(RealData.resolve("gosum/darlandc-hello-go.sum")), joined(f.lines()));
    int checked = 0;
    for (GoSumLine l : f.lines()) {
      Path base = RealData.resolve("modules/" + l.path() + "/@v/" + l.moduleVersion());
      if (l.isGoMod()) {
        assertEquals(l.hash(), DirHash.hashGoMod(Files.readAllBytes(Path.of(base + ".mod"))), l.text());
        checked++;
      } else {
        assertEquals(l.hash(), Files.readString(Path.of(base + ".ziphash")).trim(), l.text());
        Path zip = Path.of(base + ".zip");
        if (Files.exists(zip)) { // the x/text zip is not in realdata
          assertEquals(l.hash(), DirHash.hashZip(zip), l.text());
          checked++;
        }
      }
    }
    assertEquals(5, checked); // 3 go.mod + quote and sampler zips
  }

  private static String joined(List<GoSumLine> lines) {
    StringBuilder b = new StringBuilder();
    for (GoSumLine l : lines) {
      b.append(l.text()).append('\n');
    }
    return b.toString();
  }
}
