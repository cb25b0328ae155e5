package dev.sumdb4j.dirhash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Hash1;
import dev.sumdb4j.internal.ZipArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target of the module zip hash (FUZZING.md): any bytes as a zip file hash as {@code h1:} or
 * fail with MalformedInputException (IOException only if the file cannot be read), the same whether
 * the zip is read whole or at offsets. Content is capped low so that a zip bomb is refused quickly.
 */
class DirHashFuzzTest {
  private static final Path ZIP = tempZip();

  private static Path tempZip() {
    try {
      Path p = Files.createTempFile("dirhash-fuzz", ".zip");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void hashZip(byte[] zip) throws IOException {
    Files.write(ZIP, zip);
    String h;
    try {
      h = DirHash.hashZip(ZIP, 1 << 20);
    } catch (MalformedInputException e) {
      h = "error: " + e.getMessage();
    }
    assertTrue(h.startsWith("error: ") || h.length() == 47 && h.startsWith("h1:"), h);
    assertEquals(h, atOffsets(), "read whole and read at offsets disagree");
  }

  /** The same hash with the zip read at offsets (as files over 256 KiB are), or the same error. */
  private static String atOffsets() throws IOException {
    try (ZipArchive z = ZipArchive.open(ZIP, ZipArchive.MAX_FILE_BYTES, ZipArchive.MAX_ENTRIES, 0)) {
      return Hash1.hashZip(z, ZIP.toString(), 1 << 20);
    } catch (MalformedInputException e) {
      return "error: " + e.getMessage();
    }
  }
}
