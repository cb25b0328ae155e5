package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.testdata.RealData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every cached sum.golang.org lookup in realdata/gocache: its escaped file name unescapes to a
 * valid module version that escapes back to the same name, and the record's go.sum lines parse
 * and name that module version.
 */
class ModuleVersionRealDataTest {
  @Test
  void lookupCacheNames_unescapeValidateEscape_andRecordLinesParse() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(RealData.resolve("gocache"))) {
      files = s.filter(Files::isRegularFile).filter(p -> p.toString().contains("/lookup/")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 800, "lookups: " + files.size());
    List<String> wrong = new ArrayList<>();
    int upper = 0;
    for (Path f : files) {
      String s = f.toString();
      String rel = s.substring(s.indexOf("/lookup/") + "/lookup/".length());
      try {
        int at = rel.indexOf('@');
        ModuleVersion mv = ModuleVersion.of(ModulePaths.unescapePath(rel.substring(0, at)),
            ModulePaths.unescapeVersion(rel.substring(at + 1)));
        if (!mv.escaped().equals(rel)) {
          wrong.add(rel + " escapes back to " + mv.escaped());
        }
        if (!mv.path().equals(mv.path().toLowerCase())) {
          upper++;
        }
        String[] lines = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n", -1);
        List<GoSumLine> record = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
          record.add(GoSumLine.parse(s, i + 1, lines[i]));
        }
        if (record.size() != 2 || !record.get(0).path().equals(mv.path()) || !record.get(0).version().equals(mv.version())
            || !record.get(1).version().equals(mv.version() + "/go.mod")) {
          wrong.add(rel + ": record " + record);
        }
      } catch (Exception e) {
        wrong.add(rel + ": " + e);
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(upper >= 5, "expected paths with upper case letters, got " + upper);
  }
}
