package dev.sumdb4j.tlog.checkpoint;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.internal.Codecs;
import dev.sumdb4j.tlog.tile.Tile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a data tile ({@code tile/<H>/data/<NNN>[.p/<W>]}) as sum.golang.org serves it:
 * for each of the tile's W records, its record text followed by one blank line, concatenated,
 * with no record ids. (x/mod servers before October 2024 put an id line before each text; such a
 * tile parses, but its texts then include the id line and do not hash to the log's leaf hashes.)
 */
public final class DataTile {
  private DataTile() {}

  /**
   * Splits the data of {@code tile} into exactly {@code tile.width()} record texts, each checked
   * by {@link RecordText}.
   *
   * @param source names the data in error messages (a path or URL)
   * @param tile the data tile (level -1)
   * @param data the tile's content
   * @throws IllegalArgumentException if {@code tile} is not a data tile (level -1)
   * @throws MalformedInputException naming {@code source}, the record id and the byte offset: an
   *     invalid record, too few records, or data after the last record
   * @return the {@code tile.width()} record texts, in order
   */
  public static List<String> parse(String source, Tile tile, byte[] data) throws MalformedInputException {
    if (tile.level() != -1) {
      throw new IllegalArgumentException("not a data tile: " + tile.path());
    }
    long first = tile.index() << tile.height();
    List<String> out = new ArrayList<>(tile.width());
    int start = 0;
    for (int i = 0; i < tile.width(); i++) {
      long id = first + i;
      if (start >= data.length) {
        throw new MalformedInputException(source, start, "data tile " + tile.path() + " has " + i
            + " records, want " + tile.width() + " (record " + id + " missing)");
      }
      int end = -1; // just after the record text's final newline
      for (int j = start; j + 1 < data.length; j++) {
        if (data[j] == '\n' && data[j + 1] == '\n') {
          end = j + 1;
          break;
        }
      }
      if (end < 0) {
        throw new MalformedInputException(source, data.length, "record " + id + " (#" + i
            + " in " + tile.path() + ") is not followed by a blank line");
      }
      MalformedInputException e = RecordText.problem(source, "record " + id + " (#" + i + " in "
          + tile.path() + ")", data, start, end);
      if (e != null) {
        throw e;
      }
      out.add(new String(data, start, end - start, StandardCharsets.UTF_8));
      start = end + 1;
    }
    if (start != data.length) {
      throw new MalformedInputException(source, start, "data tile " + tile.path() + " has "
          + (data.length - start) + " bytes after its " + tile.width() + " records");
    }
    return List.copyOf(out);
  }

  /**
   * {@return the data tile content for {@code recordTexts}: each text followed by a newline}
   *
   * @param recordTexts record texts, each valid (see {@link RecordText})
   * @throws IllegalArgumentException if a text is not valid record text
   */
  public static byte[] format(List<String> recordTexts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String t : recordTexts) {
      byte[] b = Utf8.encodeOrNull(t);
      if (b == null || !RecordText.isValid(b)) {
        throw new IllegalArgumentException("invalid record text " + Codecs.quote(t));
      }
      out.writeBytes(b);
      out.write('\n');
    }
    return out.toByteArray();
  }
}
