package dev.sumdb4j.tlog.client;

import java.io.IOException;

/**
 * A local state file, such as the stored latest signed tree ({@code $GOPATH/pkg/sumdb/<name>/latest}),
 * fails its checks: it was checked before it was written, so it was damaged (cut short, edited) on
 * this machine. It is not an answer from the database. {@link #file()} names it; the message says
 * how to recover.
 */
public class DamagedStateException extends IOException {
  private final String file;

  /** Creates the exception for {@code file} (a path, or a description if there is none) and {@code reason}. */
  public DamagedStateException(String file, String reason, Throwable cause) {
    super(file + ": local state is damaged: " + reason + " (it was checked when written, so it changed on"
        + " this machine; not an answer from the checksum database. Move it aside and run online: a"
        + " fresh signed tree is fetched and trusted on first use)", cause);
    this.file = file;
  }

  /** The damaged file. */
  public String file() {
    return file;
  }
}
