package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.Closer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.GoSumInput;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.modcache.ModuleCache;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j modcache verify [GO_SUM]}: go mod verify, plus a check against the checksum database. */
@Command(
    name = "modcache",
    mixinStandardHelpOptions = true,
    description = "Checks the go command's module cache ($GOMODCACHE).",
    subcommands = {ModcacheCommand.Verify.class})
public final class ModcacheCommand extends GroupCommand {
  /** {@code modcache verify [GO_SUM]}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "For every module version of GO_SUM (default ./go.sum) does what go mod verify does: re-hashes"
            + " the cached zip and extracted directory and compares them with the .ziphash the go"
            + " command recorded; hashes the cached .mod file. Each hash must also equal the go.sum line"
            + " and the checksum database's record (unless GOSUMDB=off or the module matches"
            + " GONOSUMDB/GOPRIVATE; --offline uses only the sumdb cache).",
        "A module version whose zip and directory (or .mod) are not in the cache is skipped, as by go"
            + " mod verify.",
        "Exit code 0 if every cached module verified; 1 if one was modified or mismatches; 3 on a"
            + " security failure of the database; 4 if it is unavailable."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @Mixin LineResults.FormatOption format;

    @Option(names = "--gomodcache", paramLabel = "DIR", description = "the module cache (default: $GOMODCACHE or $GOPATH/pkg/mod)")
    Path gomodcache;

    @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
    boolean json;

    @Mixin EvidenceOption evidence;

    @Parameters(paramLabel = "GO_SUM", arity = "0..1", description = "the go.sum file (default: ./go.sum; - reads standard input)")
    Path goSumPath;

    /** What the cache says about one go.sum line before the database is asked. */
    private record Local(GoSumLine line, ModuleVersion module, String cacheHash, String verdict, String message,
        int exitCode) {}

    @Override
    public Integer call() throws Exception {
      try (Closer open = new Closer()) {
        return call(open);
      }
    }

    private Integer call(Closer open) throws Exception {
      Path path = goSumPath == null ? Path.of("go.sum") : goSumPath;
      GoSumFile goSum = GoSumInput.isStdin(path) ? GoSumInput.read(System.in)
          : GoSumFile.parse(path.toString(), Output.read(path, "go.sum file"));
      Map<String, String> env = Output.environment(spec);
      SumdbConfig config = db.config(env);
      Path root = gomodcache != null ? gomodcache : config.modCache().orElseThrow(
          () -> new UserInputException("no module cache: set GOMODCACHE or GOPATH, or give --gomodcache"));
      if (!Files.isDirectory(root)) { // a typo must not pass as "nothing to check"
        throw new UserInputException("module cache " + root + (Files.exists(root)
            ? " is not a directory" : " does not exist") + (gomodcache != null ? " (--gomodcache)" : ""));
      }
      ModuleCache cache = ModuleCache.at(root.toAbsolutePath());
      Output.Progress progress = new Output.Progress(spec.commandLine().getErr());

      List<Local> locals = new ArrayList<>();
      Map<ModuleVersion, ModuleCache.ModuleCheck> checks = new HashMap<>();
      Set<ModuleVersion> wanted = new LinkedHashSet<>();
      int n = 0;
      for (GoSumLine l : goSum.lines()) {
        progress.show("hashing " + (++n) + "/" + goSum.lines().size() + ": " + l.path() + " " + l.version());
        Local local = local(l, cache, checks);
        locals.add(local);
        if (local.cacheHash() != null && !config.off() && !config.skip(l.path())) {
          wanted.add(local.module());
        }
      }

      Map<ModuleVersion, Outcome> outcomes = Map.of();
      Exception whole = null;
      DatabaseOptions.Session session = null;
      if (!config.off()) {
        session = open.add(db.open(env));
        if (!wanted.isEmpty()) {
          progress.show("looking up " + wanted.size() + " module versions...");
          SumdbClient client = session.client();
          try {
            outcomes = client.lookupAll(wanted);
          } catch (LogMisbehaviorException e) {
            progress.done();
            return Forks.report(spec.commandLine().getErr(), e, evidence.file);
          } catch (SumdbException | IOException e) {
            whole = e;
          }
        }
      }
      progress.done();

      LineResults lines = new LineResults("ok", "mismatch", "modified", "not-found", "skipped", "error");
      for (Local local : locals) {
        GoSumLine l = local.line();
        if (local.cacheHash() == null || local.exitCode() != ExitCodes.OK) {
          lines.add(l, local.verdict(), local.message(), local.exitCode());
        } else if (config.off()) {
          lines.add(l, "ok", "module cache (GOSUMDB=off: database not consulted)", ExitCodes.OK);
        } else if (config.skip(l.path())) {
          lines.add(l, "ok", "module cache (matches GONOSUMDB/GOPRIVATE: database not consulted)", ExitCodes.OK);
        } else if (whole != null) {
          lines.add(l, "error", "module cache ok, database: " + Failures.message(whole), Codes.ofLookupFailure(whole));
        } else {
          Outcome o = outcomes.get(local.module());
          if (o.failure().isPresent()) {
            Exception f = o.failure().get();
            lines.add(l, o.isNotFound() ? "not-found" : "error", "module cache ok, database: " + Failures.message(f),
                Codes.ofLookupFailure(f));
          } else {
            LookupResult r = o.result().orElseThrow();
            List<String> hashes = r.hashes(l.version());
            if (hashes.contains(local.cacheHash())) {
              lines.add(l, "ok", "module cache and database record " + r.recordId(), ExitCodes.OK);
            } else {
              lines.add(l, "mismatch", "database record " + r.recordId() + " has "
                  + (hashes.isEmpty() ? "no such line" : String.join(", ", hashes)),
                  hashes.isEmpty() ? ExitCodes.SECURITY : ExitCodes.FAILED);
            }
          }
        }
      }

      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("goSum", path.toString());
        doc.put("gomodcache", root.toString());
        doc.put("database", config.off() ? null : session.database().name());
        doc.put("offline", db.offline);
        lines.putJson(doc);
        Output.print(out, doc);
      } else {
        lines.printText(out, format.format);
      }
      PrintWriter err = spec.commandLine().getErr();
      // "ok" lines matched the module cache only: a passing run must not read as database-checked
      err.println("sumdb4j: " + lines.summary() + checked(lines, root)
          + (config.off() ? "; the checksum database was not consulted (GOSUMDB=off)" : ""));
      err.flush();
      return lines.exitCode();
    }

    /**
     * How much a passing run checked: "all modules verified" only if no line was skipped; otherwise
     * how many lines were checked, so that lines skipped for an empty cache never read as verified.
     */
    private static String checked(LineResults lines, Path root) {
      if (lines.exitCode() != ExitCodes.OK) {
        return "";
      }
      int total = lines.size();
      int ok = lines.counts().getOrDefault("ok", 0);
      if (ok == total) {
        return "; all modules verified";
      }
      if (ok == 0) {
        return "; nothing verified: every line was skipped (module cache " + root + ")";
      }
      return "; only " + ok + " of " + total + " lines verified, the others were skipped (module cache " + root + ")";
    }

    private static Local local(GoSumLine l, ModuleCache cache, Map<ModuleVersion, ModuleCache.ModuleCheck> checks)
        throws IOException, SumdbException {
      if (l.isIgnoredByGoCommand()) {
        return new Local(l, null, null, "skipped", "the go command ignores this empty go.mod hash", ExitCodes.OK);
      }
      ModuleVersion mv = ModuleVersion.of(l.path(), l.moduleVersion());
      String hash;
      if (l.isGoMod()) {
        Optional<String> h = cache.goModHash(mv);
        if (h.isEmpty()) {
          return new Local(l, mv, null, "skipped", "go.mod not in the module cache", ExitCodes.OK);
        }
        hash = h.get();
      } else {
        ModuleCache.ModuleCheck c = checks.get(mv);
        if (c == null) {
          c = cache.verify(mv);
          checks.put(mv, c);
        }
        switch (c.status()) {
          case ABSENT -> {
            return new Local(l, mv, null, "skipped", "zip not in the module cache", ExitCodes.OK);
          }
          case MISSING_ZIPHASH, MODIFIED -> {
            return new Local(l, mv, null, c.status() == ModuleCache.Status.MODIFIED ? "modified" : "error",
                String.join("; ", c.problems()), ExitCodes.FAILED);
          }
          case OK -> hash = c.zipHash().orElseThrow();
          default -> throw new AssertionError("bad math: status " + c.status());
        }
      }
      if (!hash.equals(l.hash())) {
        return new Local(l, mv, null, "mismatch", "module cache has " + hash, ExitCodes.FAILED);
      }
      return new Local(l, mv, hash, "ok", null, ExitCodes.OK);
    }
  }
}
