package dev.sumdb4j.tlog.audit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Generated logs for other modules' tests (the CLI's): a mirror on disk or a loopback server. */
public final class AuditFixtures {
  private AuditFixtures() {}

  /** A running loopback log server. */
  public interface Server extends AutoCloseable {
    URI uri();

    @Override
    void close();
  }

  /** Returns the verifier key the generated logs are signed with. */
  public static String verifierKey() {
    return GeneratedLog.KEY.toString();
  }

  /** Writes a generated mirror of {@code size} records into {@code dir}. */
  public static void writeMirror(Path dir, long size) throws IOException {
    GeneratedLog.of(size, 11).view().writeMirror(dir);
  }

  /** Returns the text of record {@code id} of the log {@link #writeMirror} and {@link #serve} use. */
  public static String record(long size, long id) {
    return new String(GeneratedLog.of(size, 11).record(id), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Serves a generated log of {@code size} records on 127.0.0.1. */
  public static Server serve(long size) throws IOException {
    LogServer s = new LogServer(GeneratedLog.of(size, 11).view());
    return new Server() {
      @Override
      public URI uri() {
        return s.uri();
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }
}
