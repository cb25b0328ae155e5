package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.client.Evidence;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j evidence verify FILE}: re-checks fork evidence offline. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Checks evidence that a checksum database misbehaved (signed inconsistent trees, or a"
        + " tree of size 0 with a hash other than the empty tree's).",
    subcommands = {EvidenceCommand.Verify.class})
public final class EvidenceCommand extends GroupCommand {
  /** {@code evidence verify [--key VKEY]... FILE}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Re-checks evidence JSON (written by verify, lookup, latest, proof verify or audit watch)"
            + " offline. Fork evidence: both signed notes verify with the key, the consistency proof"
            + " checks, and the hashes differ. Empty-tree evidence: the one note verifies and states"
            + " tree size 0 with a hash other than SHA-256 of the empty string.",
        "Exit code 0 if the evidence proves the database misbehaved; 1 if it does not (a note does"
            + " not verify, the proof fails, or there is no conflict); 2 if it is malformed."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", paramLabel = "VKEY",
        description = "the database's verifier key, or @FILE holding it; repeatable (default: the"
            + " configured GOSUMDB's key, sum.golang.org's unless set)")
    List<String> keys = new ArrayList<>();

    @Option(names = "--gosumdb", paramLabel = "VALUE", description = "take the default key from this GOSUMDB value")
    String gosumdb;

    @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "the evidence JSON file")
    Path file;

    @Override
    public Integer call() throws Exception {
      List<NoteVerifier> verifiers = new ArrayList<>();
      for (String k : keys) {
        verifiers.add(NoteCommand.parseVerifier(k));
      }
      if (verifiers.isEmpty()) {
        DatabaseOptions db = new DatabaseOptions();
        db.gosumdb = gosumdb;
        verifiers.add(db.config(Output.environment(spec)).requireDatabase().verifier());
      }
      String text = new String(Output.read(file, "evidence file", Output.MAX_EVIDENCE_FILE_BYTES), StandardCharsets.UTF_8);
      Evidence evidence = Evidence.fromJson(file.toString(), text);
      String failure = null;
      try {
        evidence.verify(Verifiers.of(verifiers));
      } catch (MalformedInputException e) {
        throw e;
      } catch (SumdbException e) {
        failure = Failures.message(e);
      }
      int exit = failure == null ? ExitCodes.OK : ExitCodes.FAILED;
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("file", file.toString());
        doc.put("valid", failure == null);
        doc.put("kind", evidence.kind().id());
        doc.put("olderSize", evidence.olderSize());
        doc.put("newerSize", evidence.newerSize());
        doc.put("computedHash", evidence.computedHash().toString());
        doc.put("message", failure);
        doc.put("exitCode", exit);
        Output.print(out, doc);
      } else if (failure == null) {
        out.println("valid " + evidence);
        out.println(evidence.securityReport());
        out.flush();
      } else {
        out.println("invalid evidence: " + failure);
        out.flush();
      }
      return exit;
    }
  }
}
