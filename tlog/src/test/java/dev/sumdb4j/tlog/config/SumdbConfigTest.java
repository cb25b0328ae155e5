package dev.sumdb4j.tlog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.module.PrefixPatterns;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.testdata.RealData;
import dev.sumdb4j.testdata.SpecialFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SumdbConfigTest {
  static final String PETER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String LOCALDEV = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";

  @TempDir Path tmp;

  /** A well-formed Ed25519 verifier key for any valid key name. */
  static String keyFor(String name) throws Exception {
    return SignerKey.generate(name, new SecureRandom()).verifierKey().toString();
  }

  static SumdbConfig.Database database(String name, String key, Optional<String> url) throws Exception {
    return new SumdbConfig.Database(name, VerifierKey.parse(key), url);
  }

  private static SumdbConfig.Database db(String gosumdb) throws MalformedInputException {
    return SumdbConfig.builder().gosumdb(gosumdb).build().database().orElseThrow();
  }

  private static String error(String gosumdb) {
    return assertThrows(MalformedInputException.class, () -> SumdbConfig.builder().gosumdb(gosumdb).build(),
        gosumdb).getMessage();
  }

  @Test
  void gosumdb_unsetOrEmpty_defaultsToSumGolangOrg() throws Exception {
    for (String v : new String[] {null, ""}) {
      SumdbConfig c = SumdbConfig.builder().gosumdb(v).build();
      assertEquals("sum.golang.org", c.gosumdb());
      assertEquals(database("sum.golang.org", RealData.SUM_GOLANG_ORG_KEY, Optional.empty()),
          c.database().orElseThrow());
      assertEquals("https://sum.golang.org", c.database().get().directUrl());
    }
    assertEquals(RealData.SUM_GOLANG_ORG_KEY, SumdbConfig.SUM_GOLANG_ORG_KEY);
  }

  @Test
  void gosumdb_off_disablesEverything() throws Exception {
    SumdbConfig c = SumdbConfig.builder().gosumdb("off").build();
    assertTrue(c.off());
    assertTrue(c.database().isEmpty());
    assertTrue(c.skip("rsc.io/quote"));
    SumdbException e = assertThrows(SumdbException.class, c::requireDatabase);
    assertEquals("checksum database disabled by GOSUMDB=off", e.getMessage());
    // the toolchain module is still checked (and so fails for want of a database)
    assertFalse(c.skip("golang.org/toolchain"));
  }

  @Test
  void gosumdb_forms_parsed() throws Exception {
    assertEquals(database("sum.golang.org", SumdbConfig.SUM_GOLANG_ORG_KEY, Optional.empty()),
        db("sum.golang.org"));
    assertEquals(database("sum.golang.org", SumdbConfig.SUM_GOLANG_ORG_KEY,
        Optional.of("https://sum.golang.google.cn")), db("sum.golang.google.cn"));
    assertEquals(database("sum.golang.org", SumdbConfig.SUM_GOLANG_ORG_KEY,
        Optional.of("http://127.0.0.1:8080/x")), db("sum.golang.org http://127.0.0.1:8080/x"));
    assertEquals(database("PeterNeumann", PETER, Optional.empty()), db(PETER));
    assertEquals(database("localhost.localdev/sumdb", LOCALDEV, Optional.of("https://h/p")),
        db("  " + LOCALDEV + "\t https://h/p \n"));
    assertEquals("PeterNeumann", db(PETER.replace("c74f20a3", "C74F20A3")).name());
    String withPort = keyFor("db.example.com:8443/a/b");
    assertEquals("db.example.com:8443/a/b", db(withPort).name());
  }

  @Test
  void gosumdb_aliasOnlyExact_otherwiseUnknownName() {
    assertTrue(error("sum.golang.google.cn/").startsWith("invalid GOSUMDB: malformed verifier id"));
    assertTrue(error("proxy.golang.org").startsWith("invalid GOSUMDB: malformed verifier id"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "' '| missing GOSUMDB",
      "a b c| invalid GOSUMDB: too many fields",
      "sum.golang.org https://x extra| invalid GOSUMDB: too many fields",
      "example.com| invalid GOSUMDB: malformed verifier id",
      "off https://x| invalid GOSUMDB: malformed verifier id",
      "PeterNeumann+c74f20a3| invalid GOSUMDB: malformed verifier id",
      "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW| invalid GOSUMDB: malformed verifier id",
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW| invalid GOSUMDB: invalid verifier hash",
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW| invalid GOSUMDB: unknown verifier algorithm",
      "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==| invalid GOSUMDB: malformed verifier id",
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra| invalid GOSUMDB: malformed verifier id",
      "sum.golang.org ftp://x| invalid GOSUMDB URL: unsupported scheme (must be https or http): ftp://x",
      "sum.golang.org file:///srv/sumdb| invalid GOSUMDB URL: unsupported scheme (must be https or http):"
          + " file:///srv/sumdb (the go command would read the database from that directory; serve it over"
          + " http(s), or use --offline with the go command's cache)",
      "sum.golang.org http://user:secret@x| invalid GOSUMDB URL: refusing to pass credentials to insecure URL:"
          + " http://user:xxxxx@x",
      "sum.golang.org https://user:secret@x/p| invalid GOSUMDB URL: credentials in the URL are not supported:"
          + " https://user:xxxxx@x/p",
      "sum.golang.org https://token@x| invalid GOSUMDB URL: credentials in the URL are not supported:"
          + " https://token@x",
      "sum.golang.org https://user:sec%20ret@x:8443| invalid GOSUMDB URL: credentials in the URL are not supported:"
          + " https://user:xxxxx@x:8443",
      "sum.golang.org https://x/?q| invalid GOSUMDB URL: must be scheme://host[:port][/path]: https://x/?q",
      "sum.golang.org ://x| invalid GOSUMDB URL: Expected scheme name at index 0: ://x",
  })
  void gosumdb_malformed_rejectedWithGoMessage(String value, String message) {
    String got = error(value);
    assertTrue(got.equals(message) || got.startsWith(message + ":"), got);
  }

  @Test
  void gosumdb_nameNotHostPath_rejected() throws Exception {
    for (String name : List.of("example.com/", "/path", "user@host", "host/a?b", "host/a%41", "host:port",
        "host/é", "h#x")) {
      String msg = error(keyFor(name));
      assertTrue(msg.startsWith("invalid sumdb name (must be host[/path]): " + name), msg);
    }
    // The offending character is quoted as every library message quotes text (Codecs.quote).
    assertTrue(error(keyFor("user@host")).endsWith(" (invalid character \"@\" in host)"), error(keyFor("user@host")));
    assertEquals("invalid sumdb name (must be host[/path]): \"host/\\u202e\" (invalid character \"\\u202e\" in path)",
        error(keyFor("host/\u202e")));
  }

  @Test
  void gosumdb_nameWithDotDotOrEmptyElement_rejectedAsConfiguration() throws Exception {
    // The name is the cache directory: the go command accepts these and cleans them into another
    // directory; the store refused them later with an unchecked exception (exit 4, as a bug).
    for (String name : List.of("db.example/../../escape", "db.example/./x", "db.example//x", "..", ".",
        "db.example/..")) {
      String msg = error(keyFor(name));
      assertEquals("invalid sumdb name (must be host[/path]): " + name + " (empty, . or .. element)", msg);
    }
  }

  @Test
  void gonosumdb_defaultsToGoprivateWhenUnsetOrEmpty() throws Exception {
    assertEquals("*.corp", SumdbConfig.builder().goprivate("*.corp").build().noSumDb());
    assertEquals("*.corp", SumdbConfig.builder().goprivate("*.corp").gonosumdb("").build().noSumDb());
    assertEquals("none", SumdbConfig.builder().goprivate("*.corp").gonosumdb("none").build().noSumDb());
    assertEquals("", SumdbConfig.builder().build().noSumDb());
  }

  @Test
  void skip_matchesPrefixPatterns() throws Exception {
    SumdbConfig c = SumdbConfig.builder().goprivate("*.corp.example.com,rsc.io/private").build();
    assertTrue(c.skip("git.corp.example.com/xyzzy"));
    assertTrue(c.skip("rsc.io/private/v2"));
    assertFalse(c.skip("rsc.io/quote"));
    assertFalse(c.skip("golang.org/x/text"));
    SumdbConfig none = SumdbConfig.builder().goprivate("*.corp.example.com").gonosumdb("none").build();
    assertFalse(none.skip("git.corp.example.com/xyzzy"));
    SumdbConfig all = SumdbConfig.builder().gonosumdb("*,golang.org").build();
    assertTrue(all.skip("rsc.io/quote"));
    assertFalse(all.skip("golang.org/toolchain"));
    // a single file:// proxy lifts the toolchain rule
    assertTrue(SumdbConfig.builder().gonosumdb("golang.org").goproxy("file:///tmp/p").build()
        .skip("golang.org/toolchain"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|rsc.io/quote|false", "/|rsc.io/quote|false", "*/quote|rsc.io/quote|true", "*/quo|rsc.io/quote|false",
      "*/quo??|rsc.io/quote|true", "*/quo*|rsc.io/quote|true", "*quo*|rsc.io/quote|false", "rsc.io|rsc.io/quote|true",
      "*.io|rsc.io/quote|true", "rsc.io/|rsc.io/quote|true", "rsc|rsc.io/quote|false", "rsc*|rsc.io/quote|true",
      "*/*/*|rsc.io/quote|false", "*/*/*/|rsc.io/quote|false", "'*/*/*,,'|rsc.io/quote|false",
      "'*/*/*,,*/quote'|rsc.io/quote|true", "',,*/quote'|rsc.io/quote|true",
      "rsc.io|rsc.io/quote/v3|true", "*/quote|rsc.io/quote/v3|true", "*/quote/|rsc.io/quote/v3|true",
      "*/quote/*|rsc.io/quote/v3|true", "*/quote/*/|rsc.io/quote/v3|true", "*/v3|rsc.io/quote/v3|false",
      "*/*/v3|rsc.io/quote/v3|true", "*/*/*|rsc.io/quote/v3|true", "*/*/*/|rsc.io/quote/v3|true",
      "'p,*/q'|p/x|true", "'p,*/q'|a/p|false", "*.corp.example.com|git.corp.example.com/xyzzy|true",
      "' rsc.io'|rsc.io/quote|false", "[|rsc.io|false",
      "r[a-z]c.io|rsc.io/quote|true", "r[^s]c.io|rsc.io/quote|false", "r[^a]c.io|rsc.io/quote|true",
      "rs\\c.io|rsc.io|true", "rsc.i\\|rsc.io|false", "[]a]|a|false", "[a-]|a|false", "a[|a[|false",
      "*[|abc|false", "r?c.io|rsc.io|true", "r??c.io|rsc.io|false", "*x*|abxcd|true", "a*c*e|abcde|true",
      "ü*|über.de|true", "?ber.de|über.de|true", "[ü]ber.de|über.de|true", "a*|ab/c|true", "a*b|a/b|false",
      "[\\]]|]|true", "[^]]|a|false", "*?|ab|true", "a\\*b|a*b|true", "a\\*b|axb|false",
  })
  void skip_goMatchPrefixPatternsTable(String globs, String target, boolean want) {
    assertEquals(want, PrefixPatterns.matches(globs, target), globs + " vs " + target);
  }

  @Test
  void goproxy_listParsing() throws Exception {
    assertEquals(List.of(new SumdbConfig.ProxyEntry("https://proxy.golang.org", false),
        new SumdbConfig.ProxyEntry("direct", false)), SumdbConfig.builder().build().proxies());
    assertEquals(List.of(new SumdbConfig.ProxyEntry("https://a.example", true),
        new SumdbConfig.ProxyEntry("http://b.example/x", false),
        new SumdbConfig.ProxyEntry("https://c.example:8080", false),
        new SumdbConfig.ProxyEntry("off", false)),
        GoProxyList.parse("https://a.example| http://b.example/x ,,c.example:8080,off,https://never"));
    assertEquals(List.of(new SumdbConfig.ProxyEntry("direct", false)), GoProxyList.parse("direct"));
    assertEquals(List.of(new SumdbConfig.ProxyEntry("file:///srv/proxy", true),
        new SumdbConfig.ProxyEntry("direct", false)), GoProxyList.parse("file:///srv/proxy|direct"));
    assertTrue(new SumdbConfig.ProxyEntry("off", false).isDirect());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "','| GOPROXY list is not the empty string, but contains no entries",
      "' '| GOPROXY list is not the empty string, but contains no entries",
      "foo| invalid proxy URL missing scheme: foo",
      "/srv/proxy| invalid proxy URL missing scheme: /srv/proxy",
      "ftp://x.example| invalid proxy URL scheme (must be https, http, file): ftp://x.example",
      "file://host/x| invalid file:// proxy URL with non-path elements: file://host/x",
  })
  void goproxy_malformed_rejected(String value, String message) {
    assertEquals(message, assertThrows(MalformedInputException.class, () -> GoProxyList.parse(value))
        .getMessage());
  }

  @Test
  void gopath_defaultsAndModCache() throws Exception {
    Map<String, String> env = Map.of("HOME", "/home/gopher", "GOENV", "off");
    SumdbConfig c = SumdbConfig.fromEnvironment(env);
    assertEquals(Optional.of(Path.of("/home/gopher/go")), c.gopath());
    assertEquals(Optional.of(Path.of("/home/gopher/go/pkg/mod")), c.modCache());
    assertEquals(Optional.of(Path.of("/home/gopher/go/pkg/sumdb")), c.sumdbDir());

    SumdbConfig d = SumdbConfig.fromEnvironment(Map.of("HOME", "/h", "GOENV", "off",
        "GOPATH", "/first:/second", "GOMODCACHE", "/cache"));
    assertEquals(Optional.of(Path.of("/first")), d.gopath());
    assertEquals(Optional.of(Path.of("/cache")), d.modCache());

    SumdbConfig none = SumdbConfig.fromEnvironment(Map.of("GOENV", "off"));
    assertTrue(none.gopath().isEmpty());
    assertTrue(none.modCache().isEmpty());
    assertTrue(none.sumdbDir().isEmpty());

    assertThrows(MalformedInputException.class,
        () -> SumdbConfig.fromEnvironment(Map.of("GOENV", "off", "GOPATH", "relative/dir")));
    assertThrows(MalformedInputException.class,
        () -> SumdbConfig.fromEnvironment(Map.of("GOENV", "off", "HOME", "/h", "GOMODCACHE", "rel")));
  }

  @Test
  void envFile_locations() {
    assertEquals(Optional.of(Path.of("/x/goenv")), GoEnvFiles.location(Map.of("GOENV", "/x/goenv")));
    assertEquals(Optional.empty(), GoEnvFiles.location(Map.of("GOENV", "off", "HOME", "/h")));
    assertEquals(Optional.empty(), GoEnvFiles.location(Map.of()));
    if (System.getProperty("os.name").toLowerCase().startsWith("linux")) {
      assertEquals(Optional.of(Path.of("/h/.config/go/env")), GoEnvFiles.location(Map.of("HOME", "/h")));
      assertEquals(Optional.of(Path.of("/xdg/go/env")),
          GoEnvFiles.location(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/xdg")));
      assertEquals(Optional.of(Path.of("/h/.config/go/env")),
          GoEnvFiles.location(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "")));
    }
  }

  @Test
  void parseEnvFile_goRules() {
    Map<String, String> m = GoEnvFiles.parse(
        ("GOSUMDB=off\n# comment=x\nlower=x\n\nNOEQUALS\nGOPRIVATE=a=b\nGOSUMDB=sum.golang.org\nGOPROXY= spaced \r\nEMPTY=")
            .getBytes(StandardCharsets.UTF_8));
    assertEquals(Map.of("GOSUMDB", "sum.golang.org", "GOPRIVATE", "a=b", "GOPROXY", " spaced \r", "EMPTY", ""), m);
  }

  @Test
  void fromEnvironment_envFileReadProcessEnvWins() throws IOException, MalformedInputException {
    Path goenv = tmp.resolve("xdg/go/env");
    Files.createDirectories(goenv.getParent());
    Files.writeString(goenv, "GOSUMDB=" + PETER + "\nGOPRIVATE=*.corp\nGOPROXY=https://file.example\n"
        + "GOPATH=/from/file\nGONOSUMDB=file.example\n");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", "/home/gopher");
    env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
    SumdbConfig c = SumdbConfig.fromEnvironment(env);
    assertEquals("PeterNeumann", c.database().orElseThrow().name());
    assertEquals("*.corp", c.goprivate());
    assertEquals("file.example", c.noSumDb());
    assertEquals("https://file.example", c.goproxy());
    assertEquals(Optional.of(Path.of("/from/file")), c.gopath());
    assertEquals(Optional.of(goenv), c.envFile());

    env.put("GOSUMDB", "off");
    env.put("GOPATH", "/from/env");
    env.put("GONOSUMDB", ""); // empty in the process environment: the file's value is used
    SumdbConfig d = SumdbConfig.fromEnvironment(env);
    assertTrue(d.off());
    assertEquals(Optional.of(Path.of("/from/env")), d.gopath());
    assertEquals("file.example", d.noSumDb());

    env.put("GOENV", "off");
    SumdbConfig e = SumdbConfig.fromEnvironment(env);
    assertEquals("", e.goprivate());
    assertEquals("https://proxy.golang.org,direct", e.goproxy());
  }

  @Test
  void fromEnvironment_gorootGoEnv_lowestPrecedence() throws Exception {
    Path goroot = tmp.resolve("goroot");
    Files.createDirectories(goroot);
    Files.writeString(goroot.resolve("go.env"), "# distribution defaults\nGOPROXY=direct\nGOSUMDB=off\n");
    Path userEnv = tmp.resolve("user-env");
    Files.writeString(userEnv, "GOSUMDB=sum.golang.org\n");
    SumdbConfig c = SumdbConfig.fromEnvironment(Map.of("GOROOT", goroot.toString(), "GOENV", userEnv.toString()));
    assertEquals("direct", c.goproxy());
    assertEquals("sum.golang.org", c.gosumdb());
    SumdbConfig d = SumdbConfig.fromEnvironment(Map.of("GOROOT", goroot.toString(), "GOENV", "off",
        "GOPROXY", "https://p.example"));
    assertTrue(d.off());
    assertEquals("https://p.example", d.goproxy());
  }

  @Test
  void fromEnvironment_goenvIsAFifo_ignoredNeverBlocks() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("goenv-fifo"));
    SumdbConfig c = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> SumdbConfig.fromEnvironment(Map.of("GOENV", fifo.toString(), "HOME", "/h")));
    assertEquals("sum.golang.org", c.gosumdb());
  }

  @Test
  void fromEnvironment_goenvPointsAtFile_missingFileIgnored() throws Exception {
    Path f = tmp.resolve("custom-env");
    Files.writeString(f, "GOSUMDB=sum.golang.google.cn\n");
    SumdbConfig c = SumdbConfig.fromEnvironment(Map.of("GOENV", f.toString()));
    assertEquals(Optional.of("https://sum.golang.google.cn"), c.database().orElseThrow().url());
    assertEquals("sum.golang.org", c.database().get().name());
    SumdbConfig d = SumdbConfig.fromEnvironment(Map.of("GOENV", tmp.resolve("absent").toString()));
    assertEquals("sum.golang.org", d.gosumdb());
  }

  @Test
  void fromEnvironment_badValueInFile_reported() throws Exception {
    Path f = tmp.resolve("env");
    Files.writeString(f, "GOSUMDB=a b c\n");
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> SumdbConfig.fromEnvironment(Map.of("GOENV", f.toString())));
    assertEquals("invalid GOSUMDB: too many fields", e.getMessage());
  }

  @Test
  void fromEnvironment_processEnvironment_loads() throws Exception {
    // whatever this machine's environment holds, reading it must not fail unless it is malformed
    SumdbConfig c = SumdbConfig.fromEnvironment();
    assertTrue(c.toString().startsWith("SumdbConfig{GOSUMDB="));
  }

  @Test
  void toString_namesEverything() throws Exception {
    SumdbConfig c = SumdbConfig.builder().gosumdb("sum.golang.org https://mirror.example").goprivate("*.corp")
        .goproxy("direct").gopath(Path.of("/gp")).build();
    assertEquals("SumdbConfig{GOSUMDB=sum.golang.org https://mirror.example (name=sum.golang.org, key="
        + SumdbConfig.SUM_GOLANG_ORG_KEY + ", url=https://mirror.example), GONOSUMDB=*.corp, GOPRIVATE=*.corp,"
        + " GOPROXY=direct, GOPATH=/gp, GOMODCACHE=/gp/pkg/mod, env file=(none)}", c.toString());
  }
}
