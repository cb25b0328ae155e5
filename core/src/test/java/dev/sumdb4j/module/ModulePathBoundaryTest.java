package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Module path rules at the boundaries PIT found untested, with Go's messages (checked against
 * golang.org/x/mod 0.7.0's CheckPath, CheckFilePath and Check on the same inputs): a Windows device name spelled in lower case from
 * its first letter, a gopkg.in path whose ".v" has no digits, a path that is all "v" and digits
 * after its first byte, and a version with a lone surrogate.
 */
class ModulePathBoundaryTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "example.com/aux | \"aux\" disallowed as path element component on Windows",
    "example.com/Aux.go | \"Aux\" disallowed as path element component on Windows",
    "example.com/lpt9 | \"lpt9\" disallowed as path element component on Windows",
    "example.com/con.d | \"con\" disallowed as path element component on Windows",
  })
  void windowsDeviceNames_anyCase_refused(String path, String reason) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.checkPath(path));
    assertEquals("malformed module path \"" + path + "\": " + reason, e.reason());
    String file = path.substring("example.com/".length());
    MalformedInputException f = assertThrows(MalformedInputException.class, () -> ModulePaths.checkFilePath(file));
    assertEquals("malformed file path \"" + file + "\": " + reason, f.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/auxx", "example.com/au", "example.com/lpt0", "example.com/com10", "example.com/x.aux"})
  void windowsDeviceNames_theirNeighbours_accepted(String path) throws Exception {
    ModulePaths.checkPath(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gopkg.in/yaml.v", "gopkg.in/yaml.v01", "gopkg.in/yaml", "gopkg.in/v"})
  void gopkgIn_withoutAMajorVersion_invalidVersion(String path) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.checkPath(path));
    assertEquals("malformed module path \"" + path + "\": invalid version", e.reason());
  }

  @Test
  void gopkgIn_withAMajorVersion_accepted() throws Exception {
    ModulePaths.checkPath("gopkg.in/yaml.v2");
    ModulePaths.checkPath("gopkg.in/yaml.v0");
    ModulePaths.checkPath("gopkg.in/yaml.v3-unstable");
    ModulePaths.checkPath("gopkg.in/yaml.v-unstable"); // as in Go: ".v-unstable" is longer than ".v"
    ModulePaths.check("gopkg.in/yaml.v2", "v2.4.0");
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> ModulePaths.check("gopkg.in/yaml.v2", "v3.0.0"));
    assertEquals("gopkg.in/yaml.v2@v3.0.0: invalid version: should be v2, not v3", e.reason());
  }

  @Test
  void pathOfOneLetterThenDigitsAndDots_hasNoMajorVersionSuffix() throws Exception {
    // Go's SplitPathVersion: i <= 1, so no "/vN" suffix (and no index before the path's start)
    ModulePaths.checkPath("v.5");
    ModulePaths.check("v.5", "v1.0.0");
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModulePaths.check("v.5", "v2.0.0"));
    assertEquals("v.5@v2.0.0: invalid version: should be v0 or v1, not v2", e.reason());
    // after a slash, "v" then digits and dots is a major version with a dot: invalid, as in Go
    assertEquals("malformed module path \"x.y/v.5\": invalid version",
        assertThrows(MalformedInputException.class, () -> ModulePaths.checkPath("x.y/v.5")).reason());
  }

  @Test
  void pathOfOnlyDigitsAndDots_scannedToItsStart() throws Exception {
    // Go 0.7.0 accepts "1.2" and "0.0.1" as module paths (no major version suffix)
    ModulePaths.checkPath("1.2");
    ModulePaths.check("0.0.1", "v1.0.0");
    assertEquals("1.2/v2@v1.0.0: invalid version: should be v2, not v1",
        assertThrows(MalformedInputException.class, () -> ModulePaths.check("1.2/v2", "v1.0.0")).reason());
  }

  @Test
  void version_loneSurrogate_refusedByEscape() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> ModulePaths.escapeVersion("v1.0.0-\ud800"));
    assertEquals("version \"v1.0.0-\\ud800\" invalid: disallowed version string", e.reason());
    assertThrows(MalformedInputException.class, () -> ModulePaths.escapeVersion("v1.0.0-\udc00x"));
  }

  @Test
  void pathMatch_badPatternAfterAFailedChunk_stillBad() {
    // Go 1.19's path.Match: ("x*[", "y"), ("x*[a", "y"), ("x*\\", "y") are syntax errors; ("x*[a]", "y") is no match
    for (String pattern : new String[] {"x*[", "x*[a", "x*\\"}) {
      assertEquals(false, PrefixPatterns.isWellFormed(pattern, "y"), pattern);
      assertEquals(false, PrefixPatterns.pathMatch(pattern, "y"), pattern);
    }
    assertEquals(true, PrefixPatterns.isWellFormed("x*[a]", "y"));
    assertEquals(false, PrefixPatterns.pathMatch("x*[a]", "y"));
  }
}
