package dev.sumdb4j.tlog.audit;

import java.util.List;

/**
 * A module version logged in more than one record: the go.sum database must log each once.
 *
 * @param moduleVersion {@code path@version}
 * @param recordIds the ids of the records logging it, ascending (two or more)
 */
public record Duplicate(String moduleVersion, List<Long> recordIds) {
  /**
   * Copies the ids.
   *
   * @param moduleVersion {@code path@version}
   * @param recordIds the ids of the records logging it, ascending (two or more)
   */
  public Duplicate {
    recordIds = List.copyOf(recordIds);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(moduleVersion).append(" logged ").append(recordIds.size())
        .append(" times: records");
    for (long id : recordIds) {
      b.append(' ').append(id);
    }
    return b.toString();
  }
}
