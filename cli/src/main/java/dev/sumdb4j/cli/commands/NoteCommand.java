package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.cli.common.ExitCodes;
import dev.sumdb4j.cli.common.UserInputException;
import dev.sumdb4j.internal.NewFiles;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.NoteSignature;
import dev.sumdb4j.note.NoteSigner;
import dev.sumdb4j.note.NoteVerifier;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.note.UnverifiedNoteException;
import dev.sumdb4j.note.VerifierKey;
import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.note.cosignature.CosignatureSigner;
import dev.sumdb4j.note.cosignature.CosignatureVerifier;
import dev.sumdb4j.tlog.config.SumdbConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumdb4j note verify|sign}: checks and makes signed notes (checkpoints). */
@Command(
    name = "note",
    mixinStandardHelpOptions = true,
    description = "Verifies and signs signed notes (such as checkpoints of the checksum database).",
    subcommands = {NoteCommand.Verify.class, NoteCommand.Sign.class})
public final class NoteCommand extends GroupCommand {
  /** Parses a verifier key: an Ed25519 note key (type 0x01) or a witness cosignature key (0x04). */
  static NoteVerifier parseVerifier(String arg) throws IOException, UserInputException {
    Output.KeyText key = Output.keyText(arg);
    String text = key.text();
    try {
      return VerifierKey.parse(text);
    } catch (MalformedInputException e) {
      try {
        return CosignatureVerifier.parse(text);
      } catch (MalformedInputException e2) {
        // the parser's message may quote the text: for a key file, say only where it came from
        throw key.file() == null ? new UserInputException("invalid verifier key " + key.describe(), e)
            : new UserInputException("invalid verifier key " + key.describe());
      }
    }
  }

  /** {@code note verify [--key VKEY]... FILE}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Opens the signed note FILE with the verifier keys and lists which signatures verified (with"
            + " each cosignature's timestamp) and which are by unknown keys.",
        "Exit code 0 if at least one signature verified; 3 if a signature by a known key is invalid"
            + " or no signature is by a known key; 2 if the note or a key is malformed."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", paramLabel = "VKEY",
        description = "a verifier key (Ed25519 or cosignature), or @FILE holding one; repeatable"
            + " (default: sum.golang.org's key)")
    List<String> keys = new ArrayList<>();

    @Option(names = "--json", description = "print a JSON document (version 1) instead of text")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "the signed note")
    Path file;

    @Override
    public Integer call() throws Exception {
      List<NoteVerifier> verifiers = new ArrayList<>();
      for (String k : keys.isEmpty() ? List.of(SumdbConfig.SUM_GOLANG_ORG_KEY) : keys) {
        verifiers.add(parseVerifier(k));
      }
      byte[] message = Output.read(file, "note file", Output.MAX_NOTE_FILE_BYTES);
      Note note;
      int exit = ExitCodes.OK;
      String failure = null;
      try {
        note = Note.open(file.toString(), message, Verifiers.of(verifiers));
      } catch (UnverifiedNoteException e) {
        note = e.note();
        exit = ExitCodes.SECURITY;
        failure = "no signature is by a known key: the note is not verified";
      }
      print(note, verifiers, failure, exit);
      return exit;
    }

    private void print(Note note, List<NoteVerifier> verifiers, String failure, int exit) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode doc = Output.document();
        doc.put("file", file.toString());
        doc.put("text", note.text());
        ArrayNode v = doc.putArray("verified");
        for (NoteSignature s : note.signatures()) {
          ObjectNode o = v.addObject();
          o.put("name", s.name());
          o.put("keyId", s.keyId().toString());
          OptionalLong t = timestamp(note, s, verifiers);
          o.put("type", t.isPresent() ? "cosignature" : "ed25519");
          if (t.isPresent()) {
            o.put("timestamp", t.getAsLong());
            o.put("time", Instant.ofEpochSecond(t.getAsLong()).toString());
          }
        }
        ArrayNode u = doc.putArray("unverified");
        for (NoteSignature s : note.unverifiedSignatures()) {
          u.addObject().put("name", s.name()).put("keyId", s.keyId().toString());
        }
        doc.put("message", failure);
        doc.put("exitCode", exit);
        Output.print(out, doc);
      } else {
        for (NoteSignature s : note.signatures()) {
          OptionalLong t = timestamp(note, s, verifiers);
          out.println("verified " + s.name() + " " + s.keyId()
              + (t.isPresent() ? " cosigned at " + Instant.ofEpochSecond(t.getAsLong()) + " (" + t.getAsLong() + ")" : ""));
        }
        for (NoteSignature s : note.unverifiedSignatures()) {
          out.println("unverified " + s.name() + " " + s.keyId() + " (unknown key)");
        }
        out.flush();
      }
      if (failure != null) {
        spec.commandLine().getErr().println("sumdb4j: " + file + ": " + failure);
        spec.commandLine().getErr().flush();
      }
    }

    private static OptionalLong timestamp(Note note, NoteSignature s, List<NoteVerifier> verifiers) {
      for (NoteVerifier v : verifiers) {
        if (v instanceof CosignatureVerifier c && c.name().equals(s.name()) && c.keyId().equals(s.keyId())) {
          return c.timestamp(note);
        }
      }
      return OptionalLong.empty();
    }
  }

  /** {@code note sign --key SKEY FILE}. */
  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {
        "Signs FILE with the signer key and prints the signed note. FILE is the note text (ending in"
            + " a newline) or a signed note, whose signatures are kept (a new signature by the same key"
            + " replaces the old one).",
        "A cosignature key (type 0x04) adds a timestamped witness cosignature."})
  static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "SKEY",
        description = "the signer key PRIVATE+KEY+..., or @FILE holding it (safer: not in the process list)")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
        description = "write the signed note to the new file OUT, not stdout (an existing file or link is not replaced)")
    Path output;

    @Parameters(paramLabel = "FILE", description = "the note text or signed note")
    Path file;

    @Override
    public Integer call() throws Exception {
      NoteSigner signer = parseSigner(Output.keyText(key).text());
      byte[] content = Output.read(file, "note file", Output.MAX_NOTE_FILE_BYTES);
      Note note = parse(content);
      byte[] signed = Note.sign(note, signer);
      if (output != null) {
        try {
          NewFiles.writeExclusive(output, signed);
        } catch (FileAlreadyExistsException e) {
          throw new UserInputException(output + " exists: not replacing it (remove it or name another -o file)");
        }
      } else {
        PrintWriter out = spec.commandLine().getOut();
        out.print(new String(signed, StandardCharsets.UTF_8));
        out.flush();
      }
      return ExitCodes.OK;
    }

    private Note parse(byte[] content) throws SumdbException, UserInputException {
      try {
        Note.open(file.toString(), content, Verifiers.of());
        throw new AssertionError("bad math: a note opened with no keys");
      } catch (UnverifiedNoteException e) {
        return e.note(); // a signed note: keep its signatures
      } catch (MalformedInputException e) {
        // not a signed note: the whole file is the text
      }
      String text = new String(content, StandardCharsets.UTF_8);
      if (!text.endsWith("\n") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), content)) {
        throw new UserInputException(file + ": note text must be UTF-8 and end in a newline");
      }
      return Note.of(text);
    }

    private static NoteSigner parseSigner(String text) throws UserInputException {
      try {
        return SignerKey.parse(text);
      } catch (MalformedInputException e) {
        try {
          return CosignatureSigner.parse(text);
        } catch (MalformedInputException e2) {
          throw new UserInputException("invalid signer key (its text is not shown)", e);
        }
      }
    }
  }
}
