package dev.sumdb4j.cli.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.testdata.RealData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The library's face: no two modules share a package (split packages break the module path), each
 * published jar has its stable Automatic-Module-Name, and the BOM names every published module at
 * the build's version.
 */
class PackagingTest {
  /** Module directory to its Automatic-Module-Name. */
  static final Map<String, String> PUBLISHED = Map.of(
      "core", "dev.sumdb4j.core", "tlog", "dev.sumdb4j.tlog", "cli", "dev.sumdb4j.cli");

  /** Where each module's main classes are: its jar in a full build, its classes directory otherwise. */
  static Map<String, Path> locations() throws URISyntaxException {
    Map<String, Path> m = new TreeMap<>();
    m.put("testdata", codeSource(RealData.class));
    m.put("core", codeSource(dev.sumdb4j.SumdbException.class));
    m.put("tlog", codeSource(dev.sumdb4j.tlog.Hash.class));
    // this class is in cli's test classes; cli's main classes are next to them
    Path testClasses = codeSource(PackagingTest.class);
    m.put("cli", testClasses.resolveSibling("classes"));
    return m;
  }

  static Path codeSource(Class<?> c) throws URISyntaxException {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  static Set<String> packages(Path location) throws IOException {
    Set<String> out = new TreeSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
          Path rel = location.relativize(p.getParent());
          out.add(rel.toString().replace(location.getFileSystem().getSeparator(), "."));
        });
      }
    } else if (Files.isRegularFile(location)) {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().map(ZipEntry::getName)
            .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && n.contains("/"))
            .forEach(n -> out.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
      }
    }
    return out;
  }

  @Test
  void modules_shareNoPackage() throws Exception {
    Map<String, String> owner = new TreeMap<>();
    List<String> split = new ArrayList<>();
    for (Map.Entry<String, Path> e : locations().entrySet()) {
      for (String pkg : packages(e.getValue())) {
        String other = owner.putIfAbsent(pkg, e.getKey());
        if (other != null) {
          split.add(pkg + " is in both " + other + " and " + e.getKey());
        }
      }
    }
    assertTrue(owner.size() > 5, "found too few packages: " + owner + " in " + locations());
    assertEquals(List.of(), split, "split packages");
  }

  @Test
  void publishedModules_haveTheirAutomaticModuleName() throws Exception {
    Map<String, Path> locations = locations();
    for (Map.Entry<String, String> e : PUBLISHED.entrySet()) {
      Path loc = locations.get(e.getKey());
      if (Files.isRegularFile(loc)) { // a packaged jar: read its manifest
        try (JarFile jar = new JarFile(loc.toFile())) {
          Manifest mf = jar.getManifest();
          assertEquals(e.getValue(), mf == null ? null : mf.getMainAttributes().getValue("Automatic-Module-Name"), loc.toString());
        }
      } else { // classes directory (mvn test): the module's pom must set it
        String pom = Files.readString(RealData.projectRoot().resolve(e.getKey()).resolve("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<Automatic-Module-Name>" + e.getValue() + "</Automatic-Module-Name>"),
            e.getKey() + "/pom.xml sets no Automatic-Module-Name " + e.getValue());
      }
    }
  }

  @Test
  void bom_namesEveryPublishedModuleAtTheBuildVersion() throws Exception {
    Path root = RealData.projectRoot();
    String parent = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    String bom = Files.readString(root.resolve("bom/pom.xml"), StandardCharsets.UTF_8);
    assertEquals(projectVersion(parent), projectVersion(bom), "bom/pom.xml's version must be the parent's");
    Set<String> managed = new TreeSet<>();
    Matcher m = Pattern.compile("<artifactId>(sumdb4j-[a-z]+)</artifactId><version>\\$\\{project\\.version}</version>")
        .matcher(bom);
    while (m.find()) {
      managed.add(m.group(1));
    }
    Set<String> want = new TreeSet<>();
    PUBLISHED.keySet().forEach(k -> want.add("sumdb4j-" + k));
    assertEquals(want, managed);
    assertTrue(parent.contains("<module>bom</module>"), "the bom is not in the reactor");
  }

  /** The project's own version: the first version element after its artifactId, outside a parent block. */
  static String projectVersion(String pom) {
    String withoutParent = pom.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("(?s)<artifactId>sumdb4j-[a-z]+</artifactId>\\s*<version>([^<]+)</version>").matcher(withoutParent);
    if (!m.find()) {
      throw new AssertionError("no project version in pom");
    }
    return m.group(1);
  }
}
