package dev.sumdb4j.tlog.verify;

import dev.sumdb4j.FailureKind;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks every line of go.sum files against the checksum database: all module versions are looked
 * up at once ({@link SumdbClient#lookupAll}), and each line gets its own verdict, duplicates
 * included. Unlike the go command, which consults the database only for hashes missing from
 * go.sum, this checks the hashes already there.
 *
 * <p>A security failure (the log misbehaved, a tile, signature or record failed authentication)
 * aborts with its exception: no line is ever reported OK on unauthenticated data.
 */
public final class GoSumVerifier {
  private final SumdbClient client;
  private final Predicate<String> skip;

  /**
   * Creates a verifier using {@code client}; modules whose path {@code skip} accepts (e.g. those
   * matching GONOSUMDB/GOPRIVATE, as {@code SumdbConfig} decides) are not looked up.
   *
   * @param client the client that looks up and authenticates records
   * @param skip accepts the module paths not to look up
   */
  public GoSumVerifier(SumdbClient client, Predicate<String> skip) {
    this.client = Objects.requireNonNull(client, "client");
    this.skip = Objects.requireNonNull(skip, "skip");
  }

  /**
   * Verifies every line of {@code files}, as {@link #verify(List)} does.
   *
   * @param files the go.sum files
   * @return one result per line, in file and line order
   * @throws SumdbException on a security failure, or offline if the cache is damaged; see {@link
   *     #verify(List)}
   * @throws IOException if the store fails
   */
  public GoSumReport verify(GoSumFile... files) throws IOException, SumdbException {
    return verify(List.of(files));
  }

  /**
   * Verifies every line of {@code files}.
   *
   * <p>Offline, a line whose lookup or tiles are not cached is an {@link LineVerdict#ERROR} naming
   * them ({@link LineError#UNAVAILABLE}); every other line still gets its verdict.
   *
   * @param files the go.sum files
   * @return one result per line, in file and line order
   * @throws SumdbException on a security failure ({@link dev.sumdb4j.VerificationException}), or
   *     offline if the cache is damaged ({@link dev.sumdb4j.LocalStateException}); see {@link
   *     SumdbClient#lookupAll}
   * @throws IOException if the store fails
   */
  public GoSumReport verify(List<GoSumFile> files) throws IOException, SumdbException {
    List<GoSumLine> lines = new ArrayList<>();
    files.forEach(f -> lines.addAll(f.lines()));
    Set<ModuleVersion> wanted = new LinkedHashSet<>();
    List<Plan> plans = new ArrayList<>();
    for (GoSumLine l : lines) {
      Plan p = plan(l);
      if (p instanceof Plan.Lookup lookup) {
        wanted.add(lookup.module());
      }
      plans.add(p);
    }
    Map<ModuleVersion, Outcome> outcomes = wanted.isEmpty() ? Map.of() : client.lookupAll(wanted);
    Map<String, HostUnavailableException> unreachable = new LinkedHashMap<>();
    for (Outcome o : outcomes.values()) {
      o.failure().flatMap(GoSumVerifier::unreachable).ifPresent(h -> unreachable.merge(h.host(), h,
          (a, b) -> !a.sent() && b.sent() ? b : a)); // the failure of a request sent says most
    }
    List<LineResult> results = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      results.add(plans.get(i).result(this, lines.get(i), outcomes));
    }
    // Every record of one lookupAll is proved in the same (newest) tree.
    SignedTree tree = outcomes.values().stream().flatMap(o -> o.result().stream()).map(LookupResult::tree)
        .findFirst().orElse(client.latest());
    return new GoSumReport(results, tree, List.copyOf(unreachable.values()));
  }

  /** What verifying one go.sum line takes: nothing (skipped), nothing possible (malformed), or a lookup. */
  private sealed interface Plan {
    /** The line's result, given the outcomes of the lookups. */
    LineResult result(GoSumVerifier v, GoSumLine l, Map<ModuleVersion, Outcome> outcomes);

    /** Not checked, for {@code reason}. */
    record Skip(String reason) implements Plan {
      @Override
      public LineResult result(GoSumVerifier v, GoSumLine l, Map<ModuleVersion, Outcome> outcomes) {
        return new LineResult(l, LineVerdict.SKIPPED, Optional.empty(), reason);
      }
    }

    /** Cannot be checked: the line's module path or version is invalid. */
    record Invalid(MalformedInputException failure) implements Plan {
      @Override
      public LineResult result(GoSumVerifier v, GoSumLine l, Map<ModuleVersion, Outcome> outcomes) {
        return LineResult.error(l, LineError.MALFORMED, failure.getMessage());
      }
    }

    /** Judged by the lookup of {@code module}. */
    record Lookup(ModuleVersion module) implements Plan {
      @Override
      public LineResult result(GoSumVerifier v, GoSumLine l, Map<ModuleVersion, Outcome> outcomes) {
        return v.judge(l, outcomes.get(module));
      }
    }
  }

  private Plan plan(GoSumLine l) {
    if (skip.test(l.path())) {
      return new Plan.Skip("module matches GONOSUMDB/GOPRIVATE: not checked");
    }
    if (l.isIgnoredByGoCommand()) {
      return new Plan.Skip("the empty go.mod hash is ignored by the go command: not checked");
    }
    try {
      return new Plan.Lookup(ModuleVersion.of(l.path(), l.moduleVersion()));
    } catch (MalformedInputException e) {
      return new Plan.Invalid(e);
    }
  }

  /**
   * {@return the {@link HostUnavailableException} in {@code e}'s causal chain, if any}
   *
   * @param e the failure
   */
  public static Optional<HostUnavailableException> unreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HostUnavailableException h) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  private LineResult judge(GoSumLine l, Outcome o) {
    if (o.isNotFound()) {
      return new LineResult(l, LineVerdict.NOT_FOUND, Optional.empty(),
          "not in the checksum database " + client.name() + ": " + o.failure().orElseThrow().getMessage());
    }
    if (o.result().isEmpty()) {
      Exception e = o.failure().orElseThrow();
      if (e instanceof MalformedResponseException || e instanceof MalformedInputException) {
        // The module version was valid: the database's response for it is malformed, so it cannot
        // be authenticated (a tampered response may fail to parse as well as fail to verify).
        return LineResult.error(l, LineError.SECURITY, "cannot authenticate the database's response: "
            + e.getMessage());
      }
      // A line whose algorithm is unknown could not be checked even if the lookup succeeded.
      // An unreachable host is reported once (GoSumReport.unreachable): each line refers to it.
      LineError why = !l.algorithm().equals("h1") ? LineError.MALFORMED
          : FailureKind.of(e) == FailureKind.MISBEHAVING_SERVER ? LineError.SECURITY : LineError.UNAVAILABLE;
      return LineResult.error(l, why, unreachable(e).map(HostUnavailableException::summary).orElse(e.getMessage()));
    }
    LookupResult r = o.result().get();
    List<String> hashes = r.hashes(l.version());
    if (hashes.contains(l.hash())) {
      return new LineResult(l, LineVerdict.OK, Optional.of(l.hash()), "");
    }
    String prefix = l.algorithm() + ":";
    Optional<String> same = hashes.stream().filter(h -> h.startsWith(prefix)).findFirst();
    if (same.isPresent()) {
      return new LineResult(l, LineVerdict.MISMATCH, same,
          "checksum mismatch: go.sum has " + l.hash() + ", " + client.name() + " has " + same.get()
          + " (record " + r.recordId() + ")");
    }
    if (hashes.isEmpty()) {
      return LineResult.error(l, LineError.SECURITY, "checksum missing from sumdb response: record "
          + r.recordId() + " has no line for " + l.path() + " " + l.version());
    }
    return LineResult.error(l, LineError.MALFORMED, "unknown hash algorithm " + l.algorithm()
        + ": record " + r.recordId() + " lists only " + String.join(", ", hashes));
  }
}
