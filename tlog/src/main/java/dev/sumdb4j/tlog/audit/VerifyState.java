package dev.sumdb4j.tlog.audit;

import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.internal.RegularFiles;
import dev.sumdb4j.tlog.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The progress of {@code audit verify}, saved (atomically) after every chunk so a killed run
 * resumes: the tree being checked, the index's bucket count, and the chunks done.
 */
final class VerifyState {
  private final Path file;
  final Tree tree;
  final int buckets;
  final int chunks;
  private final BitSet done;

  VerifyState(Path file, Tree tree, int buckets, int chunks, BitSet done) {
    this.file = file;
    this.tree = tree;
    this.buckets = buckets;
    this.chunks = chunks;
    this.done = done;
  }

  /** Loads the state for {@code tree}, or returns null if absent, unreadable or for another tree. */
  static VerifyState loadFor(Path file, Tree tree, int buckets, int chunks) throws IOException {
    byte[] b;
    try {
      // four short lines; the last is the base64 of one bit a chunk
      b = MirrorDir.readOrNull(file, 1024 + (chunks / 8 + 3) / 3 * 4);
    } catch (RegularFiles.IrregularFileException e) {
      return null; // not a state this class wrote: start again (the run moves the directory aside)
    }
    if (b == null) {
      return null;
    }
    String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
    if (lines.length != 4 || !lines[0].equals("tree " + tree.size() + " " + tree.hash())
        || !lines[1].equals(bucketsLine(buckets)) || !lines[2].equals("chunks " + chunks)
        || !lines[3].startsWith("done ")) {
      return null;
    }
    byte[] bits = Codecs.decodeBase64OrNull(lines[3].substring(5));
    if (bits == null) {
      return null;
    }
    return new VerifyState(file, tree, buckets, chunks, BitSet.valueOf(bits));
  }

  /** The index's shape; a state from a version with other entries is not resumed. */
  private static String bucketsLine(int buckets) {
    return "buckets " + buckets + " of " + DuplicateIndex.ENTRY + "-byte entries";
  }

  synchronized boolean isDone(int chunk) {
    return done.get(chunk);
  }

  synchronized int doneCount() {
    return done.cardinality();
  }

  private long lastSave = System.nanoTime();

  /**
   * Marks {@code chunk} done, saving at most once a second (a chunk done but not saved is checked
   * again after a crash, which is harmless: its index entries and problems are the same).
   */
  synchronized void markDone(int chunk) throws IOException {
    done.set(chunk);
    if (System.nanoTime() - lastSave > 1_000_000_000L) {
      save();
    }
  }

  synchronized void save() throws IOException {
    lastSave = System.nanoTime();
    String text = "tree " + tree.size() + " " + tree.hash() + "\n" + bucketsLine(buckets) + "\nchunks "
        + chunks + "\ndone " + Codecs.base64(done.toByteArray()) + "\n";
    Files.createDirectories(file.getParent());
    MirrorDir.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
