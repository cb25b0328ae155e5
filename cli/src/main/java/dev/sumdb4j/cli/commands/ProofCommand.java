package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.Closer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.GoSumInput;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.gosum.GoSumLine;
import dev.sumdb4j.internal.NewFiles;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.bundle.CheckpointConsistency;
import dev.sumdb4j.tlog.bundle.GoSumCoverage;
import dev.sumdb4j.tlog.bundle.ProofBundle;
import dev.sumdb4j.tlog.bundle.ProofExport;
import dev.sumdb4j.tlog.bundle.ProvedRecord;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.RecordText;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.config.SumdbConfig;
import dev.sumdb4j.tlog.http.ResponseCaps;
import dev.sumdb4j.tlog.proof.TlogProof;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j proof export|verify}: offline inclusion proofs for every line of a go.sum. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = "Exports and checks offline inclusion proofs (c2sp.org/tlog-proof@v1) for the lines of a go.sum.",
    subcommands = {ProofCommand.Export.class, ProofCommand.Verify.class})
public final class ProofCommand extends GroupCommand {
  /** The extension of c2sp.org/tlog-proof@v1 files. */
  static final String PROOF_EXT = ".tlog-proof";
  /** The extension of the leaf-data (record text) files beside them. */
  static final String RAW_EXT = ".raw";

  /** Whether the database need not (export) or cannot (verify) prove {@code l}. */
  static String skipReason(GoSumLine l, SumdbConfig config) {
    if (l.isIgnoredByGoCommand()) {
      return "the go command ignores this empty go.mod hash";
    }
    if (config != null && config.skip(l.path())) {
      return "matches GONOSUMDB/GOPRIVATE";
    }
    return null;
  }

  /** Where the output goes: one bundle file or a directory of proofs. */
  static final class Destination {
    @Option(names = "--bundle", paramLabel = "FILE", required = true,
        description = "write one JSON proof bundle (one checkpoint, every record with its proof)")
    Path bundle;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
        description = "write a directory: <escaped module>@<version>.tlog-proof (c2sp.org/tlog-proof@v1)"
            + " and .raw (the record text) per record")
    Path dir;
  }

  /** {@code proof export [GO_SUM] --bundle FILE | --dir DIR}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
        "Looks up every module version of GO_SUM (default ./go.sum) in the checksum database and"
            + " writes, for each record, its inclusion proof in the newest signed tree: one bundle file"
            + " or a directory of c2sp.org/tlog-proof@v1 files. Nothing is written unless every line"
            + " (except GONOSUMDB/GOPRIVATE ones) is in the database with the go.sum's hash.",
        "Exit codes as for verify."})
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @Mixin LineResults.FormatOption format;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
    boolean json;

    @Mixin EvidenceOption evidence;

    @Parameters(paramLabel = "GO_SUM", arity = "0..1", description = "the go.sum file (default: ./go.sum; - reads standard input)")
    Path goSumPath;

    @Override
    public Integer call() throws Exception {
      try (Closer open = new Closer()) {
        return call(open);
      }
    }

    private Integer call(Closer open) throws Exception {
      Path path = goSumPath == null ? Path.of("go.sum") : goSumPath;
      // Without --go-sum and without ./go.sum: the proofs alone, and what they prove.
      boolean proofsOnly = goSumPath == null && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      GoSumFile goSum = proofsOnly ? GoSumFile.parse(path.toString(), new byte[0])
          : GoSumInput.isStdin(path) ? GoSumInput.read(System.in)
          : GoSumFile.parse(path.toString(), Output.read(path, "go.sum file"));
      DatabaseOptions.Session session = open.add(db.open(Output.environment(spec)));
      LineResults lines = new LineResults("ok", "mismatch", "not-found", "error");
      Map<GoSumLine, ModuleVersion> modules = new LinkedHashMap<>();
      Set<ModuleVersion> wanted = new LinkedHashSet<>();
      for (GoSumLine l : goSum.lines()) {
        String skip = skipReason(l, session.config());
        if (skip != null) {
          continue;
        }
        if (!l.algorithm().equals("h1")) {
          lines.add(l, "error", "unknown hash algorithm " + l.algorithm(), ExitCodes.USAGE);
          continue;
        }
        ModuleVersion mv = ModuleVersion.of(l.path(), l.moduleVersion());
        modules.put(l, mv);
        wanted.add(mv);
      }
      Output.Progress progress = new Output.Progress(spec.commandLine().getErr());
      progress.show("looking up " + wanted.size() + " module versions...");
      SumdbClient client = session.client();
      Map<ModuleVersion, Outcome> outcomes;
      try {
        outcomes = client.lookupAll(wanted);
      } catch (LogMisbehaviorException e) {
        progress.done();
        return Forks.report(spec.commandLine().getErr(), e, evidence.file);
      }
      List<LookupResult> results = new ArrayList<>();
      for (Map.Entry<GoSumLine, ModuleVersion> e : modules.entrySet()) {
        GoSumLine l = e.getKey();
        Outcome o = outcomes.get(e.getValue());
        if (o.failure().isPresent()) {
          Exception f = o.failure().get();
          lines.add(l, o.isNotFound() ? "not-found" : "error", Failures.message(f), Codes.ofLookupFailure(f));
          continue;
        }
        LookupResult r = o.result().orElseThrow();
        List<String> hashes = r.hashes(l.version());
        if (hashes.contains(l.hash())) {
          lines.add(l, "ok", "record " + r.recordId(), ExitCodes.OK);
          results.add(r);
        } else {
          lines.add(l, "mismatch", hashes.isEmpty() ? "record " + r.recordId() + " has no such line"
              : "database has " + hashes.get(0), hashes.isEmpty() ? ExitCodes.SECURITY : ExitCodes.FAILED);
        }
      }
      SignedTree tree = client.latest();
      ProofBundle bundle = null;
      if (lines.exitCode() == ExitCodes.OK && !results.isEmpty()) {
        progress.show("proving " + results.size() + " records in " + Trees.describe(tree) + "...");
        bundle = ProofExport.prove(tree, results, client.hashReader());
        write(bundle, results);
      }
      progress.done();
      PrintWriter out = spec.commandLine().getOut();
      String where = destination.bundle != null ? destination.bundle.toString() : destination.dir.toString();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("database", session.database().name());
        doc.put("offline", session.offline());
        Trees.put(doc, "tree", tree);
        doc.put("output", bundle == null ? null : where);
        doc.put("records", bundle == null ? 0 : bundle.entries().size());
        lines.putJson(doc);
        Output.print(out, doc);
      } else {
        lines.printText(out, format.format);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("sumdb4j: " + lines.summary() + (bundle == null ? "; nothing written"
          : "; " + bundle.entries().size() + " record proofs in " + Trees.describe(tree) + " written to " + where));
      err.flush();
      return lines.exitCode();
    }

    private void write(ProofBundle bundle, List<LookupResult> results)
        throws IOException, MalformedInputException, UserInputException {
      try {
        writeNew(bundle, results);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new UserInputException(e.getFile() + " exists: not replacing it (remove it or export elsewhere)");
      }
    }

    /** Writes new files only (never through a link, never over a file: NewFiles). */
    private void writeNew(ProofBundle bundle, List<LookupResult> results) throws IOException, MalformedInputException {
      if (destination.bundle != null) {
        NewFiles.writeExclusive(destination.bundle, bundle.toJson().getBytes(StandardCharsets.UTF_8));
        return;
      }
      Map<Long, ModuleVersion> names = new HashMap<>();
      for (LookupResult r : results) {
        names.putIfAbsent(r.recordId(), r.module());
      }
      byte[] checkpoint = bundle.signedCheckpoint();
      for (ProofBundle.Entry e : bundle.entries()) {
        String base = names.get(e.index()).escaped();
        NewFiles.writeExclusive(destination.dir.resolve(base + PROOF_EXT), e.tlogProof(checkpoint).format());
        NewFiles.writeExclusive(destination.dir.resolve(base + RAW_EXT), e.recordText().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** {@code proof verify [--go-sum GO_SUM] [--key VKEY]... PROOF...}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Checks GO_SUM (default ./go.sum) against proofs with no network and no cache: every proof"
            + " must verify under the key, and every line (except GONOSUMDB/GOPRIVATE ones and the"
            + " ignored empty go.mod hash) must be listed by a proved record.",
        "PROOF is a bundle file (proof export --bundle), a c2sp.org/tlog-proof@v1 file (its record"
            + " text in its extra data or in a .raw file beside it), or a directory of them.",
        "Any two checkpoints signed by one key must be consistent where the proofs show it: of one"
            + " size, one hash; of two sizes, the subtrees both proofs show must agree. A conflict is"
            + " a fork (exit 3, evidence written to --evidence-out when the proofs carry it); a pair"
            + " the proofs cannot relate is a note.",
        "Exit code 0 if every line is proved; 1 if a line is not covered or mismatches; 3 if a proof"
            + " does not verify or the checkpoints conflict; 2 if an input is malformed."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LineResults.FormatOption format;

    @Option(names = "--go-sum", paramLabel = "GO_SUM", description = "the go.sum file (default: ./go.sum; - reads standard input)")
    Path goSumPath;

    @Option(names = "--key", paramLabel = "VKEY",
        description = "the database's verifier key, or @FILE; repeatable (default: the configured"
            + " GOSUMDB's key, sum.golang.org's unless set)")
    List<String> keys = new ArrayList<>();

    @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
    boolean json;

    @Mixin EvidenceOption evidence;

    @Parameters(paramLabel = "PROOF", arity = "1..*", description = "proof bundles, tlog-proof files or directories")
    List<Path> proofs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Path path = goSumPath == null ? Path.of("go.sum") : goSumPath;
      // Without --go-sum and without ./go.sum: the proofs alone, and what they prove.
      boolean proofsOnly = goSumPath == null && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      GoSumFile goSum = proofsOnly ? GoSumFile.parse(path.toString(), new byte[0])
          : GoSumInput.isStdin(path) ? GoSumInput.read(System.in)
          : GoSumFile.parse(path.toString(), Output.read(path, "go.sum file"));
      DatabaseOptions options = new DatabaseOptions();
      SumdbConfig config = options.config(Output.environment(spec));
      List<NoteVerifier> verifiers = new ArrayList<>();
      for (String k : keys) {
        verifiers.add(NoteCommand.parseVerifier(k));
      }
      if (verifiers.isEmpty()) {
        if (config.off()) {
          throw new UserInputException("GOSUMDB=off: give the database's key with --key");
        }
        verifiers.add(config.requireDatabase().verifier());
      }
      Verifiers known = Verifiers.of(verifiers);
      List<ProvedRecord> proved = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (Path p : proofFiles()) {
        try {
          proved.addAll(check(p, known));
        } catch (MalformedInputException e) {
          throw e;
        } catch (SumdbException e) {
          String m = Failures.message(e);
          failures.add(m.startsWith(p.toString()) ? m : p + ": " + m); // which proof file failed
        }
      }
      // Any two checkpoints of one key must be consistent, as far as the proofs show.
      List<CheckpointConsistency.Finding> findings = CheckpointConsistency.check(proved, verifiers);
      Map<Tree, String> forked = new HashMap<>();
      CheckpointConsistency.Finding withEvidence = null;
      for (CheckpointConsistency.Finding f : findings) {
        if (f.status() == CheckpointConsistency.Status.CONFLICT) {
          forked.putIfAbsent(f.older().tree(), "tree " + f.older().size() + " conflicts with tree " + f.newer().size());
          forked.putIfAbsent(f.newer().tree(), "tree " + f.newer().size() + " conflicts with tree " + f.older().size());
          if (withEvidence == null && f.evidence().isPresent()) {
            withEvidence = f;
          }
        }
      }
      LineResults lines = new LineResults("ok", "mismatch", "missing", "fork", "skipped");
      for (GoSumCoverage.LineCoverage c : GoSumCoverage.check(goSum, proved)) {
        GoSumLine l = c.line();
        String skip = skipReason(l, config);
        String fork = c.record() == null ? null : forked.get(c.record().tree().tree());
        if (fork != null && c.verdict() == GoSumCoverage.Verdict.PROVED) {
          lines.add(l, "fork", "record " + c.record().index() + " in tree " + c.record().tree().size() + ", but "
              + fork + " signed by the same key", ExitCodes.SECURITY);
          continue;
        }
        switch (c.verdict()) {
          case PROVED -> lines.add(l, "ok", "record " + c.record().index() + " in tree " + c.record().tree().size(),
              ExitCodes.OK);
          case MISMATCH -> lines.add(l, "mismatch", "record " + c.record().index() + " has "
              + String.join(", ", c.recordHashes()), ExitCodes.FAILED);
          case IGNORED -> lines.add(l, "skipped", skip, ExitCodes.OK);
          case MISSING -> {
            if (skip != null) {
              lines.add(l, "skipped", skip, ExitCodes.OK);
            } else {
              lines.add(l, "missing", "no proved record for " + l.path() + "@" + l.moduleVersion(), ExitCodes.FAILED);
            }
          }
          default -> throw new AssertionError("bad math: verdict " + c.verdict());
        }
      }
      int exit = failures.isEmpty() && forked.isEmpty() ? lines.exitCode() : ExitCodes.SECURITY;
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("goSum", proofsOnly ? null : path.toString());
        doc.put("proofs", proved.size());
        var records = doc.putArray("records");
        for (ProvedRecord r : proved) {
          ObjectNode o = records.addObject();
          o.put("proof", r.source());
          o.put("recordId", r.index());
          Trees.put(o, "tree", r.tree());
          var recordLines = o.putArray("lines");
          r.recordText().lines().forEach(recordLines::add);
        }
        var f = doc.putArray("proofFailures");
        failures.forEach(f::add);
        var cons = doc.putArray("consistency");
        for (CheckpointConsistency.Finding finding : findings) {
          ObjectNode o = cons.addObject();
          Trees.put(o, "older", finding.older());
          Trees.put(o, "newer", finding.newer());
          o.put("status", finding.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
          o.put("message", finding.message());
        }
        doc.put("evidenceFile", withEvidence == null ? null : evidence.file.toString());
        lines.putJson(doc);
        doc.put("exitCode", exit);
        Output.print(out, doc);
      } else if (proofsOnly) {
        for (ProvedRecord r : proved) {
          out.println("# record " + r.index() + " in " + Trees.describe(r.tree()) + ", proved by " + r.source());
          r.recordText().lines().forEach(out::println);
        }
      } else {
        lines.printText(out, format.format);
      }
      PrintWriter err = spec.commandLine().getErr();
      for (String f : failures) {
        err.println("sumdb4j: SECURITY: proof does not verify: " + f);
        if (format.format == LineResults.Format.github) {
          out.println(GithubAnnotations.error(path.toString(), 0, "proof does not verify: " + f));
        }
      }
      for (CheckpointConsistency.Finding f : findings) {
        if (f.status() == CheckpointConsistency.Status.NOT_SHOWN) {
          err.println("sumdb4j: note: " + f.message());
        } else if (f.status() == CheckpointConsistency.Status.CONFLICT && f != withEvidence) {
          err.println("sumdb4j: SECURITY: " + f.message());
          if (format.format == LineResults.Format.github) {
            out.println(GithubAnnotations.error(path.toString(), 0, f.message()));
          }
        }
      }
      if (withEvidence != null) {
        out.flush();
        Forks.report(err, new LogMisbehaviorException(withEvidence.message(), withEvidence.evidence().orElseThrow()),
            evidence.file);
        if (format.format == LineResults.Format.github) {
          out.println(GithubAnnotations.error(path.toString(), 0, withEvidence.message()));
        }
      }
      err.println("sumdb4j: " + (proofsOnly ? "no go.sum (none given, no ./go.sum): checked the proofs only"
          : lines.summary()) + "; " + proved.size() + " proved records"
          + (failures.isEmpty() ? "" : ", " + failures.size() + " proofs failed")
          + (forked.isEmpty() ? "" : ", " + forked.size() + " checkpoints in conflict (a fork)"));
      err.flush();
      out.flush();
      return exit;
    }

    private List<Path> proofFiles() throws IOException, UserInputException {
      List<Path> out = new ArrayList<>();
      for (Path p : proofs) {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            s.filter(f -> f.getFileName().toString().endsWith(PROOF_EXT) && Files.isRegularFile(f))
                .sorted().forEach(out::add);
          }
        } else if (Files.exists(p)) {
          out.add(p);
        } else {
          throw new UserInputException("no such proof file or directory: " + p);
        }
      }
      if (out.isEmpty()) {
        throw new UserInputException("no proofs found in " + proofs);
      }
      return out;
    }

    /** Verifies one proof file (a tlog-proof or a bundle) and returns its proved records. */
    private static List<ProvedRecord> check(Path p, Verifiers known)
        throws IOException, SumdbException, UserInputException {
      byte[] data = Output.read(p, "proof file");
      String source = p.toString();
      if (!startsWith(data, TlogProof.HEADER + "\n")) {
        return ProofBundle.fromJson(source, new String(data, StandardCharsets.UTF_8)).verify(source, known);
      }
      TlogProof proof = TlogProof.parse(source, data);
      Optional<byte[]> extra = proof.extraData();
      byte[] leaf;
      String name = p.getFileName().toString();
      Path raw = p.resolveSibling(name.endsWith(PROOF_EXT)
          ? name.substring(0, name.length() - PROOF_EXT.length()) + RAW_EXT : name + RAW_EXT);
      if (Files.isRegularFile(raw)) {
        leaf = Output.read(raw, "record file", ResponseCaps.MAX_RECORD_BYTES);
        if (extra.isPresent() && !java.util.Arrays.equals(extra.get(), leaf)) {
          throw new MalformedInputException(source, -1, "extra data differs from " + raw);
        }
      } else if (extra.isPresent()) {
        leaf = extra.get();
      } else {
        throw new MalformedInputException(source, -1, "no record text: the proof has no extra data and "
            + raw + " does not exist");
      }
      RecordText.check(source + " record", leaf);
      proof.verify(leaf, known, Checkpoint.SUMDB_ORIGIN);
      SignedTree tree = SignedTree.open(source + ": checkpoint", proof.signedCheckpoint(), known);
      return List.of(new ProvedRecord(source, proof.index(), new String(leaf, StandardCharsets.UTF_8), tree,
          proof.recordProof()));
    }

    private static boolean startsWith(byte[] data, String prefix) {
      byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
      return data.length >= p.length && java.util.Arrays.equals(data, 0, p.length, p, 0, p.length);
    }
  }
}
