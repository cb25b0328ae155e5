package dev.sumdb4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command's packages form no cycle (#14: {@code cli} <-> {@code cli.commands} was one). */
class PackageCyclesTest {
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.sumdb4j\\.cli(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void cliPackages_noCycle() throws IOException {
    Path src = RealData.projectRoot().resolve("cli/src/main/java");
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        Matcher p = PACKAGE.matcher(text);
        if (!p.find()) {
          continue;
        }
        Set<String> to = uses.computeIfAbsent(p.group(1), k -> new TreeSet<>());
        Matcher r = REFERENCE.matcher(text);
        while (r.find()) {
          if (!r.group(1).equals(p.group(1))) {
            to.add(r.group(1));
          }
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String a : uses.keySet()) {
      for (String b : uses.get(a)) {
        if (reaches(uses, b, a, new TreeSet<>())) {
          cycles.add(a + " -> " + b + " -> ... -> " + a);
        }
      }
    }
    assertEquals(List.of(), cycles, "package dependencies: " + uses);
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String to, Set<String> seen) {
    if (from.equals(to)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (reaches(uses, next, to, seen)) {
        return true;
      }
    }
    return false;
  }
}
