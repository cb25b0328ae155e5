package dev.sumdb4j.tlog.cache;

class MemoryStoreTest extends SumdbStoreContract {
  @Override
  protected SumdbStore newStore() {
    return new MemoryStore();
  }
}
