package dev.sumdb4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Semantic versions at the boundaries of their identifiers (PIT left these mutants alive in
 * {@code Semver}): empty identifiers, numeric ones with a leading zero (prerelease only), the
 * characters just outside [0-9A-Za-z-], and '+' inside build metadata. Every row is Go's verdict:
 * golang.org/x/mod 0.7.0 {@code semver.IsValid} and {@code semver.Canonical} on the same strings.
 */
class SemverBoundaryTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "v1.0.0-a | true | v1.0.0-a",
    "v1.0.0- | false | ''",
    "v1.0.0-01 | false | ''",
    "v1.0.0-00 | false | ''",
    "v1.0.0-09 | false | ''",
    "v1.0.0-0 | true | v1.0.0-0",
    "v1.0.0-10 | true | v1.0.0-10",
    "v1.0.0-0a | true | v1.0.0-0a",
    "v1.0.0-a.01 | false | ''",
    "v1.0.0-01.a | false | ''",
    "v1.0.0-a..b | false | ''",
    "v1.0.0-a. | false | ''",
    "v1.0.0-.a | false | ''",
    "v1.0.0-a_b | false | ''",
    "v1.0.0-a@ | false | ''",
    "v1.0.0-a[ | false | ''",
    "v1.0.0-a` | false | ''",
    "v1.0.0-a{ | false | ''",
    "v1.0.0-a/ | false | ''",
    "v1.0.0-a: | false | ''",
    "v1.0.0-AZaz09- | true | v1.0.0-AZaz09-",
    "v1.0.0+ | false | ''",
    "v1.0.0+01 | true | v1.0.0",
    "v1.0.0+a_b | false | ''",
    "v1.0.0+a..b | false | ''",
    "v1.0.0+a. | false | ''",
    "v1.0.0-a+b | true | v1.0.0-a",
    "v1.0.0-a+ | false | ''",
    "v1.0.0+a+b | false | ''",
    "v1.0.0+AZaz09- | true | v1.0.0",
  })
  void isValidAndCanonical_asGo(String v, boolean valid, String canonical) {
    assertEquals(valid, Semver.isValid(v), v);
    assertEquals(canonical, Semver.canonical(v), v);
  }
}
