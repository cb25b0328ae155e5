package dev.sumdb4j.tlog.cache;

import java.nio.file.Path;

/**
 * A child process for {@link DiskStoreTest}: increments the counter in {@code latest} by
 * compare-and-swap. Arguments: GOPATH, database name, increments, filler size.
 */
public final class CasWorker {
  private CasWorker() {}

  public static void main(String[] args) throws Exception {
    DiskStore store = DiskStore.inGopath(Path.of(args[0]), args[1]);
    int n = Integer.parseInt(args[2]);
    int filler = Integer.parseInt(args[3]);
    for (int i = 0; i < n; i++) {
      SumdbStoreContract.increment(store, filler);
    }
    System.out.println("done " + n);
  }
}
