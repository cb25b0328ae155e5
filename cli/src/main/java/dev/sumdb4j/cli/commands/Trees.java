package dev.sumdb4j.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.tlog.client.SignedTree;

/** How the commands show a signed tree. */
final class Trees {
  private Trees() {}

  /** {@code tree 123 (hash <base64>)}, or {@code no tree} for the empty tree. */
  static String describe(SignedTree t) {
    return t == null || t.isEmpty() ? "no tree" : "tree " + t.size() + " (hash " + t.hash() + ")";
  }

  /** Puts {@code {"size", "hash", "note"}} (or null for none) at {@code field}. */
  static void put(ObjectNode doc, String field, SignedTree t) {
    if (t == null || t.isEmpty()) {
      doc.putNull(field);
      return;
    }
    ObjectNode o = doc.putObject(field);
    o.put("size", t.size());
    o.put("hash", t.hash().toString());
    o.put("note", t.noteText());
  }
}
