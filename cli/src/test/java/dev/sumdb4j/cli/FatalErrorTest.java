package dev.sumdb4j.cli;

import dev.sumdb4j.cli.common.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** An Error that ends a command (e.g. OutOfMemoryError from a worker) is exit 4 and one line. */
class FatalErrorTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new OutOfMemoryError("test: Java heap space");
    }
  }

  @Test
  void errorInCommand_exit4_oneLine() {
    CommandLine cl = Main.commandLine(new Main(Map.of()));
    cl.addSubcommand("boom", new Boom());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cl.execute("boom");
    assertEquals(ExitCodes.UNAVAILABLE, exit, err::toString);
    assertEquals("sumdb4j: aborted by a fatal error: java.lang.OutOfMemoryError: test: Java heap space"
        + " (nothing was verified)", err.toString().strip());
  }
}
