package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.cosignature.CosignatureSigner;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j key generate NAME}: makes a signed-note key pair. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Manages signed-note keys.",
    subcommands = {KeyCommand.Generate.class})
public final class KeyCommand extends GroupCommand {
  /** {@code key generate [--cosignature] NAME}. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {
        "Generates a new Ed25519 key named NAME and prints the signer key (PRIVATE+KEY+..., keep it"
            + " secret) on the first line and the verifier key on the second.",
        "With --cosignature, the key is a C2SP tlog-cosignature (type 0x04) witness key."})
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the key name, e.g. example.com/log")
    String name;

    @Option(names = "--cosignature", description = "make a witness cosignature key (type 0x04)")
    boolean cosignature;

    @Option(names = "--json", description = "print a JSON document (version 1) instead of two lines")
    boolean json;

    @Override
    public Integer call() throws Exception {
      String signer;
      String verifier;
      SecureRandom random = new SecureRandom();
      if (cosignature) {
        CosignatureSigner k = CosignatureSigner.generate(name, random);
        signer = k.format();
        verifier = k.verifier().toString();
      } else {
        SignerKey k = SignerKey.generate(name, random);
        signer = k.format();
        verifier = k.verifierKey().toString();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("name", name);
        doc.put("type", cosignature ? "cosignature" : "ed25519");
        doc.put("signerKey", signer);
        doc.put("verifierKey", verifier);
        Output.print(out, doc);
      } else {
        out.println(signer);
        out.println(verifier);
        out.flush();
      }
      return ExitCodes.OK;
    }
  }
}
