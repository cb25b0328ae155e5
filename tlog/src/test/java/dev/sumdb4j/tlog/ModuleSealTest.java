package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sumdb4j.sumdb.Sumdb;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor seals the library: exactly the API packages are exported, to everyone,
 * every package of the module is decided (exported or listed here as implementation), and a module
 * that requires {@code dev.sumdb4j.tlog} compiles against the API and not against internals.
 *
 * <p>Surefire runs tlog's tests in the named module, on the module path; PIT runs them on the class
 * path, so the checks read the compiled descriptor and run {@code javac} on a small consumer module
 * rather than rely on how the tests were started.
 */
class ModuleSealTest {
  /** The API: what an embedder may use. The module's Javadoc says why the jobs are API too. */
  private static final Set<String> API = Set.of(
      "dev.sumdb4j.sumdb",
      "dev.sumdb4j.tlog",
      "dev.sumdb4j.tlog.tile",
      "dev.sumdb4j.tlog.checkpoint",
      "dev.sumdb4j.tlog.proof",
      "dev.sumdb4j.tlog.cache",
      "dev.sumdb4j.tlog.http",
      "dev.sumdb4j.tlog.config",
      "dev.sumdb4j.tlog.client",
      "dev.sumdb4j.tlog.verify",
      "dev.sumdb4j.tlog.bundle",
      "dev.sumdb4j.tlog.watch",
      "dev.sumdb4j.tlog.audit",
      "dev.sumdb4j.tlog.proxyaudit");

  /** Packages that are implementation only, never exported (none yet). */
  private static final Set<String> IMPLEMENTATION = Set.of();

  @Test
  void descriptor_exportsExactlyTheApi_unqualified() throws Exception {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.sumdb4j.tlog", d.name());
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : d.exports()) {
      assertFalse(e.isQualified(), "an API package is exported to everyone: " + e);
      exported.add(e.source());
    }
    assertEquals(new TreeSet<>(API), exported);
    assertTrue(d.opens().isEmpty(), "no package is opened (Jackson uses its tree model only): " + d.opens());
    assertFalse(d.isOpen());
  }

  @Test
  void descriptor_everyPackageIsDecided() throws Exception {
    // a package added later must be exported as API or deliberately left out of API; here it is
    // either, so nothing is hidden or exposed by accident
    Set<String> packages = packagesWithClasses(classesDir());
    Set<String> undecided = new TreeSet<>(packages);
    undecided.removeAll(API);
    undecided.removeAll(IMPLEMENTATION);
    assertEquals(Set.of(), undecided, "packages neither exported nor listed as implementation");
    assertTrue(packages.containsAll(API), "every exported package has classes: " + packages);
  }

  @Test
  void descriptor_coreIsTransitive_soItsTypesInTheApiResolve() throws Exception {
    ModuleDescriptor.Requires core = descriptor().requires().stream()
        .filter(r -> r.name().equals("dev.sumdb4j.core")).findFirst().orElseThrow();
    assertTrue(core.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE), core.toString());
  }

  @Test
  void onTheModulePath_testsRunInTheNamedModule() throws Exception {
    // surefire puts tlog on the module path; PIT (and an IDE) may run the same tests on the class path
    assumeTrue(Sumdb.class.getModule().isNamed(), "tests run on the class path");
    assertEquals(descriptor().exports(), Sumdb.class.getModule().getDescriptor().exports());
    assertEquals("dev.sumdb4j.core", dev.sumdb4j.note.Note.class.getModule().getName());
  }

  @Test
  void consumerModule_compilesAgainstTheApi_withOnlyRequiresTlog(@TempDir Path dir) throws Exception {
    String use = "package consumer;\n"
        + "import dev.sumdb4j.sumdb.Sumdb;\n"
        + "import dev.sumdb4j.tlog.Hash;\n"
        + "import dev.sumdb4j.tlog.tile.Tile;\n"
        + "import dev.sumdb4j.note.Note;\n" // core, through requires transitive
        + "public final class Use {\n"
        + "  private Use() {}\n"
        + "  public static String hash() { return Hash.ofRecord(new byte[] {1}).toString(); }\n"
        + "  public static Class<?>[] types() { return new Class<?>[] {Sumdb.class, Tile.class, Note.class}; }\n"
        + "}\n";
    Result r = compileConsumer(dir, use);
    assertEquals(0, r.exit, r.output);
  }

  @Test
  void consumerModule_cannotUseCoreInternals_sharedWithTlogAlone(@TempDir Path dir) throws Exception {
    // dev.sumdb4j.internal.Codecs is exported by core to dev.sumdb4j.tlog only
    String use = "package consumer;\n"
        + "public final class Use {\n"
        + "  private Use() {}\n"
        + "  public static Object codecs() { return dev.sumdb4j.internal.Codecs.class; }\n"
        + "}\n";
    Result r = compileConsumer(dir, use);
    assertEquals(1, r.exit, r.output);
    assertTrue(r.output.contains("package dev.sumdb4j.internal is not visible")
        || r.output.contains("does not export dev.sumdb4j.internal"), r.output);
  }

  private record Result(int exit, String output) {}

  private static Result compileConsumer(Path dir, String use) throws IOException, URISyntaxException {
    Path src = dir.resolve("src/consumer");
    Files.createDirectories(src.resolve("consumer"));
    Files.writeString(src.resolve("module-info.java"), "module consumer { requires dev.sumdb4j.tlog; }\n");
    Files.writeString(src.resolve("consumer/Use.java"), use);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(
        "--release", "17",
        "-Xlint:all",
        "-d", dir.resolve("out").toString(),
        "--module-path", modulePath()));
    args.add(src.resolve("module-info.java").toString());
    args.add(src.resolve("consumer/Use.java").toString());
    int exit = javac.run(null, out, out, args.toArray(new String[0]));
    return new Result(exit, out.toString(StandardCharsets.UTF_8));
  }

  /** tlog's classes and the modules it requires, found among the test JVM's module and class path entries. */
  private static String modulePath() throws IOException, URISyntaxException {
    Map<String, Path> found = new LinkedHashMap<>();
    found.put("dev.sumdb4j.tlog", classesDir());
    String cp = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""),
        System.getProperty("surefire.test.class.path", ""), System.getProperty("java.class.path", ""));
    Map<String, Path> byName = new LinkedHashMap<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        for (ModuleReference m : ModuleFinder.of(Path.of(entry)).findAll()) {
          byName.putIfAbsent(m.descriptor().name(), Path.of(entry));
        }
      } catch (FindException e) {
        // not a module (an automatic name that cannot be derived): never one tlog requires
      }
    }
    ModuleFinder system = ModuleFinder.ofSystem();
    Deque<ModuleDescriptor> todo = new ArrayDeque<>();
    todo.add(descriptor());
    while (!todo.isEmpty()) {
      for (ModuleDescriptor.Requires r : todo.remove().requires()) {
        if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
            || system.find(r.name()).isPresent() || found.containsKey(r.name())) {
          continue;
        }
        Path p = byName.get(r.name());
        if (p == null) { // running in the named module: ask the boot layer where it found the module
          p = ModuleLayer.boot().configuration().findModule(r.name())
              .flatMap(m -> m.reference().location()).map(Path::of).orElse(null);
        }
        assertTrue(p != null, "required module " + r.name() + " is on the test JVM's module or class path");
        found.put(r.name(), p);
        todo.add(ModuleFinder.of(p).find(r.name()).orElseThrow().descriptor());
      }
    }
    return found.values().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static Path classesDir() throws URISyntaxException {
    Path p = Path.of(Sumdb.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.isRegularFile(p.resolve("module-info.class")) || Files.isRegularFile(p),
        "tlog's classes with their module-info.class: " + p);
    return p;
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    Path dir = classesDir();
    if (Files.isRegularFile(dir)) { // a jar
      return ModuleFinder.of(dir).findAll().iterator().next().descriptor();
    }
    try (InputStream in = Files.newInputStream(dir.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  private static Set<String> packagesWithClasses(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      return ModuleFinder.of(dir).findAll().iterator().next().descriptor().packages();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
          .map(f -> dir.relativize(f.getParent()).toString().replace(File.separatorChar, '.'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
