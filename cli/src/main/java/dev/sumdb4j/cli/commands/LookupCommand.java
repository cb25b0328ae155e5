package dev.sumdb4j.cli.commands;

import dev.sumdb4j.cli.common.Closer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.Failures;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.client.LogMisbehaviorException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j lookup MODULE@VERSION...}: the authenticated go.sum lines of module versions. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Looks up module versions in the checksum database and prints the go.sum lines of each"
          + " authenticated record, its record id and the signed tree it was proved in.",
      "Exit code 0 if every module version was found; 1 if one is not in the database; 3 on a"
          + " security failure; 4 if the database or the cache is unavailable."})
public final class LookupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions db;

  @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
  boolean json;

  @Mixin EvidenceOption evidence;

  @Parameters(paramLabel = "MODULE@VERSION", arity = "1..*", description = "module versions, e.g. rsc.io/quote@v1.5.2")
  List<String> modules = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (Closer open = new Closer()) {
      return call(open);
    }
  }

  private Integer call(Closer open) throws Exception {
    List<ModuleVersion> wanted = new ArrayList<>();
    for (String m : modules) {
      wanted.add(ModuleVersion.parse(m));
    }
    DatabaseOptions.Session session = open.add(db.open(Output.environment(spec)));
    SumdbClient client = session.client();
    Map<ModuleVersion, Outcome> outcomes;
    try {
      outcomes = client.lookupAll(wanted);
    } catch (LogMisbehaviorException e) {
      return Forks.report(spec.commandLine().getErr(), e, evidence.file);
    }
    int exit = ExitCodes.OK;
    for (Outcome o : outcomes.values()) {
      if (o.failure().isPresent()) {
        exit = ExitCodes.worse(exit, Codes.ofLookupFailure(o.failure().get()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    SignedTree tree = client.latest();
    if (json) {
      ObjectNode doc = Output.document();
      doc.put("database", client.name());
      doc.put("offline", session.offline());
      Trees.put(doc, "tree", tree);
      ArrayNode results = doc.putArray("results");
      for (Outcome o : outcomes.values()) {
        ObjectNode r = results.addObject();
        r.put("module", o.module().toString());
        if (o.result().isPresent()) {
          LookupResult l = o.result().get();
          r.put("found", true);
          r.put("recordId", l.recordId());
          r.put("treeSize", l.tree().size());
          ArrayNode lines = r.putArray("lines");
          l.lines().forEach(lines::add);
          r.putNull("message");
        } else {
          r.put("found", false);
          r.putNull("recordId");
          r.putNull("treeSize");
          r.putArray("lines");
          r.put("message", Failures.message(o.failure().get()));
        }
      }
      doc.put("exitCode", exit);
      doc.put("message", exit == ExitCodes.OK ? null : failureSummary(outcomes.values()));
      Output.print(out, doc);
    } else {
      for (Outcome o : outcomes.values()) {
        if (o.result().isPresent()) {
          LookupResult l = o.result().get();
          out.println("# " + o.module() + ": record " + l.recordId() + " in " + Trees.describe(l.tree()));
          l.lines().forEach(out::println);
        } else {
          out.println("# " + o.module() + ": " + (o.isNotFound() ? "not found: " : "error: ")
              + Failures.message(o.failure().get()));
        }
      }
      out.flush();
    }
    return exit;
  }

  /** The first failed lookup, in the words of its result, and how many others failed. */
  private static String failureSummary(java.util.Collection<Outcome> outcomes) {
    List<Outcome> failed = outcomes.stream().filter(o -> o.failure().isPresent()).toList();
    if (failed.isEmpty()) {
      return null;
    }
    Outcome first = failed.get(0);
    return first.module() + ": " + (first.isNotFound() ? "not found: " : "")
        + Failures.message(first.failure().get())
        + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more failed lookups)" : "");
  }
}
