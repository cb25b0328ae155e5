import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the runnable jar (cli/pom.xml, package phase): rewrites the classes under the given
 * package prefixes whose class-file version is older than Java 6 (picocli ships Java 5 class files)
 * as Java 8 class files with stack map frames. The JVM can then check them with its fast type-checking
 * verifier and keep them in the class-data-sharing archive of the launcher; Java 5 class files are
 * verified by the old type-inferring verifier on every start and are never archived (about 0.1 s of
 * each command's start-up). The code itself is unchanged: ASM recomputes only the frames.
 *
 * <p>Usage: {@code java -cp asm.jar UpgradeClassFiles.java JAR PREFIX...}; exits non-zero on any failure.
 */
public final class UpgradeClassFiles {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: UpgradeClassFiles JAR PREFIX...");
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    List<String> prefixes = List.of(args).subList(1, args.length);
    int upgraded = 0;
    try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
      List<Path> classes;
      try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
        classes = s.filter(p -> p.toString().endsWith(".class"))
            .filter(p -> prefixes.stream().anyMatch(x -> p.toString().startsWith("/" + x)))
            .toList();
      }
      for (Path p : classes) {
        byte[] in = Files.readAllBytes(p);
        int major = ((in[6] & 0xff) << 8) | (in[7] & 0xff);
        if (major >= Opcodes.V1_6) {
          continue;
        }
        Files.write(p, upgrade(in, types));
        upgraded++;
      }
    }
    check(jar, prefixes);
    if (upgraded == 0) {
      throw new IllegalStateException("nothing to upgrade under " + prefixes + ": is the step still needed?");
    }
  }

  /** Loads and initializes every class under the prefixes from the rewritten jar: the JVM verifies each one. */
  private static void check(Path jar, List<String> prefixes) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of());
        Stream<Path> s = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.toString().substring(1);
        if (name.endsWith(".class") && prefixes.stream().anyMatch(name::startsWith)) {
          Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), true, loader);
        }
      }
    }
  }

  static byte[] upgrade(byte[] in, ClassLoader types) {
    ClassReader reader = new ClassReader(in);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return types;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  private UpgradeClassFiles() {}
}
