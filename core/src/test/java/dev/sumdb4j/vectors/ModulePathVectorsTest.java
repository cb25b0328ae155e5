package dev.sumdb4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.testdata.vectors.ModuleVectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Checks CheckPath, EscapePath/UnescapePath and EscapeVersion/UnescapeVersion against x/mod v0.7.0. */
class ModulePathVectorsTest {

  @TestFactory
  Stream<DynamicTest> checkPath_vector_givesGoVerdict() {
    return ModuleVectors.paths().paths().stream().map(v -> dynamicTest(
        "checkPath[" + Codecs.quote(v.path()) + "] " + (v.checkPathOk() ? "ok" : "go: " + v.goError()), () -> {
          if (v.checkPathOk()) {
            ModulePaths.checkPath(v.path());
            assertEquals(v.escaped(), ModulePaths.escapePath(v.path()));
            assertEquals(v.path(), ModulePaths.unescapePath(v.escaped()));
          } else {
            MalformedInputException e =
                assertThrows(MalformedInputException.class, () -> ModulePaths.checkPath(v.path()));
            assertTrue(String.valueOf(e.getMessage()).contains(v.goReason()),
                "message " + Codecs.quote(String.valueOf(e.getMessage())) + " lacks Go's reason " + Codecs.quote(v.goReason()));
            assertThrows(MalformedInputException.class, () -> ModulePaths.escapePath(v.path()));
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> escapeVersion_vector_givesGoResult() {
    return ModuleVectors.paths().versions().stream().map(v -> dynamicTest(
        "escapeVersion[" + Codecs.quote(v.version()) + "] " + (v.ok() ? v.escaped() : "go: " + v.goError()), () -> {
          if (v.ok()) {
            assertEquals(v.escaped(), ModulePaths.escapeVersion(v.version()));
            assertEquals(v.version(), ModulePaths.unescapeVersion(v.escaped()));
          } else {
            assertThrows(MalformedInputException.class, () -> ModulePaths.escapeVersion(v.version()));
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> unescapePath_vector_givesGoResult() {
    return ModuleVectors.paths().unescapePaths().stream().map(v -> dynamicTest(
        "unescapePath[" + Codecs.quote(v.escaped()) + "] " + (v.ok() ? v.result() : "fails"), () -> {
          if (v.ok()) {
            assertEquals(v.result(), ModulePaths.unescapePath(v.escaped()));
          } else {
            assertThrows(MalformedInputException.class, () -> ModulePaths.unescapePath(v.escaped()));
          }
        }));
  }
}
