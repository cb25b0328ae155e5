package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.MalformedInputException;
import org.junit.jupiter.api.Test;

class ModuleVersionTest {
  @Test
  void parse_pathAtVersion_roundTrips() throws Exception {
    ModuleVersion mv = ModuleVersion.parse("github.com/Azure/azure-sdk-for-go@v1.0.0-RC1");
    assertEquals("github.com/Azure/azure-sdk-for-go", mv.path());
    assertEquals("v1.0.0-RC1", mv.version());
    assertEquals("github.com/Azure/azure-sdk-for-go@v1.0.0-RC1", mv.toString());
    assertEquals("github.com/!azure/azure-sdk-for-go@v1.0.0-!r!c1", mv.escaped());
    assertEquals(mv, ModuleVersion.parse(mv.toString()));
  }

  @Test
  void parse_missingAt_throws() {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> ModuleVersion.parse("rsc.io/quote"));
    assertEquals("malformed module version \"rsc.io/quote\": missing @version", e.getMessage());
  }

  @Test
  void parse_goModSuffix_throws() {
    assertThrows(MalformedInputException.class, () -> ModuleVersion.parse("rsc.io/quote@v1.5.2/go.mod"));
  }

  @Test
  void constructor_invalid_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> new ModuleVersion("rsc.io/quote", "v1.5"));
    assertThrows(IllegalArgumentException.class, () -> new ModuleVersion(null, "v1.5.0"));
  }

  @Test
  void of_majorMismatch_throws() {
    assertThrows(MalformedInputException.class, () -> ModuleVersion.of("rsc.io/quote/v3", "v1.5.2"));
  }
}
