package dev.sumdb4j.tlog.client;

import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.http.NotFoundException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of looking up one module version in {@link SumdbClient#lookupAll}: an authenticated
 * {@link LookupResult}, or the failure of that one lookup (not found, a transport error, malformed
 * input). Security failures are never an outcome: {@code lookupAll} throws them.
 */
public final class Outcome {
  private final ModuleVersion module;
  private final LookupResult result;
  private final Exception failure;

  private Outcome(ModuleVersion module, LookupResult result, Exception failure) {
    this.module = Objects.requireNonNull(module, "module");
    this.result = result;
    this.failure = failure;
  }

  static Outcome of(LookupResult result) {
    return new Outcome(result.module(), result, null);
  }

  static Outcome failed(ModuleVersion module, Exception failure) {
    return new Outcome(module, null, Objects.requireNonNull(failure, "failure"));
  }

  /** {@return the module version looked up} */
  public ModuleVersion module() {
    return module;
  }

  /** {@return the authenticated result, if the lookup succeeded} */
  public Optional<LookupResult> result() {
    return Optional.ofNullable(result);
  }

  /** {@return why the lookup failed, if it did} */
  public Optional<Exception> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@return whether the database does not know the module version (a 404 or 410 answer)} */
  public boolean isNotFound() {
    return failure instanceof NotFoundException;
  }

  /** Returns the result or a short description of the failure. */
  @Override
  public String toString() {
    return result != null ? module + ": record " + result.recordId() : module + ": " + failure.getMessage();
  }
}
