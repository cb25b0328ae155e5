package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.module.ModuleVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds module zips for tests (the go command's layout: {@code <path>@<version>/<file>}). */
public final class ModuleZips {
  private ModuleZips() {}

  /** A module zip of {@code mv} with {@code files} (names relative to the module root). */
  public static byte[] zip(ModuleVersion mv, Map<String, String> files) {
    Map<String, String> full = new LinkedHashMap<>();
    files.forEach((k, v) -> full.put(mv.path() + "@" + mv.version() + "/" + k, v));
    return raw(full);
  }

  /** A zip with exactly these entry names and contents. */
  public static byte[] raw(Map<String, String> entries) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** A typical small module: go.mod, a Go file and a LICENSE. */
  public static Map<String, String> files(ModuleVersion mv, String seed) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("go.mod", goMod(mv));
    m.put("LICENSE", "license " + seed + "\n");
    m.put("pkg/" + seed + ".go", "package pkg\n\n// " + seed + "\nconst X = \"" + mv + "\"\n");
    return m;
  }

  /** A go.mod for {@code mv}. */
  public static String goMod(ModuleVersion mv) {
    return "module " + mv.path() + "\n\ngo 1.19\n";
  }
}
