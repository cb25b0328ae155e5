package dev.sumdb4j.cli.audit;

import dev.sumdb4j.cli.common.CommandEnvironment;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.cli.commands.DatabaseOptions;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.audit.MirrorDir;
import dev.sumdb4j.tlog.config.SumdbConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of every audit command that works on a mirror (a picocli mixin): where it is, whose
 * log (GOSUMDB, or {@code --gosumdb}, as every other command), and {@code --json}. {@code --key}
 * and {@code --url}, the options of earlier versions, still work but are hidden and deprecated:
 * they stand for {@code --gosumdb "KEY URL"} (KEY defaulting to sum.golang.org's).
 */
final class MirrorOptions {
  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the mirror directory")
  Path dir;

  @Option(names = "--gosumdb", paramLabel = "VALUE",
      description = "the database, as GOSUMDB: a name, a verifier key, either followed by a URL"
          + " (overrides the GOSUMDB environment variable)")
  String gosumdb;

  @Option(names = "--json", description = "print one JSON document (format version 1) instead of text")
  boolean json;

  @Option(names = "--key", paramLabel = "KEY", hidden = true,
      description = "deprecated: the log's verifier key; use --gosumdb KEY")
  String key;

  @Option(names = "--url", paramLabel = "URL", hidden = true,
      description = "deprecated: the log server; use --gosumdb \"KEY URL\"")
  String url;

  /** The mirror directory. */
  MirrorDir mirror() {
    return MirrorDir.at(dir);
  }

  /**
   * The database, from the environment of {@code spec}'s root command (GOSUMDB) and the options;
   * reports the deprecated options on {@code err}.
   *
   * @throws UserInputException if the configuration is invalid, GOSUMDB is off, or {@code
   *     --gosumdb} is given with {@code --key} or {@code --url}
   */
  Database database(CommandSpec spec, PrintWriter err) throws UserInputException {
    String value = gosumdb;
    if (key != null || url != null) {
      if (gosumdb != null) {
        throw new UserInputException("--key and --url are deprecated spellings of --gosumdb \"KEY URL\":"
            + " give --gosumdb alone");
      }
      value = (key != null ? key.strip() : AuditCommand.SUM_GOLANG_ORG_KEY) + (url != null ? " " + url.strip() : "");
      err.println("sumdb4j audit: --key and --url are deprecated and will be removed: use --gosumdb \""
          + (key != null ? "KEY" : "sum.golang.org's key") + (url != null ? " URL" : "") + "\"");
      err.flush();
    }
    Object root = spec.root().userObject();
    Map<String, String> env = CommandEnvironment.of(root);
    SumdbConfig config = DatabaseOptions.config(env, value);
    if (config.off()) {
      throw new UserInputException("checksum database disabled by GOSUMDB=off: no log to audit");
    }
    try {
      SumdbConfig.Database database = config.requireDatabase();
      return new Database(config, database, Verifiers.of(database.verifier()));
    } catch (SumdbException e) {
      throw new UserInputException("invalid configuration", e);
    }
  }

  /**
   * The configured database.
   *
   * @param config the configuration it comes from
   * @param database the database (name, key, URL)
   * @param verifiers the verifiers of its key
   */
  record Database(SumdbConfig config, SumdbConfig.Database database, Verifiers verifiers) {}
}
