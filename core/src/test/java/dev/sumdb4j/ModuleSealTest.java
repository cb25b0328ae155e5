package dev.sumdb4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sumdb4j.note.Note;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core module exports its API packages and seals the rest: read from the built
 * module-info.class, and proved by compiling small modules against the built classes as an
 * embedder (and the tlog module) would.
 */
class ModuleSealTest {
  private static final String CORE = "dev.sumdb4j.core";
  private static final Set<String> API = Set.of(
      "dev.sumdb4j", "dev.sumdb4j.dirhash", "dev.sumdb4j.gosum", "dev.sumdb4j.modcache",
      "dev.sumdb4j.module", "dev.sumdb4j.modzip", "dev.sumdb4j.note", "dev.sumdb4j.note.cosignature");

  @TempDir Path tmp;

  /** The directory (or jar) the main classes of core were loaded from. */
  private static Path coreClasses() throws URISyntaxException {
    return Path.of(Note.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Path bouncyCastle() throws URISyntaxException {
    return Path.of(org.bouncycastle.math.ec.rfc8032.Ed25519.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
  }

  private static ModuleDescriptor builtDescriptor() throws URISyntaxException {
    // the finder reads module-info.class and lists the packages of the exploded module (or jar)
    return ModuleFinder.of(coreClasses()).find(CORE).orElseThrow().descriptor();
  }

  @Test
  void descriptor_exportsTheApiToAll_internalsOnlyToSumdb4jModules_opensNothing() throws Exception {
    ModuleDescriptor d = builtDescriptor();
    assertEquals(CORE, d.name());
    assertFalse(d.isOpen(), "an open module would let reflection into the internals");
    assertTrue(d.opens().isEmpty(), "opens: " + d.opens());
    Map<String, Set<String>> exports = new TreeMap<>();
    for (ModuleDescriptor.Exports e : d.exports()) {
      assertTrue(e.modifiers().isEmpty(), "export modifiers of " + e.source());
      exports.put(e.source(), e.isQualified() ? new TreeSet<>(e.targets()) : Set.of("*"));
    }
    Map<String, Set<String>> want = new TreeMap<>();
    for (String p : API) {
      want.put(p, Set.of("*"));
    }
    want.put("dev.sumdb4j.internal", Set.of("dev.sumdb4j.cli", "dev.sumdb4j.tlog"));
    assertEquals(want, exports);
    // every package that is not exported to all is an internal one, so a new package is sealed
    // only on purpose
    Set<String> sealed = new TreeSet<>(d.packages());
    sealed.removeAll(API);
    assertEquals(Set.of("dev.sumdb4j.internal", "dev.sumdb4j.note.internal"), sealed);
    // Bouncy Castle is used, never shown: no requires transitive
    assertEquals(Set.of("java.base", "org.bouncycastle.provider"),
        d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    for (ModuleDescriptor.Requires r : d.requires()) {
      assertFalse(r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE), r.toString());
    }
  }

  @Test
  void onTheModulePath_testsRunInTheNamedModule() throws Exception {
    // surefire puts core on the module path; PIT (and an IDE) may run the same tests on the class path
    assumeTrue(Note.class.getModule().isNamed(), "tests run on the class path");
    assertEquals(builtDescriptor().exports(), Note.class.getModule().getDescriptor().exports());
    assertEquals("org.bouncycastle.provider",
        org.bouncycastle.math.ec.rfc8032.Ed25519.class.getModule().getName());
  }

  @Test
  void anEmbedderModule_compilesAgainstTheApi() throws Exception {
    String diagnostics = compile("embedder", "import dev.sumdb4j.MalformedInputException;\n"
        + "import dev.sumdb4j.note.Note;\n"
        + "import dev.sumdb4j.note.VerifierKey;\n"
        + "public class Use {\n"
        + "  static Object use() throws MalformedInputException {\n"
        + "    return java.util.List.of(Note.of(\"text\\n\"),\n"
        + "        VerifierKey.parse(\"sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8\"));\n"
        + "  }\n"
        + "}\n");
    assertEquals("", diagnostics);
  }

  @Test
  void anEmbedderModule_cannotUseTheInternals() throws Exception {
    String codecs = compile("embedder", "import dev.sumdb4j.internal.Codecs;\n"
        + "public class Use { static String use() { return Codecs.quote(\"x\"); } }\n");
    assertTrue(codecs.contains("package dev.sumdb4j.internal is not visible")
        && codecs.contains("does not export it to module embedder"), codecs);
    String keyText = compile("embedder", "import dev.sumdb4j.note.internal.KeyText;\n"
        + "public class Use { static boolean use() { return KeyText.isValidName(\"x\"); } }\n");
    assertTrue(keyText.contains("package dev.sumdb4j.note.internal is not visible"), keyText);
  }

  @Test
  void theTlogModule_usesTheSharedInternals_butNotTheNoteInternals() throws Exception {
    assertEquals("", compile("dev.sumdb4j.tlog", "import dev.sumdb4j.internal.Codecs;\n"
        + "public class Use { static String use() { return Codecs.quote(\"x\"); } }\n"));
    String keyText = compile("dev.sumdb4j.tlog", "import dev.sumdb4j.note.internal.KeyText;\n"
        + "public class Use { static boolean use() { return KeyText.isValidName(\"x\"); } }\n");
    assertTrue(keyText.contains("package dev.sumdb4j.note.internal is not visible"), keyText);
  }

  /**
   * Compiles a module {@code name} that requires core, with one class {@code use.Use} (the
   * imports and body given), against the built classes; returns javac's errors ("" when it
   * compiled).
   */
  private String compile(String name, String useClass) throws Exception {
    Path src = Files.createDirectories(tmp.resolve(name).resolve("src"));
    Path out = Files.createDirectories(tmp.resolve(name).resolve("out"));
    Path moduleInfo = Files.writeString(src.resolve("module-info.java"),
        "module " + name + " { requires " + CORE + "; }\n", StandardCharsets.UTF_8);
    Path use = Files.writeString(Files.createDirectories(src.resolve("use")).resolve("Use.java"),
        "package use;\n" + useClass, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-proc:none", "-Xlint:none", "-d", out.toString(),
        "--module-path", coreClasses() + java.io.File.pathSeparator + bouncyCastle(),
        moduleInfo.toString(), use.toString()));
    var errors = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
    String text = errors.toString(StandardCharsets.UTF_8);
    assertEquals(rc == 0, text.isEmpty(), "javac's exit " + rc + " and output " + text);
    return text;
  }
}
