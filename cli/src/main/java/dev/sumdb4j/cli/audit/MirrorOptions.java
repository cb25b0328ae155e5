package dev.sumdb4j.cli.audit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.tlog.audit.MirrorDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every audit command that works on a mirror (a picocli mixin): where it is, whose log. */
final class MirrorOptions {
  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the mirror directory")
  Path dir;

  @Option(names = "--key", paramLabel = "KEY", defaultValue = AuditCommand.SUM_GOLANG_ORG_KEY,
      description = "the log's verifier key (default: sum.golang.org's)")
  String key;

  /** The mirror directory. */
  MirrorDir mirror() {
    return MirrorDir.at(dir);
  }

  /** The verifiers of {@code --key}. */
  Verifiers verifiers() throws MalformedInputException {
    return AuditCommand.verifiers(key);
  }
}
