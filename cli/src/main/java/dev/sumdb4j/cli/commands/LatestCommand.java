package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.Closer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.client.DamagedStateException;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sumdb4j latest}: fetches the newest signed tree, proves it consistent with the stored one
 * and stores it.
 */
@Command(
    name = "latest",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches the database's newest signed tree (GET /latest), proves it consistent with the tree"
          + " stored in $GOPATH/pkg/sumdb/<name>/latest (through authenticated tiles), stores it if it"
          + " is newer, and shows both. With --offline, shows the stored tree only.",
      "Exit code 0 if consistent; 3 if a signature fails or the trees are inconsistent (fork evidence"
          + " is written); 4 if the database is unavailable (or its answer is not a signed note),"
          + " offline with no stored tree, or the stored tree is damaged."})
public final class LatestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions db;

  @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
  boolean json;

  @Mixin EvidenceOption evidence;

  @Override
  public Integer call() throws Exception {
    try (Closer open = new Closer()) {
      return call(open);
    }
  }

  private Integer call(Closer open) throws Exception {
    DatabaseOptions.Session session = open.add(db.open(Output.environment(spec)));
    Verifiers key = Verifiers.of(session.database().verifier());
    byte[] storedBytes = session.store().readLatest();
    SignedTree stored = storedBytes == null || storedBytes.length == 0 ? SignedTree.empty()
        : openStored(session.store().latestFile(), storedBytes, key);
    SignedTree fetched = null;
    SignedTree now = stored;
    boolean updated = false;
    if (session.offline() && stored.isEmpty()) {
      print(session, stored, null, now, false, ExitCodes.UNAVAILABLE);
      spec.commandLine().getErr().println("sumdb4j: offline and no signed tree stored in "
          + session.store().latestFile() + ": run sumdb4j latest (or any go command) online first");
      return ExitCodes.UNAVAILABLE;
    }
    if (!session.offline()) {
      byte[] body = session.remote().get("/latest");
      fetched = openFetched(body, key);
      SumdbClient client = SumdbClient.builder().verifierKey(session.database().verifier())
          .store(session.store()).remote(session.remote()).build();
      try {
        now = client.merge("/latest", body); // proved consistent with the stored tree, stored if newer
        updated = !Arrays.equals(now.note(), storedBytes == null ? new byte[0] : storedBytes);
      } catch (LogMisbehaviorException e) {
        return Forks.report(spec.commandLine().getErr(), e, evidence.file);
      }
    }
    print(session, stored, fetched, now, updated, ExitCodes.OK);
    return ExitCodes.OK;
  }

  /** The stored tree: checked when it was written, so a failure is damaged local state (exit 4). */
  private static SignedTree openStored(Path file, byte[] note, Verifiers key) throws DamagedStateException {
    try {
      return SignedTree.open(file.toString(), note, key);
    } catch (SumdbException e) {
      throw new DamagedStateException(file, "the stored latest signed tree does not verify: " + e.getMessage(), e);
    }
  }

  /**
   * The fetched tree. An answer that is not a signed note at all (a captive portal's or proxy's
   * page) cannot be authenticated: the server's data, exit 3 as for a lookup answer, with a hint at
   * what may be in between.
   */
  private static SignedTree openFetched(byte[] body, Verifiers key) throws SumdbException {
    try {
      return SignedTree.open("/latest", body, key);
    } catch (MalformedInputException e) {
      throw new MalformedResponseException("/latest: the signed tree does not authenticate: the answer is not"
          + " a signed tree note (a captive portal or a proxy in between?)", e);
    }
  }

  private void print(DatabaseOptions.Session session, SignedTree stored, SignedTree fetched, SignedTree now,
      boolean updated, int exitCode) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode doc = Output.document();
      doc.put("database", session.database().name());
      doc.put("offline", session.offline());
      Trees.put(doc, "stored", stored);
      Trees.put(doc, "fetched", fetched);
      Trees.put(doc, "latest", now);
      doc.put("updated", updated);
      doc.put("exitCode", exitCode);
      Output.print(out, doc);
      return;
    }
    out.println("stored:  " + Trees.describe(stored));
    if (fetched != null) {
      out.println("fetched: " + Trees.describe(fetched));
      if (!stored.isEmpty() && fetched.size() != stored.size()) {
        SignedTree older = fetched.size() < stored.size() ? fetched : stored;
        SignedTree newer = older == fetched ? stored : fetched;
        out.println("consistent: tree " + older.size() + " is a prefix of tree " + newer.size());
      } else if (!stored.isEmpty()) {
        out.println("consistent: same tree");
      }
      out.println(updated ? "stored latest updated to " + Trees.describe(now) : "stored latest unchanged");
    }
    out.print(now.noteText());
    out.flush();
  }
}
