package dev.sumdb4j.cli.readme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Extracts the {@code ```java} blocks of one README section and runs each exactly as written: its
 * {@code import} lines head a generated class, the rest becomes the body of a method whose local
 * variables are the fixture values the snippet names (and does not declare itself). The class is
 * compiled in-process with the test classpath ({@code -Werror}) and run; every {@code // prints: X}
 * line of the snippet must then be a line of what it printed.
 */
final class Snippets {
  /** A snippet: the heading above it, its import lines and its body. */
  record Snippet(String heading, int line, List<String> imports, String body) {
    /** The {@code // prints:} lines it promises. */
    List<String> promisedOutput() {
      List<String> out = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^\\s*// prints: (.*)$").matcher(body);
      while (m.find()) {
        out.add(m.group(1).strip());
      }
      return out;
    }
  }

  /** A value a snippet may use by name: its Java type (source text) and the value. */
  record Given(String type, Object value) {}

  private Snippets() {}

  /** The {@code ```java} blocks between heading {@code section} and the next heading of its level. */
  static List<Snippet> extract(String markdown, String section) {
    String[] lines = markdown.split("\n", -1);
    int start = -1;
    String level = null;
    for (int i = 0; i < lines.length; i++) {
      Matcher h = Pattern.compile("^(#+) (.*)$").matcher(lines[i]);
      if (h.matches() && h.group(2).strip().equals(section)) {
        start = i + 1;
        level = h.group(1);
        break;
      }
    }
    if (start < 0) {
      throw new AssertionError("README has no section \"" + section + "\"");
    }
    List<Snippet> out = new ArrayList<>();
    String heading = section;
    for (int i = start; i < lines.length; i++) {
      String l = lines[i];
      Matcher h = Pattern.compile("^(#+) (.*)$").matcher(l);
      if (h.matches()) {
        if (h.group(1).length() <= level.length()) {
          break;
        }
        heading = h.group(2).strip();
      } else if (l.strip().equals("```java")) {
        int first = i + 1;
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (i = first; i < lines.length && !lines[i].strip().equals("```"); i++) {
          if (lines[i].startsWith("import ")) {
            imports.add(lines[i]);
          } else {
            body.append(lines[i]).append('\n');
          }
        }
        if (i == lines.length) {
          throw new AssertionError("README line " + first + ": unclosed ```java block");
        }
        out.add(new Snippet(heading, first, imports, body.toString()));
      }
    }
    return out;
  }

  /**
   * Compiles {@code s} as class {@code name} into {@code dir} and runs it with the {@code given}
   * values it names; returns what it printed on System.out.
   */
  static String run(Snippet s, String name, Map<String, Given> given, Path dir) throws Exception {
    StringBuilder src = new StringBuilder("package readme;\n\n");
    for (String imp : s.imports()) {
      src.append(imp).append('\n');
    }
    src.append("\n/** README line ").append(s.line()).append(": ").append(s.heading().replace("*/", "")).append(" */\n");
    src.append("public final class ").append(name).append(" {\n");
    src.append("  @SuppressWarnings(\"unchecked\")\n");
    src.append("  public static void run(java.util.Map<String, Object> given) throws Exception {\n");
    for (Map.Entry<String, Given> e : given.entrySet()) {
      String var = e.getKey();
      if (mentions(s.body(), var) && !declares(s.body(), var)) {
        src.append("    ").append(e.getValue().type()).append(' ').append(var)
            .append(" = (").append(e.getValue().type()).append(") given.get(\"").append(var).append("\");\n");
      }
    }
    src.append(s.body().indent(4));
    src.append("  }\n}\n");
    Path srcDir = Files.createDirectories(dir.resolve("src/readme"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path file = srcDir.resolve(name + ".java");
    Files.writeString(file, src.toString(), StandardCharsets.UTF_8);
    compile(file, classes, src.toString());
    Map<String, Object> values = new java.util.HashMap<>();
    given.forEach((k, v) -> values.put(k, v.value()));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        Snippets.class.getClassLoader())) {
      Method run = loader.loadClass("readme." + name).getMethod("run", Map.class);
      return captureOut(() -> run.invoke(null, values));
    }
  }

  /** Checks that every promised line was printed. */
  static void checkOutput(Snippet s, String printed) {
    List<String> got = printed.lines().map(String::strip).toList();
    for (String want : s.promisedOutput()) {
      if (!got.contains(want)) {
        throw new AssertionError("README line " + s.line() + " (" + s.heading() + ") promises output \""
            + want + "\" but the snippet printed:\n" + printed);
      }
    }
  }

  static boolean mentions(String body, String var) {
    return Pattern.compile("(?<![\\w.])" + Pattern.quote(var) + "\\b").matcher(body).find();
  }

  static boolean declares(String body, String var) {
    return Pattern.compile("\\b[A-Za-z_][\\w.]*(<[^;=()]*>)?(\\[\\])*\\s+" + Pattern.quote(var) + "\\s*[=:;]")
        .matcher(body).find();
  }

  private static void compile(Path file, Path classes, String source) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no system Java compiler: run the tests on a JDK");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
          "-proc:none", "--release", "17", "-Xlint:all", "-Werror", "-encoding", "UTF-8");
      boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
      if (!ok) {
        StringBuilder msg = new StringBuilder("README snippet does not compile:\n");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          msg.append("  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        msg.append("generated source:\n").append(source);
        throw new AssertionError(msg.toString());
      }
    }
  }

  interface Action {
    void run() throws Exception;
  }

  private static synchronized String captureOut(Action action) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
