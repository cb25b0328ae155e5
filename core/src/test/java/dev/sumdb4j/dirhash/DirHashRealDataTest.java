package dev.sumdb4j.dirhash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.testdata.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real module zips and go.mod files from a go command cache (see realdata/PROVENANCE.md). */
class DirHashRealDataTest {
  @Test
  void hashZip_realModuleZips_equalZiphash() throws Exception {
    List<Path> zips;
    try (Stream<Path> s = Files.walk(RealData.resolve("modules"))) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().collect(Collectors.toList());
    }
    assertEquals(2, zips.size());
    for (Path zip : zips) {
      String ziphash = Files.readString(Path.of(zip.toString().replaceAll("\\.zip$", ".ziphash"))).trim();
      assertEquals(ziphash, DirHash.hashZip(zip), zip.toString());
    }
  }

  @Test
  void hashGoMod_realModFiles_equalProvenanceHashes() throws Exception {
    Map<String, String> want = Map.of(
        "rsc.io/quote/@v/v1.5.2.mod", "h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=",
        "rsc.io/sampler/@v/v1.3.0.mod", "h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=",
        "golang.org/x/text/@v/v0.0.0-20170915032832-14c0d48ead0c.mod", "h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=");
    for (Map.Entry<String, String> e : want.entrySet()) {
      byte[] mod = Files.readAllBytes(RealData.resolve("modules/" + e.getKey()));
      assertEquals(e.getValue(), DirHash.hashGoMod(mod), e.getKey());
    }
  }

  @Test
  void hashZip_quote_isProvenanceValue() throws Exception {
    assertEquals("h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=", DirHash.hashZip(RealData.resolve("modules/rsc.io/quote/@v/v1.5.2.zip")));
    assertEquals("h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=", DirHash.hashZip(RealData.resolve("modules/rsc.io/sampler/@v/v1.3.0.zip")));
  }
}
