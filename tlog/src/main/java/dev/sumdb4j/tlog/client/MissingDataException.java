package dev.sumdb4j.tlog.client;

import java.io.IOException;
import java.util.List;

/**
 * Offline, the local cache lacks data needed to answer: {@link #missing()} names every missing
 * lookup ({@code lookup/<escaped path>@<escaped version>}) and tile ({@code tile/...}), not just
 * the first. Going online (or warming the cache) fixes it.
 */
public class MissingDataException extends IOException {
  private final List<String> missing;

  /**
   * Creates the exception naming every item in {@code missing}.
   *
   * @param missing the cache names of the missing items
   */
  public MissingDataException(List<String> missing) {
    super(message(missing));
    this.missing = List.copyOf(missing);
  }

  private static String message(List<String> missing) {
    StringBuilder b = new StringBuilder("offline and not in the cache: ");
    b.append(missing.size()).append(missing.size() == 1 ? " item: " : " items: ");
    b.append(String.join(", ", missing));
    return b.toString();
  }

  /** {@return the cache names of the missing items, in a stable order} */
  public List<String> missing() {
    return missing;
  }
}
