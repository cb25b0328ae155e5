package dev.sumdb4j.tlog.client;

import dev.sumdb4j.LocalStateException;
import java.nio.file.Path;
import java.util.List;

/**
 * A local state file, such as the stored latest signed tree ({@code $GOPATH/pkg/sumdb/<name>/latest}),
 * fails its checks: it was checked before it was written, so it was damaged (cut short, edited) on
 * this machine. It is not an answer from the database. {@link #file()} names it; the message says
 * how to recover.
 */
public class DamagedStateException extends LocalStateException {
  private final String file;

  /**
   * Creates the exception for the damaged {@code file} and {@code reason}.
   *
   * @param file the damaged file
   * @param reason what is wrong with it
   * @param cause the underlying exception, or null
   */
  public DamagedStateException(Path file, String reason, Throwable cause) {
    this(file.toString(), List.of(file), reason, cause);
  }

  /**
   * Creates the exception for state not kept in a file, described by {@code what}.
   *
   * @param what what the state is
   * @param reason what is wrong with it
   * @param cause the underlying exception, or null
   */
  public DamagedStateException(String what, String reason, Throwable cause) {
    this(what, List.of(), reason, cause);
  }

  private DamagedStateException(String file, List<Path> paths, String reason, Throwable cause) {
    super(file + ": local state is damaged: " + reason + " (it was checked when written, so it changed on"
        + " this machine; not an answer from the checksum database. Move it aside and run online: a"
        + " fresh signed tree is fetched and trusted on first use)", paths, cause);
    this.file = file;
  }

  /** {@return the damaged file (or what the state is, when it is not kept in a file)} */
  public String file() {
    return file;
  }
}
