package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.testlog.TestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checksum database (a {@link TestLog}, whose records are the real h1 hashes of the zips and
 * go.mod files built here) and a {@link TestProxy} serving those files, with one module version
 * for each verdict. The proxy also serves the log at its own URL, so {@link #gosumdb()} names it.
 */
public final class ProxyFixture implements AutoCloseable {
  /** Each module version of the fixture and the verdict the audit must give it. */
  public final Map<ModuleVersion, Verdict> expected = new LinkedHashMap<>();
  /** The log. */
  public final TestLog log = TestLog.create("proxyaudit.test", 8);
  /** The proxy (and database). */
  public final TestProxy proxy;
  /** The versions that must verify. */
  public final List<ModuleVersion> good;

  /** Builds the fixture with {@code goodCount} good versions plus one of each finding. */
  public ProxyFixture(int goodCount) throws IOException {
    proxy = new TestProxy();
    proxy.remote(log);
    List<ModuleVersion> goods = new java.util.ArrayList<>();
    for (int i = 0; i < goodCount; i++) {
      ModuleVersion mv = mv(i % 3 == 1 ? "example.com/Upper" + i : "example.com/good" + i, "v1." + i + ".0");
      logged(mv, ModuleZips.files(mv, "g" + i), true);
      expected.put(mv, Verdict.OK);
      goods.add(mv);
    }
    good = List.copyOf(goods);
    // the proxy serves a zip with one file changed
    ModuleVersion zipBad = mv("example.com/zipbad", "v1.0.0");
    Map<String, String> files = ModuleZips.files(zipBad, "z");
    logged(zipBad, files, false);
    files.put("pkg/z.go", files.get("pkg/z.go") + "// backdoor\n");
    proxy.module(zipBad, ModuleZips.goMod(zipBad).getBytes(StandardCharsets.UTF_8), ModuleZips.zip(zipBad, files));
    expected.put(zipBad, Verdict.MISMATCH_ZIP);
    // the proxy serves a changed go.mod
    ModuleVersion modBad = mv("example.com/modbad", "v1.0.0");
    logged(modBad, ModuleZips.files(modBad, "m"), true);
    proxy.put(ModuleProxy.modPath(modBad), (ModuleZips.goMod(modBad) + "require evil.com/x v1.0.0\n")
        .getBytes(StandardCharsets.UTF_8));
    expected.put(modBad, Verdict.MISMATCH_MOD);
    // a zip with a file outside the module prefix
    ModuleVersion outside = mv("example.com/outside", "v1.0.0");
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("example.com/outside@v1.0.0/go.mod", ModuleZips.goMod(outside));
    raw.put("example.com/other@v1.0.0/x.go", "package x\n");
    loggedRaw(outside, raw);
    expected.put(outside, Verdict.INVALID_ZIP);
    // a zip with a case-fold collision
    ModuleVersion fold = mv("example.com/fold", "v1.0.0");
    Map<String, String> ff = ModuleZips.files(fold, "f");
    ff.put("pkg/readme.md", "a\n");
    ff.put("pkg/README.md", "b\n");
    loggedRaw(fold, prefixed(fold, ff));
    expected.put(fold, Verdict.INVALID_ZIP);
    // served, never logged
    ModuleVersion unlogged = mv("example.com/unlogged", "v1.0.0");
    Map<String, String> uf = ModuleZips.files(unlogged, "u");
    proxy.module(unlogged, uf.get("go.mod").getBytes(StandardCharsets.UTF_8), ModuleZips.zip(unlogged, uf));
    expected.put(unlogged, Verdict.NOT_IN_DATABASE);
    // logged, but the proxy answers 404 / 410
    ModuleVersion gone404 = mv("example.com/gone", "v1.0.0");
    logged(gone404, ModuleZips.files(gone404, "a"), false);
    proxy.status(ModuleProxy.zipPath(gone404), 404);
    proxy.put(ModuleProxy.modPath(gone404), ModuleZips.goMod(gone404).getBytes(StandardCharsets.UTF_8));
    expected.put(gone404, Verdict.GONE);
    ModuleVersion gone410 = mv("example.com/gone", "v1.1.0");
    logged(gone410, ModuleZips.files(gone410, "b"), false);
    proxy.status(ModuleProxy.modPath(gone410), 410);
    expected.put(gone410, Verdict.GONE);
    // a proxy that stalls in the middle of the zip
    ModuleVersion stall = mv("example.com/stall", "v1.0.0");
    Map<String, String> sf = ModuleZips.files(stall, "s");
    sf.put("big.txt", "x".repeat(200_000));
    logged(stall, sf, false);
    byte[] zip = ModuleZips.zip(stall, sf);
    proxy.put(ModuleProxy.modPath(stall), ModuleZips.goMod(stall).getBytes(StandardCharsets.UTF_8));
    proxy.stall(ModuleProxy.zipPath(stall), zip, zip.length / 2);
    expected.put(stall, Verdict.ERROR);
    // private: matches GONOSUMDB in the tests' environment
    ModuleVersion priv = mv("private.example/secret", "v1.0.0");
    expected.put(priv, Verdict.SKIPPED);
  }

  /** The GOSUMDB value naming the log at the proxy's URL. */
  public String gosumdb() {
    return log.verifierKey() + " " + proxy.url();
  }

  /** A list file ({@code path@version} lines) of every module version of the fixture. */
  public String listFile() {
    StringBuilder b = new StringBuilder("# fixture\n");
    expected.keySet().forEach(mv -> b.append(mv).append('\n'));
    return b.toString();
  }

  /** Writes a go.sum with the fixture's good versions (both lines each) to {@code file}. */
  public void writeGoSum(Path file, List<ModuleVersion> versions) throws IOException {
    StringBuilder b = new StringBuilder();
    for (ModuleVersion mv : versions) {
      b.append(mv.path()).append(' ').append(mv.version()).append(' ').append(hashes.get(mv)[0]).append('\n');
      b.append(mv.path()).append(' ').append(mv.version()).append("/go.mod ").append(hashes.get(mv)[1]).append('\n');
    }
    Files.writeString(file, b.toString());
  }

  private final Map<ModuleVersion, String[]> hashes = new LinkedHashMap<>();

  /** The records of the log, in order: each module version's two go.sum lines. */
  public List<String> records() {
    List<String> out = new java.util.ArrayList<>();
    hashes.forEach((mv, h) -> out.add(mv.path() + " " + mv.version() + " " + h[0] + "\n" + mv.path() + " "
        + mv.version() + "/go.mod " + h[1] + "\n"));
    return out;
  }

  /** Logs {@code mv} with the real hashes of a zip of {@code files}; serves it if {@code serve}. */
  private void logged(ModuleVersion mv, Map<String, String> files, boolean serve) {
    byte[] zip = ModuleZips.zip(mv, files);
    byte[] mod = files.get("go.mod").getBytes(StandardCharsets.UTF_8);
    add(mv, zip, mod);
    if (serve) {
      proxy.module(mv, mod, zip);
    }
  }

  private void loggedRaw(ModuleVersion mv, Map<String, String> entries) {
    byte[] zip = ModuleZips.raw(entries);
    byte[] mod = ModuleZips.goMod(mv).getBytes(StandardCharsets.UTF_8);
    add(mv, zip, mod);
    proxy.module(mv, mod, zip);
  }

  private void add(ModuleVersion mv, byte[] zip, byte[] mod) {
    String zh = zipHash(zip);
    String mh = DirHash.hashGoMod(mod);
    hashes.put(mv, new String[] {zh, mh});
    log.addModule(mv.path(), mv.version(), zh, mh);
  }

  /** The h1 of zip bytes. */
  public static String zipHash(byte[] zip) {
    try {
      Path f = Files.createTempFile("fixture", ".zip");
      try {
        Files.write(f, zip);
        return DirHash.hashZip(f);
      } finally {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedInputException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> prefixed(ModuleVersion mv, Map<String, String> files) {
    Map<String, String> m = new LinkedHashMap<>();
    files.forEach((k, v) -> m.put(mv.path() + "@" + mv.version() + "/" + k, v));
    return m;
  }

  private static ModuleVersion mv(String path, String version) {
    try {
      return ModuleVersion.of(path, version);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    proxy.close();
  }
}
