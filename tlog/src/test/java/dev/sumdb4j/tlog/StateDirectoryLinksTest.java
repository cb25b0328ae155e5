package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.note.Verifiers;
import dev.sumdb4j.testdata.SpecialFiles;
import dev.sumdb4j.tlog.audit.MirrorDir;
import dev.sumdb4j.tlog.proxyaudit.AuditState;
import dev.sumdb4j.tlog.testlog.TestLog;
import dev.sumdb4j.tlog.watch.CheckpointHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock files of the state directories ({@code audit watch}, {@code audit proxy}, {@code audit
 * verify}) planted as a FIFO (opening it for writing blocked for ever) or as a link (the lock was
 * created through it): refused at once, nothing made outside the directory.
 */
class StateDirectoryLinksTest {
  @TempDir Path tmp;

  /** Opens the state in {@code dir}; closes what it opened. */
  interface Opener {
    void open(Path dir) throws Exception;
  }

  private void refusesFifoAndLink(String lockFile, Opener opener) throws Exception {
    Path fifoDir = Files.createDirectories(tmp.resolve("fifo-" + lockFile));
    SpecialFiles.fifo(fifoDir.resolve(lockFile));
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(IOException.class, () -> opener.open(fifoDir)), lockFile + " FIFO: hung");
    assertTrue(e.getMessage().contains("special file"), e.getMessage());

    Path linkDir = Files.createDirectories(tmp.resolve("link-" + lockFile));
    Path victim = tmp.resolve("victim-" + lockFile);
    Files.createSymbolicLink(linkDir.resolve(lockFile), victim);
    e = assertThrows(IOException.class, () -> opener.open(linkDir));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), lockFile + ": a file was created through the link");
  }

  @Test
  void watchHistory_lockFileFifoOrLink_refused() throws Exception {
    Verifiers key = Verifiers.of(TestLog.create("watch.example", 8).verifierKey());
    refusesFifoAndLink(CheckpointHistory.LOCK_FILE, dir -> CheckpointHistory.open(dir, key, Duration.ZERO).close());
  }

  @Test
  void auditProxyState_lockFileFifoOrLink_refused() throws Exception {
    refusesFifoAndLink(AuditState.LOCK_FILE, dir -> AuditState.open(dir).close());
  }

  @Test
  void mirrorState_lockFileFifoOrLink_refused() throws Exception {
    refusesFifoAndLink("lock", dir -> MirrorDir.lockState(dir).close());
  }
}
