package dev.sumdb4j.cli.commands;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --evidence-out} option of commands that may catch the database signing a fork. */
final class EvidenceOption {
  @Option(names = "--evidence-out", paramLabel = "FILE", defaultValue = "sumdb4j-evidence.json",
      description = "where to write the JSON evidence if the database is caught signing"
          + " inconsistent trees (default: ${DEFAULT-VALUE})")
  Path file = Path.of("sumdb4j-evidence.json");
}
